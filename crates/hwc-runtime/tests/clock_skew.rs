//! Clock skew at the runtime level: a wiremock gateway whose clock is an hour ahead refuses
//! signatures more than 15 minutes from its time with API Gateway's 401. The client learns
//! the offset, re-signs once (any method: the refused request did not take effect), and
//! signs every later call, its clones' included, at the gateway's time.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use common::*;
use hwc_runtime::sign::{format_sdk_date, parse_sdk_date};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A gateway whose clock is `offset` ahead (behind when `ahead` is false), that names its
/// time in the message (`in_message`) or only in `Date`.
struct SkewedGateway {
    offset: Duration,
    ahead: bool,
    in_message: bool,
    refused: Arc<AtomicUsize>,
    dates: Arc<std::sync::Mutex<Vec<String>>>,
}

impl SkewedGateway {
    fn now(&self) -> SystemTime {
        if self.ahead {
            SystemTime::now() + self.offset
        } else {
            SystemTime::now() - self.offset
        }
    }
}

fn http_date(t: SystemTime) -> String {
    // 20261207T010203Z -> Mon, 07 Dec 2026 01:02:03 GMT; the weekday is not read.
    let c = format_sdk_date(t);
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m: usize = c[4..6].parse().unwrap();
    format!(
        "Mon, {} {} {} {}:{}:{} GMT",
        &c[6..8],
        months[m - 1],
        &c[0..4],
        &c[9..11],
        &c[11..13],
        &c[13..15]
    )
}

impl Respond for SkewedGateway {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        if let Err(e) = verify(req, AK, SK, false) {
            return ResponseTemplate::new(400).set_body_string(e);
        }
        let date = req.headers.get("x-sdk-date").unwrap().to_str().unwrap();
        self.dates.lock().unwrap().push(date.to_owned());
        let now = self.now();
        let signed = parse_sdk_date(date).unwrap();
        let off = now.duration_since(signed).unwrap_or_else(|e| e.duration());
        if off <= Duration::from_secs(15 * 60) {
            return ResponseTemplate::new(200).set_body_json(serde_json::json!({"count": 0}));
        }
        self.refused.fetch_add(1, Ordering::SeqCst);
        let msg = if self.in_message {
            format!(
                "Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:{date},server time:{}",
                format_sdk_date(now)
            )
        } else {
            "Incorrect IAM authentication information: signature expired".to_owned()
        };
        ResponseTemplate::new(401)
            .insert_header("date", http_date(now).as_str())
            .set_body_json(serde_json::json!({
                "error_code": "APIGW.0301",
                "error_msg": msg,
                "request_id": "0123456789abcdef",
            }))
    }
}

async fn gateway(
    ahead: bool,
    in_message: bool,
) -> (
    MockServer,
    Arc<AtomicUsize>,
    Arc<std::sync::Mutex<Vec<String>>>,
) {
    let server = MockServer::start().await;
    let refused = Arc::new(AtomicUsize::new(0));
    let dates = Arc::new(std::sync::Mutex::new(Vec::new()));
    Mock::given(wiremock::matchers::any())
        .respond_with(SkewedGateway {
            offset: Duration::from_secs(3600),
            ahead,
            in_message,
            refused: refused.clone(),
            dates: dates.clone(),
        })
        .mount(&server)
        .await;
    (server, refused, dates)
}

#[tokio::test]
async fn learns_the_gateways_clock_and_keeps_it() {
    for (ahead, in_message) in [(true, true), (false, true), (true, false)] {
        let (server, refused, dates) = gateway(ahead, in_message).await;
        // Retries off: the re-signed attempt is not the policy's.
        let client = builder(&server.uri(), creds())
            .max_attempts(1)
            .build()
            .unwrap();
        // A POST too: the refused request did not take effect.
        let raw = client.execute(create_request()).await.expect("call");
        assert_eq!(raw.status, 200, "ahead={ahead} in_message={in_message}");
        assert_eq!(refused.load(Ordering::SeqCst), 1);
        {
            let d = dates.lock().unwrap();
            assert_eq!(d.len(), 2);
            let first = parse_sdk_date(&d[0]).unwrap();
            let second = parse_sdk_date(&d[1]).unwrap();
            let moved = second
                .duration_since(first)
                .unwrap_or_else(|e| e.duration());
            assert!(
                moved > Duration::from_secs(3590) && moved < Duration::from_secs(3610),
                "re-signed {moved:?} apart"
            );
        }
        // The client and a clone, at once: both signed right, no more refusals.
        let clone = client.clone();
        let (a, b) = tokio::join!(
            client.execute(list_request()),
            clone.execute(list_request())
        );
        assert_eq!((a.unwrap().status, b.unwrap().status), (200, 200));
        assert_eq!(refused.load(Ordering::SeqCst), 1);
        assert_eq!(dates.lock().unwrap().len(), 4);
        // `prepare` shows the corrected date too.
        let prepared = client.prepare(list_request()).await.unwrap();
        let date = parse_sdk_date(prepared.header("X-Sdk-Date").unwrap()).unwrap();
        let from_local = date
            .duration_since(SystemTime::now())
            .unwrap_or_else(|e| e.duration());
        assert!(from_local > Duration::from_secs(3500), "{from_local:?}");
    }
}

#[tokio::test]
async fn a_refusal_that_correction_does_not_cure_is_returned_after_one_retry() {
    // A gateway that refuses everything as expired, always naming a time an hour ahead of
    // the request's own: the client retries once and returns the 401.
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(|req: &Request| {
            let date = req.headers.get("x-sdk-date").unwrap().to_str().unwrap();
            let server = parse_sdk_date(date).unwrap() + Duration::from_secs(3600);
            ResponseTemplate::new(401).set_body_json(serde_json::json!({
                "error_code": "APIGW.0301",
                "error_msg": format!(
                    "Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:{date},server time:{}",
                    format_sdk_date(server)
                ),
            }))
        })
        .mount(&server)
        .await;
    let client = builder(&server.uri(), creds()).build().unwrap();
    let raw = client.execute(list_request()).await.expect("answer");
    assert_eq!(raw.status, 401);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    // Any other 401 is returned as it is, without a second attempt.
    let other = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error_code": "APIGW.0301",
            "error_msg": "Incorrect IAM authentication information: verify aksk signature fail",
        })))
        .mount(&other)
        .await;
    let client = builder(&other.uri(), creds()).build().unwrap();
    assert_eq!(client.execute(list_request()).await.unwrap().status, 401);
    assert_eq!(other.received_requests().await.unwrap().len(), 1);
}
