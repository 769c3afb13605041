//! Pairs the operations of two versions. The wire identity of an operation is its method
//! and path, placeholder names aside (`{project_id}` = `{projectId}`); its id and page file
//! change when a page is renamed, renumbered or rewritten in the other template. Where
//! several operations share one method and path, the id decides, then the constant query
//! of the request line (`?action=start`), then page order.

use std::collections::BTreeMap;

use apidoc::ir::Operation;

/// One operation on the old side, the new side or both.
pub(crate) struct Pair<'a> {
    pub old: Option<&'a Operation>,
    pub new: Option<&'a Operation>,
}

/// `GET` and `/v2/{}/instances/{}`: the method upper case, placeholders unnamed, no
/// trailing slash.
pub(crate) fn route(op: &Operation) -> (String, String) {
    let mut out = String::with_capacity(op.path.len());
    let mut in_placeholder = false;
    for c in op.path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_placeholder = true;
                out.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if in_placeholder => {}
            _ => out.push(c),
        }
    }
    (op.method.to_ascii_uppercase(), out)
}

/// The constant (non-placeholder) query pairs of the request line, sorted.
fn constant_query(op: &Operation) -> Vec<(String, String)> {
    let mut q: Vec<(String, String)> = op
        .uri_query
        .iter()
        .filter(|(_, v)| !(v.starts_with('{') && v.ends_with('}')))
        .cloned()
        .collect();
    q.sort();
    q
}

/// The operations of one route on the old and the new side.
type Sides<'a> = (Vec<&'a Operation>, Vec<&'a Operation>);

/// Whether two operations of one route are the same operation, by one rule.
type Same = dyn Fn(&Operation, &Operation) -> bool;

/// Pairs `old` and `new`, in route order; unpaired operations come alone.
pub(crate) fn pair<'a>(old: &[&'a Operation], new: &[&'a Operation]) -> Vec<Pair<'a>> {
    let mut routes: BTreeMap<(String, String), Sides<'a>> = BTreeMap::new();
    for &o in old {
        routes.entry(route(o)).or_default().0.push(o);
    }
    for &n in new {
        routes.entry(route(n)).or_default().1.push(n);
    }
    let mut out = Vec::new();
    for (_, (mut olds, mut news)) in routes {
        let rules: [&Same; 3] = [
            &|a, b| a.id == b.id,
            &|a, b| constant_query(a) == constant_query(b),
            &|_, _| true,
        ];
        for same in rules {
            let mut i = 0;
            while i < olds.len() {
                match news.iter().position(|n| same(olds[i], n)) {
                    Some(j) => out.push(Pair {
                        old: Some(olds.remove(i)),
                        new: Some(news.remove(j)),
                    }),
                    None => i += 1,
                }
            }
        }
        out.extend(olds.into_iter().map(|o| Pair {
            old: Some(o),
            new: None,
        }));
        out.extend(news.into_iter().map(|n| Pair {
            old: None,
            new: Some(n),
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(id: &str, method: &str, path: &str, query: &[(&str, &str)]) -> Operation {
        serde_json::from_value(serde_json::json!({
            "id": id, "id_source": "anchor", "template": "api_explorer", "title": "",
            "description": "", "method": method, "path": path, "uri_query": query,
            "parameters": [], "responses": [], "schemas": [], "status_codes": [],
            "source": {"line": 1},
        }))
        .expect("a valid operation")
    }

    fn ids(pairs: &[Pair<'_>]) -> Vec<(Option<String>, Option<String>)> {
        pairs
            .iter()
            .map(|p| (p.old.map(|o| o.id.clone()), p.new.map(|n| n.id.clone())))
            .collect()
    }

    fn both(a: &str, b: &str) -> (Option<String>, Option<String>) {
        (Some(a.to_owned()), Some(b.to_owned()))
    }

    #[test]
    fn placeholder_names_case_and_trailing_slash_do_not_matter() {
        let old = op("ShowX", "get", "/v2/{project_id}/x/{x_id}/", &[]);
        let new = op("ShowXV2", "GET", "/v2/{projectId}/x/{id}", &[]);
        assert_eq!(ids(&pair(&[&old], &[&new])), [both("ShowX", "ShowXV2")]);
    }

    #[test]
    fn another_path_is_another_operation() {
        let old = op("ShowX", "GET", "/v1/{project_id}/x", &[]);
        let new = op("ShowX", "GET", "/v2/{project_id}/x", &[]);
        assert_eq!(
            ids(&pair(&[&old], &[&new])),
            [(Some("ShowX".into()), None), (None, Some("ShowX".into()))]
        );
    }

    #[test]
    fn a_shared_route_pairs_by_id_then_constant_query_then_order() {
        let path = "/v1/{project_id}/x/action";
        let start = op("StartX", "POST", path, &[("action", "start")]);
        let stop = op("StopX", "POST", path, &[("action", "stop")]);
        let other = op("ResetX", "POST", path, &[]);
        let stop2 = op("StopXV2", "POST", path, &[("action", "stop")]);
        let start2 = op("StartX", "POST", path, &[("action", "start")]);
        let other2 = op("ResetXV2", "POST", path, &[]);
        let got = ids(&pair(&[&start, &stop, &other], &[&other2, &stop2, &start2]));
        assert_eq!(
            got,
            [
                both("StartX", "StartX"),
                both("StopX", "StopXV2"),
                both("ResetX", "ResetXV2"),
            ]
        );
    }
}
