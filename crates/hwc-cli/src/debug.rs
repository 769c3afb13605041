//! `--debug`: a line per attempt with the URL it was sent to, then its status, request id and
//! time, for the operation and for the client's own IAM lookup, in plain calls, page walks and
//! waits alike. Collected by a client hook (the runtime's seam for every attempt, which sees
//! the signed URL with the endpoint and query resolved) and written out after the call.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use hwc_runtime::{CallContext, Error, Hook, HttpRequest, RawResponse};

/// The lines of `--debug`, filled in by the client as it sends.
#[derive(Debug, Default, Clone)]
pub struct DebugLog(Arc<Mutex<Vec<String>>>);

impl DebugLog {
    fn push(&self, line: String) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }

    /// Writes the lines collected so far to `err` and forgets them.
    pub fn drain(&self, err: &mut dyn Write) {
        let lines = std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner));
        for line in lines {
            let _ = writeln!(err, "{line}");
        }
    }
}

impl Hook for DebugLog {
    fn after_signing(&self, cx: &CallContext<'_>, request: &mut HttpRequest<'_>) {
        self.push(format!(
            "[debug info] {} attempt {}: {} {}",
            cx.operation,
            cx.attempt,
            request.method.as_str(),
            request.url
        ));
    }

    fn on_attempt(
        &self,
        cx: &CallContext<'_>,
        outcome: Result<&RawResponse, &Error>,
        elapsed: Duration,
    ) {
        let ms = elapsed.as_millis();
        let what = match outcome {
            Ok(r) => format!(
                "status {}, X-Request-Id {}",
                r.status,
                r.request_id().unwrap_or("-")
            ),
            Err(e) => format!("failed: {}", crate::exec::with_causes(e)),
        };
        self.push(format!(
            "[debug info] {} attempt {}: {what}, {ms} ms",
            cx.operation, cx.attempt
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_out_once_in_order() {
        let log = DebugLog::default();
        log.push("a".into());
        log.clone().push("b".into());
        let mut err = Vec::new();
        log.drain(&mut err);
        log.drain(&mut err);
        assert_eq!(err, b"a\nb\n");
    }
}
