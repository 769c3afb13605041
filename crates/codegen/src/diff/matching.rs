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
