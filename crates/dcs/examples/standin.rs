//! The whole thing working without a Huawei Cloud account: starts the local DCS stand-in
//! (`crates/dcs-standin`) in-process on `127.0.0.1`, then calls it through the generated client
//! with signed requests.
//!
//! ```text
//! cargo run -p dcs --example standin
//! ```

use dcs::types::ListBigkeyScanTasksStatus as Status;
use futures_util::TryStreamExt;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A stand-in with 25 generated records; `Config::default()` serves the page's own example.
    let server = dcs_standin::Standin::start(dcs_standin::Config::default().with_records(25))?;
    println!("stand-in listening on {}", server.endpoint());

    let client = dcs::Client::builder()
        .endpoint(server.endpoint())
        .credentials(
            dcs::Credentials::new(dcs_standin::ACCESS_KEY, dcs_standin::SECRET_KEY)
                .with_project_id(dcs_standin::PROJECT_ID),
        )
        .build()?;

    // One page.
    let page = client
        .list_bigkey_scan_tasks(dcs_standin::INSTANCE_ID)
        .limit(3)
        .send()
        .await?;
    println!("count = {:?}", page.count);
    for r in page.records.unwrap_or_default() {
        println!(
            "  {} {:?} {:?} created {}",
            r.id.unwrap_or_default(),
            r.status,
            r.scan_type,
            r.created_at.unwrap_or_default()
        );
    }

    // Every failed task, page after page.
    let failed: Vec<_> = client
        .list_bigkey_scan_tasks(dcs_standin::INSTANCE_ID)
        .status(Status::Failed)
        .limit(2)
        .into_paginator()
        .items()
        .try_collect()
        .await?;
    println!("{} failed tasks", failed.len());

    // A wrong secret key: the stand-in checks the signature and answers 401.
    let wrong = dcs::Client::builder()
        .endpoint(server.endpoint())
        .credentials(
            dcs::Credentials::new(dcs_standin::ACCESS_KEY, "not-the-secret-key")
                .with_project_id(dcs_standin::PROJECT_ID),
        )
        .build()?;
    match wrong
        .list_bigkey_scan_tasks(dcs_standin::INSTANCE_ID)
        .send()
        .await
    {
        Err(dcs::CallError::Service(e)) => println!(
            "wrong key: HTTP {} {} {}",
            e.status(),
            e.error_code().unwrap_or_default(),
            e.error_msg().unwrap_or_default()
        ),
        other => println!("wrong key: unexpected {other:?}"),
    }

    let stats = server.stats();
    println!(
        "stand-in answered {} requests: {} ok, {} refused",
        stats.requests, stats.ok, stats.unauthorized
    );
    server.stop()?;
    Ok(())
}
