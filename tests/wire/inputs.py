"""One `--cli-jsonInput` document per operation of an OpenAPI export, with every documented
parameter and body member set to a value of its documented type.

Strings carry characters that need escaping (space, `~`, `/`, `+`, `&`, `=`, non-ASCII) and the
member's own name, so a value that reaches the wrong place shows; query arrays have two
elements; booleans alternate between true and false; integers respect a documented range.
"""
import itertools
import os
import re

# Filled by the client on both sides (credentials' project / domain), never by the input.
ACCOUNT_PATH_PARAMS = {"project_id", "domain_id"}
MAX_DEPTH = 8
CODEGEN_SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "crates",
                           "codegen", "src")
RUNTIME_HEADERS_RE = re.compile(r"RUNTIME_HEADERS: \[&str; \d+\] = \[(.*?)\];", re.S)


def runtime_headers(source=CODEGEN_SRC):
    """The headers the runtime writes itself (authentication, signing, Content-Type), which
    the generator does not make parameters: read from codegen's `RUNTIME_HEADERS` (found in
    whichever file of `source` defines it), so the harness and the generator cannot
    disagree."""
    files = [source] if os.path.isfile(source) else sorted(
        os.path.join(d, f) for d, _, fs in os.walk(source) for f in fs if f.endswith(".rs"))
    for path in files:
        m = RUNTIME_HEADERS_RE.search(open(path, encoding="utf-8").read())
        if m:
            return {h.lower() for h in re.findall(r'"([^"]+)"', m.group(1))}
    raise SystemExit(f"{source}: no RUNTIME_HEADERS list; the harness reads it from there")


class Maker:
    """Values for one operation; `counter` makes successive booleans and numbers differ."""

    def __init__(self, doc):
        self.doc = doc
        self.counter = itertools.count()

    def resolve(self, schema):
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 32:
            name = schema["$ref"].rsplit("/", 1)[-1]
            kind = schema["$ref"].split("/")[-2]
            schema = self.doc.get("components", {}).get(kind, {}).get(name, {})
            seen += 1
        return schema or {}

    def value(self, schema, name, where, depth=0, refs=()):
        """A value for `schema`; None when no finite value exists (a cycle, too deep)."""
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        if ref and ref in refs:
            return None
        refs = refs + ((ref,) if ref else ())
        s = self.resolve(schema)
        for key in ("allOf", "oneOf", "anyOf"):
            if s.get(key):
                return self.value(s[key][0], name, where, depth, refs)
        if s.get("enum"):
            return s["enum"][next(self.counter) % len(s["enum"])]
        kind = s.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "string")
        if kind == "array":
            if depth >= MAX_DEPTH:
                return None
            items = [self.value(s.get("items", {}), f"{name}{i}", where, depth + 1, refs)
                     for i in (1, 2)]
            return [v for v in items if v is not None]
        if kind == "object" or "properties" in s or "additionalProperties" in s:
            return self.object(s, name, where, depth, refs)
        if kind == "integer":
            return self.integer(s)
        if kind == "number":
            return 2.5 + next(self.counter)
        if kind == "boolean":
            return next(self.counter) % 2 == 0
        return self.string(name, where)

    def object(self, s, name, where, depth, refs):
        if depth >= MAX_DEPTH:
            return None
        out = {}
        for member, ms in (s.get("properties") or {}).items():
            v = self.value(ms, member, where, depth + 1, refs)
            if v is not None:
                out[member] = v
        extra = s.get("additionalProperties")
        if isinstance(extra, dict):
            v = self.value(extra, "v", where, depth + 1, refs)
            if v is not None:
                out[f"{name}-key é"] = v
        return out

    def integer(self, s):
        n = 3 + next(self.counter)
        lo, hi = s.get("minimum"), s.get("maximum")
        if isinstance(lo, (int, float)) and n < lo:
            n = int(lo)
        if isinstance(hi, (int, float)) and n > hi:
            n = int(hi)
        return n

    @staticmethod
    def string(name, where):
        if where == "header":
            return f"{name} h~v/w"  # ASCII: header bytes beyond it are not portable
        if where == "path":
            return f"{name} p~q/r+é"
        return f"{name} a~b/c+d&e=f é"


def parameters(doc, op):
    """The operation's parameters, references resolved."""
    m = Maker(doc)
    return [m.resolve(p) for p in op.get("parameters", [])]


def json_body_schema(op):
    """The JSON request body's schema, or (None, reason) when there is none or it is not JSON."""
    body = op.get("requestBody")
    if not body:
        return None, None
    content = body.get("content", {})
    for media, spec in content.items():
        if "json" in media:
            return spec.get("schema", {}), None
    return None, f"request body is not JSON ({', '.join(content) or 'no media type'})"


def make_input(doc, op, is_parameter=lambda name: False, skip_headers=frozenset()):
    """(input document, reason it cannot be compared or None). `project_id` and `domain_id`
    in the path are left to the client (the credentials' ids on both sides) unless
    `is_parameter(name)` says the other side takes them as ordinary parameters; headers in
    `skip_headers` (lower case) are left to the runtime."""
    m = Maker(doc)
    inp = {"path": {}, "query": {}, "header": {}}
    for p in parameters(doc, op):
        where, name = p.get("in"), p.get("name")
        if where == "path" and name in ACCOUNT_PATH_PARAMS and not is_parameter(name):
            continue
        if where == "header" and name.lower() in skip_headers:
            continue
        if where not in inp:
            continue  # cookies: none documented
        v = m.value(p.get("schema", {}), name, where)
        if v is not None:
            inp[where][name] = v
    schema, reason = json_body_schema(op)
    if reason:
        return inp, reason
    if schema is not None:
        inp["body"] = m.value(schema, "body", "body")
    return inp, None


def is_required(doc, op, where):
    """Whether the page requires the member at `where` (("query", "limit"), ("body", "a", 0,
    "b")): a required parameter, or a member its object lists as required."""
    m = Maker(doc)
    if where[0] != "body":
        return any(p.get("in") == where[0] and p.get("name") == where[1] and p.get("required")
                   for p in parameters(doc, op))
    if len(where) == 1:
        return bool(op.get("requestBody", {}).get("required"))
    schema = m.resolve(json_body_schema(op)[0] or {})
    for i, key in enumerate(where[1:], start=1):
        if isinstance(key, int):
            schema = m.resolve(schema.get("items", {}))
        elif i == len(where) - 1:
            return key in (schema.get("required") or [])
        else:
            schema = m.resolve((schema.get("properties") or {}).get(key, {}))
    return False
