//! Pagination for the three ways Huawei Cloud lists page: an item offset (`offset`, or a
//! 1-based `start`), a page number (`page`, `page_no`, an `offset` the page calls 页码), and a
//! marker (the id of the last record received). The stream ends on an empty page, on the
//! total the service reported, or, for markers, when there is no next marker; a page that
//! makes no progress (the same records again, the same marker again) ends it with
//! [`Error::Pagination`] instead of looping.

use std::fmt;
use std::future::Future;

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::error::Error;

/// How a paged operation asks for the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Style {
    /// The request names the index of the first record it wants; `base` is the index of the
    /// first record of the list (0 for `offset`, 1 for a `start` counted from 1).
    Offset {
        /// Index of the list's first record.
        base: i64,
    },
    /// The request names a page number; `first` is the number of the first page.
    PageNumber {
        /// Number of the first page.
        first: i64,
    },
    /// The request names the last record received (or a marker the page hands out).
    Marker,
}

/// Where a request starts: a number (offset or page) or a marker.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Position {
    /// An item offset or page number, per [`Style`].
    Number(i64),
    /// A marker.
    Marker(String),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Number(n) => write!(f, "{n}"),
            Position::Marker(m) => write!(f, "marker {m:?}"),
        }
    }
}

/// Implemented by the generated fluent builders of paged operations.
pub trait Paged: Clone + Send + Sync + 'static {
    /// One response.
    type Page: Send + 'static;
    /// One record.
    type Item: Clone + PartialEq + Send + 'static;
    /// The operation's error kind.
    type Kind: Send + 'static;

    /// How this operation pages.
    const STYLE: Style;

    /// How this request pages: [`Paged::STYLE`], unless the request knows only at run time
    /// (an operation described by data, [`crate::table::RawPager`]).
    fn style(&self) -> Style {
        Self::STYLE
    }

    /// Where this request starts, when the caller set it.
    fn position(&self) -> Option<Position>;
    /// A copy of the request asking for the page at `position`.
    fn at(&self, position: &Position) -> Self;
    /// Sends the request.
    fn fetch(self) -> impl Future<Output = Result<Self::Page, Error<Self::Kind>>> + Send;
    /// The records of a page.
    fn items(page: &Self::Page) -> &[Self::Item];
    /// Takes the records out of a page.
    fn into_items(page: Self::Page) -> Vec<Self::Item>;
    /// The total number of records the service reported, if it did.
    fn total(_page: &Self::Page) -> Option<i64> {
        None
    }
    /// For [`Style::Marker`]: the marker of the page after `page` (the one the service handed
    /// out, or the id of its last record).
    fn next_marker(_page: &Self::Page) -> Option<String> {
        None
    }
}

/// A page that did not move the listing forward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationError {
    position: String,
    reason: &'static str,
}

impl PaginationError {
    /// Where the listing stood.
    pub fn position(&self) -> &str {
        &self.position
    }
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "pagination made no progress at {}: {}",
            self.position, self.reason
        )
    }
}

impl std::error::Error for PaginationError {}

struct State<B: Paged> {
    next: Option<B>,
    position: Option<Position>,
    /// Whether the walk started at the beginning of the list (so `seen` counts from there).
    from_start: bool,
    seen: i64,
    largest: usize,
    previous: Option<Vec<B::Item>>,
}

fn stuck<K>(position: &Option<Position>, reason: &'static str) -> Error<K> {
    let position = position
        .as_ref()
        .map_or_else(|| "the first page".to_owned(), ToString::to_string);
    Error::Pagination(Box::new(PaginationError { position, reason }))
}

async fn step<B: Paged>(mut st: State<B>) -> Result<Option<(B::Page, State<B>)>, Error<B::Kind>> {
    let Some(req) = st.next.take() else {
        return Ok(None);
    };
    let page = match &st.position {
        Some(p) => req.at(p).fetch().await?,
        None => req.clone().fetch().await?,
    };
    let items = B::items(&page);
    let n = items.len();
    if n == 0 {
        return Ok(Some((page, st)));
    }
    if st.previous.as_deref() == Some(items) {
        return Err(stuck(
            &st.position,
            "the page repeats the previous page's records",
        ));
    }
    st.seen = st.seen.saturating_add(n as i64);
    let total = B::total(&page);
    let number = |st: &State<B>, default: i64| match &st.position {
        Some(Position::Number(i)) => *i,
        _ => default,
    };
    let (next, last) = match req.style() {
        Style::Offset { base } => {
            let next = number(&st, base).saturating_add(n as i64);
            let last = total.is_some_and(|t| next.saturating_sub(base) >= t);
            (Some(Position::Number(next)), last)
        }
        Style::PageNumber { first } => {
            let next = number(&st, first).saturating_add(1);
            // Pages are equally long but the last: a shorter one ends the list.
            let last = (st.from_start && total.is_some_and(|t| st.seen >= t)) || n < st.largest;
            (Some(Position::Number(next)), last)
        }
        Style::Marker => match B::next_marker(&page) {
            Some(m) if st.position.as_ref() == Some(&Position::Marker(m.clone())) => {
                return Err(stuck(&st.position, "the next marker is the one just used"));
            }
            Some(m) => (Some(Position::Marker(m)), false),
            None => (None, true),
        },
    };
    st.largest = st.largest.max(n);
    st.previous = Some(items.to_vec());
    if !last {
        st.next = Some(req);
        st.position = next;
    }
    Ok(Some((page, st)))
}

/// A stream of pages or records over a [`Paged`] request.
#[derive(Debug)]
#[must_use = "a paginator does nothing until its stream is polled"]
pub struct Paginator<B> {
    first: B,
}

impl<B: Paged> Paginator<B> {
    /// Pages from `first`'s position onwards.
    pub fn new(first: B) -> Self {
        Paginator { first }
    }

    /// Every page, in order; ends after the first error. The stream is `Unpin`, so
    /// `futures_util::TryStreamExt::try_next` works on it directly.
    pub fn pages(self) -> BoxStream<'static, Result<B::Page, Error<B::Kind>>> {
        let given = self.first.position();
        let from_start = given.is_none();
        // The first page is asked for explicitly, as every later one is.
        let position = given.or(match self.first.style() {
            Style::Offset { base } => Some(Position::Number(base)),
            Style::PageNumber { first } => Some(Position::Number(first)),
            Style::Marker => None,
        });
        let st = State {
            from_start,
            position,
            next: Some(self.first),
            seen: 0,
            largest: 0,
            previous: None,
        };
        stream::try_unfold(st, step).boxed()
    }

    /// Every record of every page, in order.
    pub fn items(self) -> BoxStream<'static, Result<B::Item, Error<B::Kind>>> {
        self.pages()
            .map_ok(|p| stream::iter(B::into_items(p).into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}
