"""How two captured requests are compared: method, raw path, query as a multiset of raw
`key=value` pairs, body as JSON with strict types, Content-Type, header parameters."""
import collections
import json


def json_diff(a, b, where="$"):
    """The first place where `a` and `b` differ, types strict; None when equal."""
    if type(a) is not type(b):
        return f"{where}: {json.dumps(a, ensure_ascii=False)} vs {json.dumps(b, ensure_ascii=False)}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                side = "SDK only" if k in a else "ours only"
                return f"{where}.{k}: {side}"
            d = json_diff(a[k], b[k], f"{where}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = json_diff(x, y, f"{where}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{where}: {a!r} vs {b!r}"


def query_pairs(query):
    return collections.Counter(p for p in (query or "").split("&") if p)


def body_diff(sdk, ours):
    if not sdk and not ours:
        return None
    if not sdk or not ours:
        return f"SDK sent {len(sdk)} bytes, ours {len(ours)}"
    try:
        a, b = json.loads(sdk), json.loads(ours)
    except ValueError:
        return None if sdk == ours else f"not JSON and not equal: {sdk[:80]!r} vs {ours[:80]!r}"
    return json_diff(a, b)


def compare(sdk, ours, header_names):
    """{field: detail} of every difference between two captured requests."""
    out = {}
    if sdk.method != ours.method:
        out["method"] = f"{sdk.method} vs {ours.method}"
    if sdk.path != ours.path:
        out["path"] = f"{sdk.path} vs {ours.path}"
    qa, qb = query_pairs(sdk.query), query_pairs(ours.query)
    if qa != qb:
        out["query"] = f"SDK only {sorted((qa - qb).elements())}, ours only {sorted((qb - qa).elements())}"
    d = body_diff(sdk.body, ours.body)
    if d:
        out["body"] = d
    for field, name in [("content-type", "Content-Type")] + [(f"header {n}", n) for n in header_names]:
        a, b = sdk.header_values(name), ours.header_values(name)
        if a != b:
            # One value each reads as before ('x' vs 'y'); a repeated header shows as a list.
            show = (lambda v: repr(v[0]) if len(v) == 1 else repr(v or None))
            out[field] = f"{show(a)} vs {show(b)}"
    return out
