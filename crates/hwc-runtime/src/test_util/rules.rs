//! Typed answers per operation (after aws-smithy-mocks' `mock!` and `mock_client!`): a rule
//! says which calls of one operation it answers and with what, in the operation's own types.

use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use super::CannedResponse;
use super::replay::RecordedRequest;
use crate::call::Operation;
use crate::client::{HttpRequest, Transport, TransportFuture};
use crate::error::{Error, ErrorKind, TransportError, TransportKind};

type Matcher = Box<dyn Fn(&HttpRequest<'_>) -> bool + Send + Sync>;
type Predicate<O> = Box<dyn Fn(&O) -> bool + Send + Sync>;

struct RuleInner {
    operation: &'static str,
    matcher: Matcher,
    responses: Vec<CannedResponse>,
    /// The last response answers every later match.
    repeat: bool,
    hits: AtomicUsize,
}

/// Answers calls of one operation that match it, with its responses in turn. Clones share
/// the count, so a test keeps one to ask [`Self::hits`] afterwards.
#[derive(Clone)]
pub struct Rule(Arc<RuleInner>);

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("operation", &self.0.operation)
            .field("responses", &self.0.responses.len())
            .field("repeat", &self.0.repeat)
            .field("hits", &self.hits())
            .finish()
    }
}

impl Rule {
    /// A rule for operation `O` (its generated request type), matching every call of it
    /// until narrowed with [`RuleBuilder::matching`].
    pub fn when<O: Operation>() -> RuleBuilder<O> {
        RuleBuilder {
            matcher: None,
            responses: Vec::new(),
            _op: PhantomData,
        }
    }

    /// How many requests this rule has answered (each retry is a request).
    pub fn hits(&self) -> usize {
        self.0.hits.load(Ordering::SeqCst)
    }

    /// Whether every response has been used (never, for a repeating rule).
    pub fn is_exhausted(&self) -> bool {
        !self.0.repeat && self.hits() >= self.0.responses.len()
    }

    /// The next response, counting the hit; `None` once exhausted.
    fn take(&self) -> Option<CannedResponse> {
        let i = self.0.hits.fetch_add(1, Ordering::SeqCst);
        let last = self.0.responses.len().checked_sub(1)?;
        match self.0.responses.get(i) {
            Some(r) => Some(r.clone()),
            None if self.0.repeat => Some(self.0.responses[last].clone()),
            None => {
                self.0.hits.fetch_sub(1, Ordering::SeqCst);
                None
            }
        }
    }
}

/// Builds a [`Rule`] for operation `O`: which calls, then the responses in turn.
#[must_use = "a rule builder does nothing until `once` or `repeatedly`"]
pub struct RuleBuilder<O> {
    matcher: Option<Predicate<O>>,
    responses: Vec<CannedResponse>,
    _op: PhantomData<fn() -> O>,
}

impl<O: Operation> RuleBuilder<O> {
    /// Only calls whose request satisfies `predicate`.
    pub fn matching(mut self, predicate: impl Fn(&O) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Some(Box::new(predicate));
        self
    }

    /// Answers `200` with `output` as its JSON body.
    pub fn output(self, output: O::Output) -> Self
    where
        O::Output: serde::Serialize,
    {
        self.response(CannedResponse::json(200, &output))
    }

    /// Answers with the documented error `kind`: its status and its body.
    ///
    /// # Panics
    ///
    /// For the `Unhandled` kind, which has no status; use [`Self::status`] or
    /// [`Self::response`] for an undocumented answer.
    pub fn error(self, kind: O::Kind) -> Self
    where
        O::Kind: serde::Serialize,
    {
        let Some(status) = kind.status() else {
            panic!("the unhandled error kind has no status: answer with `status` or `response`");
        };
        let body = match serde_json::to_value(&kind) {
            Ok(serde_json::Value::Null) | Err(_) => CannedResponse::status(status),
            Ok(v) => CannedResponse::json(status, &v),
        };
        self.response(body)
    }

    /// Answers with `status` and no body (a 503 to retry, a 204, ...).
    pub fn status(self, status: u16) -> Self {
        self.response(CannedResponse::status(status))
    }

    /// Answers with `response` as it is.
    pub fn response(mut self, response: CannedResponse) -> Self {
        self.responses.push(response);
        self
    }

    /// Repeats the last response so that it answers `n` times in all.
    pub fn times(mut self, n: usize) -> Self {
        if let Some(last) = self.responses.last().cloned() {
            let more = n.saturating_sub(1);
            self.responses.extend(std::iter::repeat_n(last, more));
        }
        self
    }

    /// The rule: each response answers once, then the rule is exhausted.
    pub fn once(self) -> Rule {
        self.build(false)
    }

    /// The rule: the responses in turn, then the last one for every later call.
    pub fn repeatedly(self) -> Rule {
        self.build(true)
    }

    fn build(self, repeat: bool) -> Rule {
        let predicate = self.matcher;
        let matcher: Matcher = Box::new(move |req| {
            req.typed::<O>()
                .is_some_and(|o| predicate.as_ref().is_none_or(|p| p(o)))
        });
        Rule(Arc::new(RuleInner {
            operation: std::any::type_name::<O>(),
            matcher,
            responses: self.responses,
            repeat,
            hits: AtomicUsize::new(0),
        }))
    }
}

/// How [`Rules`] picks a rule for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleMode {
    /// The first rule not yet exhausted must match: a script of calls in order.
    Sequential,
    /// The first rule not yet exhausted that matches, wherever it is.
    MatchAny,
}

/// A [`Transport`] answering from typed [`Rule`]s. A request no rule answers fails with a
/// transport error (`Other`, not retried) naming it; [`Self::unmatched`] lists them.
#[derive(Debug, Clone)]
pub struct Rules {
    rules: Arc<Vec<Rule>>,
    mode: RuleMode,
    unmatched: Arc<Mutex<Vec<RecordedRequest>>>,
}

impl Rules {
    /// `rules`, picked as `mode` says.
    pub fn new(mode: RuleMode, rules: impl IntoIterator<Item = Rule>) -> Self {
        Rules {
            rules: Arc::new(rules.into_iter().collect()),
            mode,
            unmatched: Arc::default(),
        }
    }

    /// The requests no rule answered.
    pub fn unmatched(&self) -> Vec<RecordedRequest> {
        self.unmatched
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn answer(&self, request: &HttpRequest<'_>) -> Option<CannedResponse> {
        let mut live = self.rules.iter().filter(|r| !r.is_exhausted());
        let rule = match self.mode {
            RuleMode::Sequential => live.next().filter(|r| (r.0.matcher)(request)),
            RuleMode::MatchAny => live.find(|r| (r.0.matcher)(request)),
        }?;
        rule.take()
    }
}

impl Transport for Rules {
    fn send<'a>(&'a self, request: HttpRequest<'a>) -> TransportFuture<'a> {
        let result = match self.answer(&request) {
            Some(r) => Ok(r.to_raw()),
            None => {
                self.unmatched
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(RecordedRequest::of(&request));
                let op = request.operation.map_or("the IAM lookup", |o| o.id);
                Err(Error::Transport(Box::new(TransportError::new(
                    TransportKind::Other,
                    format!(
                        "no rule answers {op} ({} {}) ({:?} mode)",
                        request.method.as_str(),
                        request.path(),
                        self.mode
                    ),
                ))))
            }
        };
        Box::pin(std::future::ready(result))
    }
}
