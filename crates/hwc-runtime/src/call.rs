//! The one call path every generated operation takes: build the HTTP form, apply the call's
//! options, execute (sign, send, retry), decode by status, attach the service's error-code
//! catalogue. A generated operation states only what is particular to it, through
//! [`Operation`] (and [`Pages`] when it pages).

use std::any::Any;

use crate::client::{Client, PreparedRequest};
use crate::error::{Error, ErrorKind, RawResponse};
use crate::paginate::{Paged, Position, Style};
use crate::request::{CallOptions, Request};
use crate::response::Response;

/// What a generated request type states about its operation.
pub trait Operation: Clone + Send + Sync + 'static {
    /// The decoded success body.
    type Output: Send + 'static;
    /// The operation's documented error responses.
    type Kind: ErrorKind + Send + 'static;

    /// The HTTP form of this request, not yet bound to an endpoint or signed.
    fn to_http(&self) -> Request;

    /// Decodes a success (2xx) response. The error statuses are decoded by
    /// [`ErrorKind::from_response`].
    fn output(raw: RawResponse) -> Result<Response<Self::Output>, Error<Self::Kind>>;
}

/// What a paged operation's request states about its paging: how it asks for a page and
/// where a page keeps its records.
pub trait Pages: Operation {
    /// One record.
    type Item: Clone + PartialEq + Send + 'static;

    /// How this operation pages.
    const STYLE: Style;

    /// Where this request starts, when the caller set it.
    fn position(&self) -> Option<Position>;
    /// Makes this request ask for the page at `position`.
    fn set_position(&mut self, position: &Position);
    /// The records of a page.
    fn items(page: &Self::Output) -> &[Self::Item];
    /// Takes the records out of a page.
    fn into_items(page: Self::Output) -> Vec<Self::Item>;
    /// The total number of records the service reported, if it did.
    fn total(_page: &Self::Output) -> Option<i64> {
        None
    }
    /// For [`Style::Marker`]: the marker of the page after `page`.
    fn next_marker(_page: &Self::Output) -> Option<String> {
        None
    }
}

/// One call of an operation: the client, the request and this call's options. Generated
/// fluent builders wrap one.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct Call<O> {
    client: Client,
    request: O,
    options: CallOptions,
}

impl<O: Operation> Call<O> {
    /// A call of `request` through `client`, with default options.
    pub fn new(client: Client, request: O) -> Self {
        Call {
            client,
            request,
            options: CallOptions::default(),
        }
    }

    /// Replaces this call's options.
    pub fn with_options(mut self, options: CallOptions) -> Self {
        self.options = options;
        self
    }

    /// The request as built so far.
    pub fn request(&self) -> &O {
        &self.request
    }

    /// The request as built so far, to change in place.
    pub fn request_mut(&mut self) -> &mut O {
        &mut self.request
    }

    /// Sends the request and decodes the response body.
    pub async fn send(self) -> Result<O::Output, Error<O::Kind>> {
        // Not through `send_with_metadata`: one level less of future, moved at every call.
        self.client
            .call(&self.request, &self.options)
            .await
            .map(Response::into_body)
    }

    /// Sends the request; the decoded body comes with the response's status and headers.
    pub async fn send_with_metadata(self) -> Result<Response<O::Output>, Error<O::Kind>> {
        self.client.call(&self.request, &self.options).await
    }
}

impl<O: Operation> Call<O> {
    /// The request exactly as [`Self::send`] would put it on the wire, signed but not sent.
    pub async fn prepare(&self) -> Result<PreparedRequest, Error<O::Kind>> {
        let mut http = self.request.to_http();
        self.options.apply(&mut http);
        self.client.prepare(http).await.map_err(Error::cast)
    }
}

impl Client {
    /// Sends `input` with `options` and decodes the answer by status; service errors look
    /// their code up in the service's catalogue. What every generated `send` comes down to.
    pub async fn call<O: Operation>(
        &self,
        input: &O,
        options: &CallOptions,
    ) -> Result<Response<O::Output>, Error<O::Kind>> {
        let mut http = input.to_http();
        options.apply(&mut http);
        let typed: &(dyn Any + Send + Sync) = input;
        let raw = self
            .execute_typed(&mut http, Some(typed))
            .await
            .map_err(Error::cast)?;
        decode::<O>(raw).map_err(|e| e.with_catalogue(self.service().catalogue))
    }
}

/// A success decodes as the operation's output; any other status is a service error whose
/// kind the operation's [`ErrorKind::from_response`] picks (or the unhandled kind).
fn decode<O: Operation>(raw: RawResponse) -> Result<Response<O::Output>, Error<O::Kind>> {
    if (200..300).contains(&raw.status) {
        return O::output(raw);
    }
    let status = raw.status;
    Err(crate::de::service_error(raw, |body| {
        O::Kind::from_response(status, body)
    }))
}

impl<O: Pages> Paged for Call<O> {
    type Page = O::Output;
    type Item = O::Item;
    type Kind = O::Kind;
    const STYLE: Style = O::STYLE;

    fn position(&self) -> Option<Position> {
        self.request.position()
    }

    fn at(&self, position: &Position) -> Self {
        let mut next = self.clone();
        next.request.set_position(position);
        next
    }

    fn fetch(self) -> impl Future<Output = Result<Self::Page, Error<Self::Kind>>> + Send {
        self.send()
    }

    fn items(page: &Self::Page) -> &[Self::Item] {
        O::items(page)
    }

    fn into_items(page: Self::Page) -> Vec<Self::Item> {
        O::into_items(page)
    }

    fn total(page: &Self::Page) -> Option<i64> {
        O::total(page)
    }

    fn next_marker(page: &Self::Page) -> Option<String> {
        O::next_marker(page)
    }
}
