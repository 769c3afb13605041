//! The records the stand-in serves and the response bodies built from them.

use std::fmt::Write as _;

/// The `200` response example of `spec/dcs/查询大key分析任务列表.md`, byte for byte.
pub const DOCUMENTED_EXAMPLE: &str = r#"{
  "instance_id" : "5f9057b5-c330-4ee2-8138-7e69896eeec3",
  "count" : 1,
  "records" : [ {
    "id" : "858ee14c-2271-4489-8b82-7bda7459ae3e",
    "scan_type" : "manual",
    "status" : "success",
    "created_at" : "2020-06-15T02:21:18.669Z",
    "started_at" : "2020-06-15T02:21:23.534Z",
    "finished_at" : "2020-06-15T02:21:25.588Z"
  } ]
}"#;

/// The instance id of the documented example.
const EXAMPLE_INSTANCE_ID: &str = "5f9057b5-c330-4ee2-8138-7e69896eeec3";

/// The record of the documented example, compact.
const EXAMPLE_RECORD: &str = r#"{"id":"858ee14c-2271-4489-8b82-7bda7459ae3e","scan_type":"manual","status":"success","created_at":"2020-06-15T02:21:18.669Z","started_at":"2020-06-15T02:21:23.534Z","finished_at":"2020-06-15T02:21:25.588Z"}"#;

/// The statuses the page documents, in the order `status_of` cycles through them.
const STATUSES: [&str; 4] = ["success", "failed", "running", "waiting"];

/// One record, already rendered as compact JSON.
struct Record {
    json: String,
    status: &'static str,
}

/// What one `GET .../bigkey-tasks` asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// `offset` (records to skip; default 0).
    pub offset: Option<usize>,
    /// `limit` (records per page; default: all that remain).
    pub limit: Option<usize>,
    /// `status` filter.
    pub status: Option<String>,
}

/// The records served for every instance.
pub struct Dataset {
    /// `Some` for the documented example: its instance id is answered whatever was asked.
    fixed_instance_id: Option<&'static str>,
    records: Vec<Record>,
}

impl Dataset {
    /// The one record of the page's documented example.
    pub fn documented_example() -> Self {
        Dataset {
            fixed_instance_id: Some(EXAMPLE_INSTANCE_ID),
            records: vec![Record {
                json: EXAMPLE_RECORD.to_owned(),
                status: "success",
            }],
        }
    }

    /// `n` generated records, deterministic: mostly `success`, some `failed`, `running` and
    /// `waiting` (without `started_at`/`finished_at` where the task has not got that far).
    pub fn generated(n: usize) -> Self {
        let records = (0..n).map(generated_record).collect();
        Dataset {
            fixed_instance_id: None,
            records,
        }
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The response body for `instance_id` and `query`: `count` is the number of records
    /// matching the status filter, `records` the page of them that `offset`/`limit` select.
    pub fn body(&self, instance_id: &str, query: &Query) -> Vec<u8> {
        let whole = query.offset.unwrap_or(0) == 0
            && query.limit.is_none_or(|l| l >= self.records.len())
            && query.status.as_deref().is_none_or(|s| s == "success");
        if self.fixed_instance_id.is_some() && whole {
            return DOCUMENTED_EXAMPLE.as_bytes().to_vec();
        }
        let matching = |r: &&Record| query.status.as_deref().is_none_or(|s| s == r.status);
        let count = match &query.status {
            None => self.records.len(),
            Some(_) => self.records.iter().filter(matching).count(),
        };
        let offset = query.offset.unwrap_or(0);
        let limit = query.limit.unwrap_or(usize::MAX);
        let page = self
            .records
            .iter()
            .filter(matching)
            .skip(offset)
            .take(limit);
        let id = self.fixed_instance_id.unwrap_or(instance_id);
        let id = serde_json::Value::String(id.to_owned()).to_string();
        let shown = count.saturating_sub(offset).min(limit);
        let mut out = Vec::with_capacity(64 + id.len() + shown * 260);
        out.extend_from_slice(b"{\"instance_id\":");
        out.extend_from_slice(id.as_bytes());
        out.extend_from_slice(b",\"count\":");
        out.extend_from_slice(count.to_string().as_bytes());
        out.extend_from_slice(b",\"records\":[");
        for (i, r) in page.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(r.json.as_bytes());
        }
        out.extend_from_slice(b"]}");
        out
    }
}

fn status_of(i: usize) -> &'static str {
    // 7 in 10 succeeded; the rest failed, are running or wait.
    match i % 10 {
        7 => STATUSES[1],
        8 => STATUSES[2],
        9 => STATUSES[3],
        _ => STATUSES[0],
    }
}

fn generated_record(i: usize) -> Record {
    let status = status_of(i);
    let scan_type = if i.is_multiple_of(3) {
        "auto"
    } else {
        "manual"
    };
    let n = i as u64 + 1;
    // A UUID-shaped id that differs in every group, so no two records share a prefix.
    let id = format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        n.wrapping_mul(2_654_435_761) & 0xffff_ffff,
        n & 0xffff,
        (n >> 4) & 0xfff,
        (n * 7) & 0xfff,
        n.wrapping_mul(0x9E37_79B9) & 0xffff_ffff_ffff
    );
    let day = 1 + (i / 1440) % 28;
    let (hour, minute) = ((i / 60) % 24, i % 60);
    let ms = (i * 37) % 1000;
    let at = |second: usize| format!("2020-06-{day:02}T{hour:02}:{minute:02}:{second:02}.{ms:03}Z");
    let mut json = String::with_capacity(240);
    let _ = write!(
        json,
        r#"{{"id":"{id}","scan_type":"{scan_type}","status":"{status}","created_at":"{}""#,
        at(18)
    );
    if status != "waiting" {
        let _ = write!(json, r#","started_at":"{}""#, at(23));
    }
    if status == "success" || status == "failed" {
        let _ = write!(json, r#","finished_at":"{}""#, at(25));
    }
    json.push('}');
    Record { json, status }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(b: &[u8]) -> serde_json::Value {
        serde_json::from_slice(b).unwrap()
    }

    #[test]
    fn documented_example_is_served_verbatim() {
        let d = Dataset::documented_example();
        assert_eq!(
            d.body("anything", &Query::default()),
            DOCUMENTED_EXAMPLE.as_bytes()
        );
        // The compact record is the example's record.
        assert_eq!(
            json(DOCUMENTED_EXAMPLE.as_bytes())["records"][0],
            json(EXAMPLE_RECORD.as_bytes())
        );
        let past = d.body(
            "x",
            &Query {
                offset: Some(1),
                ..Query::default()
            },
        );
        assert_eq!(
            json(&past),
            serde_json::json!({"instance_id": EXAMPLE_INSTANCE_ID, "count": 1, "records": []})
        );
    }

    #[test]
    fn generated_records_page_and_filter() {
        let d = Dataset::generated(25);
        let all = json(&d.body("i\"d", &Query::default()));
        assert_eq!(all["instance_id"], "i\"d");
        assert_eq!(all["count"], 25);
        assert_eq!(all["records"].as_array().unwrap().len(), 25);
        let page = json(&d.body(
            "i",
            &Query {
                offset: Some(20),
                limit: Some(10),
                status: None,
            },
        ));
        assert_eq!(page["records"].as_array().unwrap().len(), 5);
        let failed = json(&d.body(
            "i",
            &Query {
                status: Some("failed".into()),
                ..Query::default()
            },
        ));
        assert_eq!(failed["count"], 2);
        for r in failed["records"].as_array().unwrap() {
            assert_eq!(r["status"], "failed");
            assert!(r.get("finished_at").is_some());
        }
        let waiting = &all["records"][9];
        assert_eq!(waiting["status"], "waiting");
        assert!(waiting.get("started_at").is_none());
        let ids: std::collections::HashSet<_> = all["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids.len(), 25);
    }
}
