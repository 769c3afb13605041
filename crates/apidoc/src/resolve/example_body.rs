//! A success response that no table documents but whose page shows a JSON object for it
//! (`**状态码： 200**`, `OK`, then `{"result": "true"}` under 响应示例, and no 响应Body
//! table): the service answers with a body, so a client that reads none drops what the page
//! shows. The body is kept as a free-form object: the example proves there is an object, but
//! no table names its members, and an example alone is too weak to fix their names and types.
//!
//! Guards, so that nothing is invented: only a 2xx other than 204 (No Content has no body
//! whatever a page shows), only when every example of the status parses as a JSON object and
//! at least one shows a member (an `{}` says nothing about a body), and never over a body a
//! table documents.

use crate::diag::Sink;
use crate::ir::{Operation, Type};

/// Gives a free-form object body to each success response whose examples show one and that
/// no table documents.
pub(super) fn example_bodies(op: &mut Operation, sink: &mut Sink) {
    for r in &mut op.responses {
        if !(200..300).contains(&r.status) || r.status == 204 || r.body.is_some() {
            continue;
        }
        let objects: Vec<_> = r
            .examples
            .iter()
            .map(|e| e.json.as_ref().and_then(|v| v.as_object()))
            .collect();
        let all_objects = !objects.is_empty() && objects.iter().all(Option::is_some);
        let shows_member = objects.iter().flatten().any(|m| !m.is_empty());
        if !(all_objects && shows_member) {
            continue;
        }
        r.body = Some(Type::Any);
        let at = r.examples[0].source.clone();
        sink.warning(
            &at,
            format!(
                "no table documents the {} response body, but every example of it is a JSON object; the body is read as a free-form object",
                r.status
            ),
        );
    }
}
