//! The `test-util` tools with the real client above them: a replay checked request by
//! request, typed rules per operation, a retried 503 and a paginated walk, all signed with
//! real credentials and never touching a network.

use std::time::Duration;

use dcs::list_bigkey_scan_tasks::{
    ErrorResponse, ListBigkeyScanTasksError, ListBigkeyScanTasksRequest,
    ListBigkeyScanTasksResponse, RecordsResponse,
};
use dcs::test_util::{
    CannedResponse, ExpectedRequest, Method, ReplayEvent, ReplayTransport, Rule, RuleMode, Rules,
};
use futures_util::TryStreamExt;

const INSTANCE: &str = "5560df16-cebf-4473-95c4-d1b573c16e79";
const PATH: &str = "/v2/p-1/instances/5560df16-cebf-4473-95c4-d1b573c16e79/bigkey-tasks";

fn client(transport: impl dcs::Transport) -> dcs::Client {
    dcs::Client::builder()
        .region("cn-north-4")
        .credentials(dcs::Credentials::new("AK-EXAMPLE", "SK-EXAMPLE").with_project_id("p-1"))
        // Retries without waiting, so the test stays fast.
        .retry(
            dcs::RetryConfig::default()
                .initial_backoff(Duration::ZERO)
                .max_backoff(Duration::ZERO),
        )
        .transport(transport)
        .build()
        .expect("client")
}

fn task(id: &str) -> RecordsResponse {
    let mut r = RecordsResponse::default();
    r.id = Some(id.to_owned());
    r
}

fn page(ids: &[&str], count: i32) -> ListBigkeyScanTasksResponse {
    let mut p = ListBigkeyScanTasksResponse::default();
    p.count = Some(count);
    p.records = Some(ids.iter().map(|i| task(i)).collect());
    p
}

#[tokio::test]
async fn a_replay_checks_every_request_in_order() {
    let replay = ReplayTransport::new([
        ReplayEvent::new(
            ExpectedRequest::new(Method::Get, PATH)
                .query("limit", "2")
                .query("status", "success"),
            CannedResponse::json(200, &page(&["a", "b"], 2)),
        ),
        ReplayEvent::new(
            ExpectedRequest::new(Method::Get, PATH).query("offset", "7"),
            CannedResponse::status(404),
        ),
    ]);
    let client = client(replay.clone());
    let first = client
        .list_bigkey_scan_tasks(INSTANCE)
        .limit(2)
        .status("success")
        .send()
        .await
        .expect("first page");
    assert_eq!(first.count, Some(2));
    let err = client
        .list_bigkey_scan_tasks(INSTANCE)
        .offset(7)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.as_service().map(|s| s.status()), Some(404));
    replay.assert_requests_match();
    // The requests were signed for real; the signature is masked in what the test sees.
    let made = replay.actual_requests();
    assert_eq!(made[0].header("authorization"), Some("***"));
    assert!(made[0].header("x-sdk-date").is_some());
    assert_eq!(made[0].header("x-project-id"), Some("p-1"));
}

#[tokio::test]
async fn a_replay_reports_what_differs() {
    let replay = ReplayTransport::new([ReplayEvent::new(
        ExpectedRequest::new(Method::Get, PATH).query("limit", "5"),
        CannedResponse::json(200, &page(&[], 0)),
    )]);
    let client = client(replay.clone());
    client
        .list_bigkey_scan_tasks(INSTANCE)
        .limit(6)
        .send()
        .await
        .expect("answered");
    let extra = client.list_bigkey_scan_tasks(INSTANCE).send().await;
    assert!(extra.unwrap_err().to_string().contains("has no response"));
    let m = replay.mismatches();
    assert_eq!(m.len(), 2, "{m:#?}");
    assert!(
        m[0].contains("expected query [(\"limit\", \"5\")], got [(\"limit\", \"6\")]"),
        "{m:#?}"
    );
    assert!(m[1].contains("was not expected"), "{m:#?}");
}

#[tokio::test]
async fn typed_rules_answer_by_instance_and_count_their_hits() {
    let ours = Rule::when::<ListBigkeyScanTasksRequest>()
        .matching(|r| r.instance_id == INSTANCE)
        .output(page(&["t-1"], 1))
        .repeatedly();
    let missing = Rule::when::<ListBigkeyScanTasksRequest>()
        .matching(|r| r.instance_id == "gone")
        .error(ListBigkeyScanTasksError::NotFound(ErrorResponse::default()))
        .once();
    let rules = Rules::new(RuleMode::MatchAny, [missing.clone(), ours.clone()]);
    let client = client(rules.clone());
    for _ in 0..3 {
        let p = client
            .list_bigkey_scan_tasks(INSTANCE)
            .send()
            .await
            .unwrap();
        assert_eq!(p.records.unwrap()[0].id.as_deref(), Some("t-1"));
    }
    let err = client
        .list_bigkey_scan_tasks("gone")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.as_service().map(|s| s.kind()),
        Some(ListBigkeyScanTasksError::NotFound(_))
    ));
    assert_eq!((ours.hits(), missing.hits()), (3, 1));
    // The `once` rule is used up: the next call for it matches nothing.
    let err = client
        .list_bigkey_scan_tasks("gone")
        .send()
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("no rule answers ListBigkeyScanTasks"),
        "{err}"
    );
    assert_eq!(rules.unmatched().len(), 1);
}

#[tokio::test]
async fn a_503_is_retried_through_the_rules() {
    let flaky = Rule::when::<ListBigkeyScanTasksRequest>()
        .status(503)
        .times(2)
        .output(page(&["t-1"], 1))
        .once();
    let client = client(Rules::new(RuleMode::Sequential, [flaky.clone()]));
    let resp = client
        .list_bigkey_scan_tasks(INSTANCE)
        .send_with_metadata()
        .await
        .expect("third attempt succeeds");
    assert_eq!(resp.status(), 200);
    assert_eq!(flaky.hits(), 3);
}

#[tokio::test]
async fn a_paginated_walk_runs_through_the_rules_in_order() {
    let at = |offset: i32| move |r: &ListBigkeyScanTasksRequest| r.offset == Some(offset);
    let pages = [
        Rule::when::<ListBigkeyScanTasksRequest>()
            .matching(at(0))
            .output(page(&["a", "b"], 5))
            .once(),
        Rule::when::<ListBigkeyScanTasksRequest>()
            .matching(at(2))
            .output(page(&["c", "d"], 5))
            .once(),
        Rule::when::<ListBigkeyScanTasksRequest>()
            .matching(at(4))
            .output(page(&["e"], 5))
            .once(),
    ];
    let client = client(Rules::new(RuleMode::Sequential, pages.clone()));
    let ids: Vec<String> = client
        .list_bigkey_scan_tasks(INSTANCE)
        .into_paginator()
        .items()
        .map_ok(|r| r.id.unwrap_or_default())
        .try_collect()
        .await
        .expect("walk");
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert!(pages.iter().all(|r| r.hits() == 1));
}
