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
#[cfg(test)]
pub(crate) fn derive(method: &str, path: &str, service: Option<&str>) -> String {
    derive_with(method, path, service, None)
}

/// [`derive`], with the one value the body's `action` member documents (`delete`), which
/// names what a `.../action` path does: `POST /servers/{id}/tags/action` with `delete` is
/// `BatchDeleteServerTags`.
pub(crate) fn derive_with(
    method: &str,
    path: &str,
    service: Option<&str>,
    action: Option<&str>,
) -> String {
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
    let mut scoped: Vec<&str> = Vec::new();
    while i < segs.len() {
        let s = segs[i];
        if s.starts_with('{') {
            scoped.push(s);
            i += 1;
            continue;
        }
        let next = segs.get(i + 1).copied();
        match next {
            Some(n) if n.starts_with('{') => {
                let ph = n.trim_matches(['{', '}']);
                // `/{project_id}` scopes the call and the segment before it names nothing,
                // unless the pair ends the path (`/projects/{project_id}`: one project) or
                // the scope was given before (`/{project_id}/os-quota-sets/{project_id}`:
                // the quota set of that project).
                if is_scope(ph) && i + 2 < segs.len() && !scoped.contains(&n) {
                    scoped.push(n);
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
        let before = &tail[..tail.len() - 1];
        // `POST /servers/resource_instances/action`: resources filtered (or counted) by tag,
        // the tag service's convention for every resource type.
        if let Some((res, rest)) = before.split_last()
            && words(res)
                .join("_")
                .eq_ignore_ascii_case("resource_instances")
        {
            let verb = if action == Some("count") {
                "Count"
            } else {
                "List"
            };
            return format!("{verb}{}ByTags", noun_before(rest, &parents));
        }
        let noun = noun_before(before, &parents);
        if let Some(verb) = action.filter(|a| is_verb(a)) {
            // A verb on many at once (`tags`) is a batch.
            let batch = if noun.ends_with('s') { "Batch" } else { "" };
            return format!("{batch}{}{noun}", capitalize(verb));
        }
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
        let is_tags = |s: Option<&&str>| s.is_some_and(|t| t.eq_ignore_ascii_case("tags"));
        // A new resource is one of its kind, and so is the kind whose tags are meant
        // (`/listeners/tags`: listener tags); everything else keeps the number it is written in.
        let ws = if (k + 1 == tail.len() && verb == "Create") || is_tags(tail.get(k + 1)) {
            singular_last(ws)
        } else {
            ws
        };
        noun.push_str(&pascal(&ws));
    }
    if noun.is_empty() {
        let placeholder = segs
            .iter()
            .rev()
            .map(|s| s.trim_matches(['{', '}']))
            .find(|s| !is_scope(s));
        return match placeholder {
            // The root of an endpoint lists its API versions, and `/{version}` shows one:
            // the version discovery every service answers.
            None if verb == "Show" => "ListApiVersions".to_owned(),
            Some(p) if verb == "Show" && p.to_ascii_lowercase().contains("version") => {
                "ShowApiVersion".to_owned()
            }
            // Otherwise the path names only what the placeholder names.
            Some(p) => format!("{verb}{}", pascal(&words(p))),
            None => format!("{verb}Root"),
        };
    }
    format!("{verb}{noun}")
}

/// True for a word that names what a call does (`delete`, `create`, `start`).
fn is_verb(word: &str) -> bool {
    VERBS.contains(&word.to_ascii_lowercase().as_str())
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

/// The API version a path names (`/v2.1/...` → `[2, 1]`, `/v1.0/` → `[1, 0]`); empty when it
/// names none. Versions compare as numbers, so `v2.1` is newer than `v2` and `v10` than `v9`.
pub(crate) fn version(path: &str) -> Vec<u32> {
    path.split('/')
        .find(|s| is_version(s))
        .map(|seg| {
            seg[1..]
                .split('.')
                .map(|n| n.parse().unwrap_or(0))
                .collect()
        })
        .unwrap_or_default()
}

/// The name part that tells `path`'s API version from `other`'s: `V2` when the major versions
/// differ, `V2_1` when only the minor ones do; none when both name the same version.
pub(crate) fn version_part(path: &str, other: &str) -> Option<String> {
    let (mine, theirs) = (version(path), version(other));
    let trim = |v: &[u32]| {
        let mut v = v.to_vec();
        while v.len() > 1 && v.last() == Some(&0) {
            v.pop();
        }
        v
    };
    let (mine, theirs) = (trim(&mine), trim(&theirs));
    if mine.is_empty() || mine == theirs {
        return None;
    }
    if mine.first() != theirs.first() {
        return Some(format!("V{}", mine[0]));
    }
    let parts: Vec<String> = mine.iter().map(u32::to_string).collect();
    Some(format!("V{}", parts.join("_")))
}

/// `id` with `part` after its verb, the first word: `ShowServerTags` + `V2` →
/// `ShowV2ServerTags`. A version or a namespace qualifies the whole call, and a name that
/// ends in a number reads like a counter.
pub(crate) fn after_verb(id: &str, part: &str) -> String {
    let cut = id
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(id.len(), |(i, _)| i);
    format!("{}{part}{}", &id[..cut], &id[cut..])
}

/// Literal segments of `path` that `other` does not have, and that `id` does not already
/// say, as a name part: `/v2.0/lbaas/listeners/{id}` beside `/v3/{p}/elb/listeners/{id}`
/// gives `Lbaas`.
pub(crate) fn resource_part(path: &str, other: &str, id: &str) -> Option<String> {
    let literal = |p: &str| -> Vec<String> {
        p.split('?')
            .next()
            .unwrap_or(p)
            .split('/')
            .filter(|s| !s.is_empty() && !is_version(s) && !s.starts_with('{'))
            .map(str::to_ascii_lowercase)
            .collect()
    };
    let theirs = literal(other);
    let id_lower = id.to_ascii_lowercase();
    let part: String = literal(path)
        .iter()
        .filter(|s| !theirs.contains(s))
        .flat_map(|s| words(s))
        .filter(|w| {
            let w = w.to_ascii_lowercase();
            !id_lower.contains(&w) && !id_lower.contains(&singular(&w))
        })
        .map(|w| capitalize(&w))
        .collect();
    (!part.is_empty()).then_some(part)
}

/// True for a path without a literal segment other than a version (`/`, `/{version}`).
pub(crate) fn is_root(path: &str) -> bool {
    path.split('?')
        .next()
        .unwrap_or(path)
        .split('/')
        .all(|s| s.is_empty() || s.starts_with('{') || is_version(s))
}

/// Placeholders of `path` that `other` does not have, as a name part: `ByVolumeId`.
pub(crate) fn placeholder_part(path: &str, other: &str) -> Option<String> {
    let names = |p: &str| -> Vec<String> {
        p.split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .filter(|n| !is_scope(n))
            .map(str::to_ascii_lowercase)
            .collect()
    };
    let theirs = names(other);
    let part: String = names(path)
        .iter()
        .filter(|n| !theirs.contains(n))
        .map(|n| format!("By{}", pascal(&words(n))))
        .collect();
    (!part.is_empty()).then_some(part)
}

/// The one value a body member's description documents (`操作标识：delete（删除）` →
/// `delete`): its only ASCII lower-case word. None when it names none or several.
pub(crate) fn documented_value(description: &str) -> Option<String> {
    let mut found: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in description.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            cur.push(c);
            continue;
        }
        let w = std::mem::take(&mut cur);
        let w = w.trim_matches(['-', '_']);
        if w.is_empty() || w.chars().next().is_some_and(|c| !c.is_ascii_lowercase()) {
            continue;
        }
        if !w.chars().any(|c| c.is_ascii_uppercase()) && !found.iter().any(|f| f == w) {
            found.push(w.to_owned());
        }
    }
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The note of a page the docs mark deprecated: a title with 废弃 or 下线 (`（废弃）`,
/// `[即将下线]`, anywhere, any brackets). The note is the description's sentence that says
/// so (links as their text), else the title.
pub fn deprecation(title: &str, description: &str) -> Option<String> {
    const MARKS: [&str; 3] = ["废弃", "下线", "deprecated"];
    let marked = |s: &str| {
        let l = s.to_lowercase();
        MARKS.iter().any(|m| l.contains(m))
    };
    if !marked(title) {
        return None;
    }
    let sentence = description
        .lines()
        .map(plain)
        .flat_map(|l| {
            l.split_inclusive(['。', '；'])
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .map(|s| s.trim().to_owned())
        .find(|s| marked(s) && !s.is_empty());
    Some(sentence.unwrap_or_else(|| title.trim().to_owned()))
}

/// A Markdown line as text: quote marks, images and emphasis dropped, links as their text.
fn plain(line: &str) -> String {
    let mut s = line.trim_start_matches(['>', ' ']).to_owned();
    // Images first (`![](x.gif)`), then links (`[text](url)` → `text`).
    while let Some(i) = s.find("![") {
        let Some(end) = s[i..].find(')') else { break };
        s.replace_range(i..i + end + 1, "");
    }
    loop {
        let Some(open) = s.find('[') else { break };
        let Some(mid) = s[open..].find("](").map(|m| open + m) else {
            break;
        };
        let Some(close) = s[mid..].find(')').map(|c| mid + c) else {
            break;
        };
        let text = s[open + 1..mid].to_owned();
        s.replace_range(open..close + 1, &text);
    }
    s.replace("**", "").replace("说明：", "").trim().to_owned()
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
            ("GET", "/", "ListApiVersions"),
            (
                "GET",
                "/v2.1/{project_id}/os-quota-sets/{project_id}",
                "ShowQuotaSet",
            ),
            ("GET", "/v3/projects/{project_id}", "ShowProject"),
            ("GET", "/{api_version}", "ShowApiVersion"),
            (
                "GET",
                "/v2.0/{project_id}/subnets/{subnet_id}/tags",
                "ShowSubnetTags",
            ),
            (
                "GET",
                "/v2.0/{project_id}/listeners/tags",
                "ListListenerTags",
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
    fn versions_and_parts() {
        assert_eq!(version("/v2.1/{p}/x"), [2, 1]);
        assert_eq!(version("/x"), Vec::<u32>::new());
        assert!(version("/v10/x") > version("/v9/x"));
        assert_eq!(
            version_part("/v1.0/{p}/x", "/v2/{p}/x").as_deref(),
            Some("V1")
        );
        assert_eq!(version_part("/v2.1/x", "/v2/x").as_deref(), Some("V2_1"));
        assert_eq!(version_part("/v2.0/x", "/v2/x"), None);
        assert_eq!(version_part("/x", "/v2/x"), None);
        assert_eq!(after_verb("ShowServerTags", "V2"), "ShowV2ServerTags");
        assert_eq!(version_part("/v2/{p}/snapshots", "").as_deref(), Some("V2"));
        assert!(is_root("/") && is_root("/{version}") && !is_root("/versions"));
        assert_eq!(
            resource_part(
                "/v2.0/lbaas/listeners/{id}",
                "/v3/{p}/elb/listeners/{id}",
                "ShowListener"
            )
            .as_deref(),
            Some("Lbaas")
        );
        // `servers` against `cloudservers`: the name already says server.
        assert_eq!(
            resource_part(
                "/v1/{p}/servers/{id}/tags",
                "/v1/{p}/cloudservers/{id}/tags",
                "ShowServerTags"
            ),
            None
        );
        assert_eq!(
            placeholder_part(
                "/v2.1/servers/{server_id}/block_device/{volume_id}",
                "/v2.1/servers/{server_id}/block_device"
            )
            .as_deref(),
            Some("ByVolumeId")
        );
        assert_eq!(discriminator("os-start"), "Start");
    }

    #[test]
    fn documented_values() {
        assert_eq!(
            documented_value("操作标识（仅支持小写）：delete（删除）").as_deref(),
            Some("delete")
        );
        assert_eq!(
            documented_value("操作标识：create（创建）、delete（删除）"),
            None
        );
        assert_eq!(documented_value("最大长度127个Unicode字符"), None);
        assert_eq!(
            documented_value("取值为`start`。").as_deref(),
            Some("start")
        );
    }

    #[test]
    fn actions_name_the_call() {
        let p = "/v1/{project_id}/servers/{server_id}/tags/action";
        assert_eq!(
            derive_with("POST", p, None, Some("delete")),
            "BatchDeleteServerTags"
        );
        assert_eq!(
            derive_with("POST", p, None, Some("create")),
            "BatchCreateServerTags"
        );
        assert_eq!(derive_with("POST", p, None, None), "RunServerTagsAction");
        let p = "/v2.0/{project_id}/listeners/resource_instances/action";
        assert_eq!(derive_with("POST", p, None, None), "ListListenersByTags");
        assert_eq!(
            derive_with("POST", p, None, Some("count")),
            "CountListenersByTags"
        );
    }

    #[test]
    fn deprecation_notes() {
        let d = ">![](public_sys-resources/icon-note.gif) **说明：**\n\n>当前API已废弃，请使用[批量删除云服务器标签](批量删除云服务器标签.md)。";
        assert_eq!(
            deprecation("批量删除云服务器标签（废弃）", d).as_deref(),
            Some("当前API已废弃，请使用批量删除云服务器标签。")
        );
        assert_eq!(
            deprecation("查询安全组详细信息(废弃)", "").as_deref(),
            Some("查询安全组详细信息(废弃)")
        );
        assert_eq!(
            deprecation("【即将下线】查询配额", "x").as_deref(),
            Some("【即将下线】查询配额")
        );
        assert_eq!(deprecation("查询配额", "该接口已废弃"), None);
    }
}
