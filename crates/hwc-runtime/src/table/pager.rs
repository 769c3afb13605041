//! Paging over raw JSON: the library's [`crate::Paginator`] walking an operation described
//! by its table entry, for callers that hold the operation as data (the command line) and
//! want the records as the service sent them.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde_json::Value;

use super::{MarkerFrom, Operation, Paging, Ty, pointer};
use crate::{Error, ErrorKind, Paged, Position, RawResponse, Style};

/// Sends one input (`--cli-jsonInput` layout) and returns the raw response.
pub type SendJson = Arc<
    dyn Fn(Value) -> Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send>> + Send + Sync,
>;

/// The error kind of a raw page: every error status is unhandled (the response is kept in
/// the service error; its code is looked up in the catalogue by the caller).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawErrorKind;

impl fmt::Display for RawErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the service answered with an error status")
    }
}

impl std::error::Error for RawErrorKind {}

impl ErrorKind for RawErrorKind {
    fn unhandled() -> Self {
        RawErrorKind
    }
}

/// One page as JSON, its records and paging facts taken out by the table's paths.
#[derive(Debug, Clone, PartialEq)]
pub struct RawPage {
    /// The whole response body.
    pub body: Value,
    /// The records.
    pub items: Vec<Value>,
    total: Option<i64>,
    next_marker: Option<String>,
}

/// A paged operation's input, walked by [`crate::Paginator`].
#[derive(Clone)]
pub struct RawPager {
    op: &'static Operation,
    paging: Paging,
    input: Value,
    send: SendJson,
}

impl fmt::Debug for RawPager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawPager")
            .field("operation", &self.op.id)
            .field("input", &self.input)
            .finish_non_exhaustive()
    }
}

impl RawPager {
    /// A pager over `op` from `input`; `None` when the operation does not page.
    pub fn new(op: &'static Operation, input: Value, send: SendJson) -> Option<Self> {
        Some(RawPager {
            op,
            paging: op.paging?,
            input,
            send,
        })
    }

    fn position_ty(&self) -> Option<Ty> {
        self.op
            .param(super::Location::Query, self.paging.position)
            .map(|p| p.member.ty)
    }
}

fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Paged for RawPager {
    type Page = RawPage;
    type Item = Value;
    type Kind = RawErrorKind;
    /// Unused: [`Paged::style`] answers from the table.
    const STYLE: Style = Style::Marker;

    fn style(&self) -> Style {
        self.paging.style
    }

    fn position(&self) -> Option<Position> {
        let v = self.input.get("query")?.get(self.paging.position)?;
        match self.paging.style {
            Style::Marker => as_text(v).map(Position::Marker),
            _ => as_i64(v).map(Position::Number),
        }
    }

    fn at(&self, position: &Position) -> Self {
        let mut next = self.clone();
        let value = match (position, self.position_ty()) {
            (Position::Number(n), Some(Ty::String)) => Value::String(n.to_string()),
            (Position::Number(n), _) => Value::from(*n),
            (Position::Marker(m), _) => Value::String(m.clone()),
        };
        if !next.input.is_object() {
            next.input = Value::Object(serde_json::Map::new());
        }
        if let Value::Object(top) = &mut next.input {
            let query = top
                .entry("query")
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
            if let Value::Object(q) = query {
                q.insert(self.paging.position.to_owned(), value);
            }
        }
        next
    }

    fn fetch(self) -> impl Future<Output = Result<RawPage, Error<RawErrorKind>>> + Send {
        let paging = self.paging;
        let sent = (self.send)(self.input);
        async move {
            let raw = sent.await.map_err(Error::cast)?;
            if !(200..300).contains(&raw.status) {
                return Err(crate::de::unhandled_error(raw));
            }
            let body: Value = match serde_json::from_slice(&raw.body) {
                Ok(v) => v,
                Err(error) => {
                    return Err(Error::Decode(Box::new(crate::DecodeError {
                        status: raw.status,
                        headers: raw.headers,
                        body: raw.body,
                        path: String::new(),
                        error,
                    })));
                }
            };
            Ok(page(body, &paging))
        }
    }

    fn items(page: &RawPage) -> &[Value] {
        &page.items
    }

    fn into_items(page: RawPage) -> Vec<Value> {
        page.items
    }

    fn total(page: &RawPage) -> Option<i64> {
        page.total
    }

    fn next_marker(page: &RawPage) -> Option<String> {
        page.next_marker.clone()
    }
}

fn page(body: Value, paging: &Paging) -> RawPage {
    let items = match pointer(&body, paging.items) {
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    let total = paging
        .total
        .and_then(|t| pointer(&body, t))
        .and_then(as_i64);
    let next_marker = match paging.marker {
        Some(MarkerFrom::LastItem(name)) => {
            items.last().and_then(|i| i.get(name)).and_then(as_text)
        }
        Some(MarkerFrom::Page(path)) => pointer(&body, path).and_then(as_text),
        None => None,
    };
    RawPage {
        body,
        items,
        total,
        next_marker,
    }
}
