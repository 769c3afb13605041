//! Operation ids for pages that name none: a verb from the method and the shape of the path,
//! and a noun from the path's resources, as SDK users know them (`ListServers`,
//! `ShowServer`, `DeleteServerGroupMember`). The rule depends only on method and path, so the
//! same operation gets the same id in every version of the docs; the README states it.

/// Path segments that are versions (`v1`, `v2.0`, `V3`): not part of any name.
fn is_version(seg: &str) -> bool {
    let s = seg.strip_prefix(['v', 'V']).unwrap_or("");
    !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Placeholders that scope every call rather than name a resource.
fn is_scope(placeholder: &str) -> bool {
    matches!(
        placeholder.to_ascii_lowercase().as_str(),
        "project_id" | "projectid" | "domain_id" | "domainid" | "tenant_id" | "tenantid"
    )
}

/// Segments that say what happens rather than what it happens to, when they end a path
/// (`.../instances/{id}/restart`): (first word, is a verb).
const VERBS: [&str; 44] = [
    "start",
    "stop",
    "reboot",
    "restart",
    "resize",
    "reset",
    "attach",
    "detach",
    "associate",
    "disassociate",
    "extend",
    "export",
    "import",
    "enable",
    "disable",
    "lock",
    "unlock",
    "migrate",
    "rollback",
    "retry",
    "cancel",
    "check",
    "validate",
    "upgrade",
    "batch",
    "create",
    "delete",
    "update",
    "add",
    "remove",
    "bind",
    "unbind",
    "change",
    "modify",
    "copy",
    "clone",
    "sync",
    "refresh",
    "renew",
    "switch",
    "install",
    "uninstall",
    "register",
    "unregister",
];

/// Words ending a path that mean "run an action described by the body".
const ACTIONS: [&str; 4] = ["action", "actions", "operation", "operate"];

/// Words of a segment: `traffic-mirror-sessions` → `traffic`, `mirror`, `sessions`.
fn words(seg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = seg.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        // camelCase boundary: `detailInfo` → `detail`, `Info`.
        let boundary = c.is_ascii_uppercase() && i > 0 && chars[i - 1].is_ascii_lowercase();
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    // OpenStack's `os-` extension prefix names no resource: `os-server-groups`.
    if out.len() > 1 && out[0].eq_ignore_ascii_case("os") {
        out.remove(0);
    }
    out
}

fn capitalize(w: &str) -> String {
    let lower = if w
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && w.len() > 1
    {
        // `OS`, `AGENCY`: acronyms and shouting read as words.
        w.to_ascii_lowercase()
    } else {
        w.to_owned()
    };
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

fn pascal(ws: &[String]) -> String {
    ws.iter().map(|w| capitalize(w)).collect()
}

/// The singular of an English plural word, or the word.
fn singular(w: &str) -> String {
    let l = w.to_ascii_lowercase();
    if l.ends_with("ies") && w.len() > 3 {
        return format!("{}y", &w[..w.len() - 3]);
    }
    for end in ["sses", "xes", "ches", "shes", "uses"] {
        if l.ends_with(end) {
            return w[..w.len() - 2].to_owned();
        }
    }
    if l.ends_with('s')
        && !l.ends_with("ss")
        && !l.ends_with("us")
        && !l.ends_with("is")
        && w.len() > 2
    {
        return w[..w.len() - 1].to_owned();
    }
    w.to_owned()
}

/// `words` with the last one made singular.
fn singular_last(mut ws: Vec<String>) -> Vec<String> {
    if let Some(last) = ws.pop() {
        ws.push(singular(&last));
    }
    ws
}

/// A namespace segment rather than a resource: `OS-AGENCY`, `OS-FEDERATION`.
fn is_namespace(seg: &str) -> bool {
    seg.chars().any(|c| c.is_ascii_alphabetic())
        && seg
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The id derived from `method` and `path` (placeholders and query removed beforehand or
/// not). `service`, when given, is dropped where the path repeats it (`/v3/{p}/vpc/...`).
pub(crate) fn derive(method: &str, path: &str, service: Option<&str>) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let segs: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !is_version(s))
        .collect();
    // (segment, followed by a resource placeholder)
    let mut parents: Vec<String> = Vec::new();
    let mut tail: Vec<&str> = Vec::new();
    let mut ends_with_id = false;
    let mut i = 0;
    while i < segs.len() {
        let s = segs[i];
        if s.starts_with('{') {
            i += 1;
            continue;
        }
        let next = segs.get(i + 1).copied();
        match next {
            Some(n) if n.starts_with('{') => {
                let ph = n.trim_matches(['{', '}']);
                if is_scope(ph) {
                    // `/{project_id}` scopes the call; the segment before it names nothing.
                    i += 2;
                    continue;
                }
                // Names before a resource are its namespace (`cloudservers/os-server-groups/{id}`).
                tail.clear();
                parents.push(pascal(&singular_last(words(s))));
                ends_with_id = i + 2 >= segs.len();
                i += 2;
            }
            _ => {
                tail.push(s);
                ends_with_id = false;
                i += 1;
            }
        }
    }
    // Namespace and service segments that lead a run of names say nothing of the resource.
    while tail.len() > 1
        && (is_namespace(tail[0]) || service.is_some_and(|sv| tail[0].eq_ignore_ascii_case(sv)))
    {
        tail.remove(0);
    }
    let method = method.to_ascii_uppercase();
    let last_words: Vec<String> = tail.last().map(|s| words(s)).unwrap_or_default();
    let first_last = last_words
        .first()
        .map(|w| w.to_ascii_lowercase())
        .unwrap_or_default();
    let noun_before = |tail: &[&str], parents: &[String]| -> String {
        let mut n: String = parents.concat();
        for s in tail {
            n.push_str(&pascal(&words(s)));
        }
        n
    };
    if !tail.is_empty() && ACTIONS.contains(&first_last.as_str()) {
        let noun = noun_before(&tail[..tail.len() - 1], &parents);
        return format!("Run{noun}{}", pascal(&last_words));
    }
    // A verb run together with its object in one word (`associaterouter`): split it.
    let (first_last, last_words) = match split_verb(&first_last) {
        Some((verb, object)) if last_words.len() == 1 => {
            (verb.to_owned(), vec![verb.to_owned(), object.to_owned()])
        }
        _ => (first_last, last_words),
    };
    if !tail.is_empty() && method != "GET" && VERBS.contains(&first_last.as_str()) {
        let mut verb = vec![last_words[0].clone()];
        let mut rest: Vec<String> = last_words[1..].to_vec();
        if first_last == "batch" && !rest.is_empty() {
            verb.push(rest.remove(0));
        }
        let noun = noun_before(&tail[..tail.len() - 1], &parents);
        return format!("{}{noun}{}", pascal(&verb), pascal(&rest));
    }
    // What one resource has is shown (`/instances/{id}/autoscan`, `/subnets/{id}/tags`, the
    // tags of one subnet); what it holds many of is listed (`/subnets/{id}/privateips`).
    let one_of_its = !parents.is_empty()
        && last_words.last().is_some_and(|w| {
            let w = w.to_ascii_lowercase();
            matches!(
                w.as_str(),
                "tags" | "stats" | "status" | "statistics" | "details" | "detail" | "metadata"
            ) || !w.ends_with('s')
        });
    let verb = match method.as_str() {
        "GET" if ends_with_id || tail.is_empty() || one_of_its => "Show",
        "GET" => "List",
        "POST" => "Create",
        "PUT" | "PATCH" => "Update",
        "DELETE" => "Delete",
        "HEAD" => "Check",
        _ => "Call",
    };
    let mut noun: String = parents.concat();
    for (k, seg) in tail.iter().enumerate() {
        let ws = words(seg);
        // A new resource is one of its kind; everything else keeps the number it is written in.
        let ws = if k + 1 == tail.len() && verb == "Create" {
            singular_last(ws)
        } else {
            ws
        };
        noun.push_str(&pascal(&ws));
    }
    if noun.is_empty() {
        // `GET /{api_version}`: the path names only what the placeholder names.
        noun = segs
            .iter()
            .rev()
            .find(|s| s.starts_with('{') && !is_scope(s.trim_matches(['{', '}'])))
            .map(|s| pascal(&words(s.trim_matches(['{', '}']))))
            .unwrap_or_else(|| "Root".to_owned());
    }
    format!("{verb}{noun}")
}

/// A word that starts with a verb and goes on with at least three letters
/// (`associaterouter` → `associate`, `router`). Only verbs that do not start ordinary nouns
/// too: `check` (`checkpoints`), `stop` or `lock` are left out.
fn split_verb(word: &str) -> Option<(&str, &str)> {
    const JOINED: [&str; 18] = [
        "disassociate",
        "unregister",
        "associate",
        "register",
        "rollback",
        "validate",
        "migrate",
        "upgrade",
        "restart",
        "disable",
        "refresh",
        "detach",
        "attach",
        "enable",
        "cancel",
        "resize",
        "reboot",
        "unbind",
    ];
    JOINED.into_iter().find_map(|v| {
        let rest = word.strip_prefix(v)?;
        (rest.len() >= 3 && rest.chars().all(|c| c.is_ascii_lowercase())).then_some((v, rest))
    })
}

/// The discriminating suffix of a version segment: `v1.0` → `V1`, `v2` → `V2`, `v1.1` → `V11`.
pub(crate) fn version_suffix(path: &str) -> Option<String> {
    let seg = path.split('/').find(|s| is_version(s))?;
    let digits = seg[1..].trim_end_matches(".0");
    let digits: String = digits.chars().filter(|c| c.is_ascii_digit()).collect();
    Some(format!("V{digits}"))
}

/// A name part from a body's first member (`os-start` → `OsStart`), to tell apart operations
/// that share method and path.
pub(crate) fn discriminator(member: &str) -> String {
    pascal(&words(member))
}

/// False when an id's verb names another method than `method` (`UpdateX` on a GET): one of
/// two pages whose links name the same operation then has the wrong link.
pub(crate) fn verb_fits(id: &str, method: &str) -> bool {
    let allowed: &[&str] = if id.starts_with("Update") || id.starts_with("Modify") {
        &["PUT", "PATCH", "POST"]
    } else if id.starts_with("Delete") || id.starts_with("Remove") {
        &["DELETE", "POST"]
    } else if id.starts_with("List") || id.starts_with("Show") {
        &["GET", "POST"]
    } else if id.starts_with("Create") {
        &["POST", "PUT"]
    } else {
        return true;
    };
    allowed.contains(&method)
}

/// True for an operation id: ASCII letters, digits and `_`, starting with an upper-case
/// letter.
pub(crate) fn valid(id: &str) -> bool {
    crate::is_operation_id(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_like_sdk_names() {
        for (m, p, want) in [
            (
                "GET",
                "/v1/{project_id}/cloudservers/{server_id}",
                "ShowCloudserver",
            ),
            ("GET", "/v2.0/subnets", "ListSubnets"),
            ("POST", "/v2.0/subnets", "CreateSubnet"),
            ("DELETE", "/v2.0/subnets/{subnet_id}", "DeleteSubnet"),
            (
                "PUT",
                "/v3.0/OS-AGENCY/agencies/{agency_id}",
                "UpdateAgency",
            ),
            ("POST", "/v3.0/OS-AGENCY/agencies", "CreateAgency"),
            (
                "GET",
                "/v2/{project_id}/instances/{instance_id}/bigkey-tasks",
                "ListInstanceBigkeyTasks",
            ),
            (
                "DELETE",
                "/v1/{project_id}/cloudservers/os-server-groups/{server_group_id}/members/{member_id}",
                "DeleteServerGroupMember",
            ),
            (
                "GET",
                "/v1/{project_id}/cloudservers/detail",
                "ListCloudserversDetail",
            ),
            (
                "POST",
                "/v1.0/{project_id}/instances/{instance_id}/restart",
                "RestartInstance",
            ),
            (
                "POST",
                "/v2/{project_id}/instances/batch-delete",
                "BatchDeleteInstances",
            ),
            (
                "POST",
                "/v1/{project_id}/cloudservers/action",
                "RunCloudserversAction",
            ),
            (
                "GET",
                "/v3/{project_id}/vpc/traffic-mirror-sessions",
                "ListVpcTrafficMirrorSessions",
            ),
            ("GET", "/", "ShowRoot"),
            ("GET", "/{api_version}", "ShowApiVersion"),
            (
                "GET",
                "/v2.0/{project_id}/subnets/{subnet_id}/tags",
                "ShowSubnetTags",
            ),
            (
                "GET",
                "/v2.0/{project_id}/listeners/tags",
                "ListListenersTags",
            ),
            (
                "GET",
                "/v2/{project_id}/instances/{instance_id}/bigkey/autoscan",
                "ShowInstanceBigkeyAutoscan",
            ),
            (
                "GET",
                "/v1/{project_id}/subnets/{subnet_id}/privateips",
                "ListSubnetPrivateips",
            ),
            (
                "POST",
                "/v2/{project_id}/zones/{zone_id}/associaterouter",
                "AssociateZoneRouter",
            ),
        ] {
            assert_eq!(derive(m, p, None), want, "{m} {p}");
        }
        assert_eq!(
            derive(
                "GET",
                "/v3/{project_id}/vpc/traffic-mirror-sessions",
                Some("vpc")
            ),
            "ListTrafficMirrorSessions"
        );
    }

    #[test]
    fn verbs_and_methods() {
        assert!(verb_fits("UpdateDomainProtectPolicy", "PUT"));
        assert!(!verb_fits("UpdateDomainProtectPolicy", "GET"));
        assert!(verb_fits("ListServersByTag", "POST"));
        assert!(!verb_fits("DeleteServer", "GET"));
        assert!(verb_fits("BatchStartServers", "POST"));
    }

    #[test]
    fn suffixes() {
        assert_eq!(version_suffix("/v1.0/{p}/x").as_deref(), Some("V1"));
        assert_eq!(version_suffix("/v2/{p}/x").as_deref(), Some("V2"));
        assert_eq!(version_suffix("/v1.1/x").as_deref(), Some("V11"));
        assert_eq!(version_suffix("/x"), None);
        assert_eq!(discriminator("os-start"), "Start");
    }
}
