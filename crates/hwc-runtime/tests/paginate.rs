//! The paginator over a scripted service: each style walks to the end, stops on the total,
//! and ends with an error, not a loop, when a page makes no progress.

use std::sync::{Arc, Mutex};

use futures_util::TryStreamExt;
use hwc_runtime::{Error, Paged, Paginator, Position, Style};

/// A page: records and an optional total and next marker.
#[derive(Debug, Clone, PartialEq)]
struct Page {
    items: Vec<String>,
    total: Option<i64>,
    next_marker: Option<String>,
}

/// A request whose "service" answers with `serve(position)` and logs each position asked.
#[derive(Clone)]
struct Req<const STYLE: u8> {
    position: Option<Position>,
    log: Arc<Mutex<Vec<Option<Position>>>>,
    serve: fn(&Option<Position>) -> Page,
}

const OFFSET: u8 = 0;
const PAGE: u8 = 1;
const MARKER: u8 = 2;

impl<const S: u8> Paged for Req<S> {
    type Page = Page;
    type Item = String;
    type Kind = std::convert::Infallible;
    const STYLE: Style = match S {
        OFFSET => Style::Offset { base: 0 },
        PAGE => Style::PageNumber { first: 1 },
        _ => Style::Marker,
    };

    fn position(&self) -> Option<Position> {
        self.position.clone()
    }

    fn at(&self, position: &Position) -> Self {
        Req {
            position: Some(position.clone()),
            ..self.clone()
        }
    }

    async fn fetch(self) -> Result<Page, Error<Self::Kind>> {
        self.log.lock().unwrap().push(self.position.clone());
        Ok((self.serve)(&self.position))
    }

    fn items(page: &Page) -> &[String] {
        &page.items
    }

    fn into_items(page: Page) -> Vec<String> {
        page.items
    }

    fn total(page: &Page) -> Option<i64> {
        page.total
    }

    fn next_marker(page: &Page) -> Option<String> {
        page.next_marker.clone()
    }
}

fn req<const S: u8>(serve: fn(&Option<Position>) -> Page) -> Req<S> {
    Req {
        position: None,
        log: Arc::default(),
        serve,
    }
}

fn page(items: &[&str], total: Option<i64>) -> Page {
    Page {
        items: items.iter().map(|s| s.to_string()).collect(),
        total,
        next_marker: None,
    }
}

fn number(p: &Option<Position>) -> i64 {
    match p {
        Some(Position::Number(n)) => *n,
        other => panic!("{other:?}"),
    }
}

/// Ten records `r0`..`r9`, two per page.
fn records(from: i64) -> Vec<&'static str> {
    const ALL: [&str; 10] = ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"];
    ALL.iter().skip(from as usize).take(2).copied().collect()
}

#[tokio::test]
async fn offset_walks_to_the_total_asking_each_offset_once() {
    let r = req::<OFFSET>(|p| page(&records(number(p)), Some(10)));
    let log = r.log.clone();
    let all: Vec<String> = Paginator::new(r).items().try_collect().await.unwrap();
    assert_eq!(all.len(), 10);
    let asked: Vec<i64> = log.lock().unwrap().iter().map(number).collect();
    assert_eq!(asked, [0, 2, 4, 6, 8], "no request past the total");
}

#[tokio::test]
async fn a_service_that_ignores_the_offset_ends_the_walk_with_an_error() {
    // Same two records whatever is asked, and no total: the old paginator looped forever.
    let r = req::<OFFSET>(|_| page(&["a", "b"], None));
    let log = r.log.clone();
    let mut items = Paginator::new(r).items();
    assert_eq!(items.try_next().await.unwrap().as_deref(), Some("a"));
    assert_eq!(items.try_next().await.unwrap().as_deref(), Some("b"));
    let err = items.try_next().await.unwrap_err();
    assert!(matches!(err, Error::Pagination(_)), "{err:?}");
    assert!(err.to_string().contains("no progress at 2"), "{err}");
    assert_eq!(
        items.try_next().await.unwrap(),
        None,
        "the stream ends after the error"
    );
    assert_eq!(log.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn page_numbers_advance_by_one_and_a_short_page_is_the_last() {
    let r = req::<PAGE>(|p| {
        let n = number(p);
        page(
            &records((n - 1) * 4).repeat(2)[..if n < 3 { 4 } else { 1 }],
            None,
        )
    });
    let log = r.log.clone();
    let pages: Vec<Page> = Paginator::new(r).pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 3);
    let asked: Vec<i64> = log.lock().unwrap().iter().map(number).collect();
    assert_eq!(asked, [1, 2, 3]);
}

#[tokio::test]
async fn markers_follow_the_service_and_a_repeated_marker_is_an_error() {
    let r = req::<MARKER>(|p| match p {
        None => Page {
            next_marker: Some("m1".into()),
            ..page(&["a"], None)
        },
        Some(Position::Marker(m)) if m == "m1" => Page {
            next_marker: Some("m2".into()),
            ..page(&["b"], None)
        },
        _ => page(&["c"], None),
    });
    let all: Vec<String> = Paginator::new(r).items().try_collect().await.unwrap();
    assert_eq!(all, ["a", "b", "c"]);

    let stuck = req::<MARKER>(|p| Page {
        next_marker: Some("same".into()),
        items: vec![format!("{p:?}")],
        total: None,
    });
    let err = Paginator::new(stuck)
        .items()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("next marker is the one just used"),
        "{err}"
    );
}

#[tokio::test]
async fn the_streams_are_unpin() {
    fn unpin<T: Unpin>(_: &T) {}
    let s = Paginator::new(req::<OFFSET>(|_| page(&[], None))).pages();
    unpin(&s);
    let s = Paginator::new(req::<OFFSET>(|_| page(&[], None))).items();
    unpin(&s);
}
