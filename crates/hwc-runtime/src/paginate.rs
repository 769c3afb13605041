//! Offset/limit pagination: walks pages by advancing `offset` by the number of records
//! received, until a page is empty or `count` records have been seen.

use std::future::Future;

use futures_core::Stream;
use futures_util::{StreamExt, TryStreamExt, stream};

/// Implemented by generated fluent builders of paged operations.
pub trait OffsetPaged: Sized + Send + 'static {
    /// One response.
    type Page: Send + 'static;
    /// One record.
    type Item: Send + 'static;
    /// The operation's error.
    type Error: Send + 'static;

    /// The offset this request starts at (0 when unset).
    fn start_offset(&self) -> i64;
    /// A copy of the request asking for `offset`.
    fn at_offset(&self, offset: i64) -> Self;
    /// Sends the request.
    fn fetch(self) -> impl Future<Output = Result<Self::Page, Self::Error>> + Send;
    /// Records in a page.
    fn page_len(page: &Self::Page) -> usize;
    /// The total the service reported, if any.
    fn total(page: &Self::Page) -> Option<i64>;
    /// Takes the records out of a page.
    fn into_items(page: Self::Page) -> Vec<Self::Item>;
}

/// A stream of pages or records over an [`OffsetPaged`] request.
#[derive(Debug)]
#[must_use = "a paginator does nothing until its stream is polled"]
pub struct Paginator<B> {
    first: B,
}

impl<B: OffsetPaged> Paginator<B> {
    /// Pages from `first`'s offset onwards.
    pub fn new(first: B) -> Self {
        Paginator { first }
    }

    /// Every page, in order; stops after the first error.
    pub fn pages(self) -> impl Stream<Item = Result<B::Page, B::Error>> + Send {
        let start = self.first.start_offset();
        stream::try_unfold((Some(self.first), start), |(next, offset)| async move {
            let Some(req) = next else { return Ok(None) };
            let page = req.at_offset(offset).fetch().await?;
            let n = B::page_len(&page);
            let next_offset = offset.saturating_add(n as i64);
            let more = n > 0 && B::total(&page).is_none_or(|t| next_offset < t);
            let next = more.then_some(req);
            Ok(Some((page, (next, next_offset))))
        })
    }

    /// Every record of every page, in order.
    pub fn items(self) -> impl Stream<Item = Result<B::Item, B::Error>> + Send {
        self.pages()
            .map_ok(|p| stream::iter(B::into_items(p).into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}
