#!/usr/bin/env python3
"""The harness's own checks: the comparison finds each kind of difference, the capture server
keeps the raw request, the input maker covers every documented member. No SDK, no sender.

  python3 tests/wire/selftest.py      # prints `N passed, M failed`
"""
import http.client
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from capture import Captured, CaptureServer  # noqa: E402
import compare as cmp  # noqa: E402
import inputs  # noqa: E402

RESULTS = []


def check(name, ok):
    RESULTS.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}")


def compare(a, b, headers=()):
    return cmp.compare(a, b, list(headers))


def req(method="GET", target="/p", headers=None, body=b""):
    if headers is None:
        headers = {"Content-Type": "application/json"}
    return Captured(method, target, list(headers.items()), body)


def test_compare():
    check("identical requests compare equal", compare(req(), req()) == {})
    check("query order does not matter", compare(req(target="/p?a=1&b=2"), req(target="/p?b=2&a=1")) == {})
    check("a repeated key is not a csv value",
          "query" in compare(req(target="/p?a=1&a=2"), req(target="/p?a=1%2C2")))
    check("a missing repetition is found", "query" in compare(req(target="/p?a=1&a=1"), req(target="/p?a=1")))
    check("`+` for a space is not `%20`", "query" in compare(req(target="/p?a=x%20y"), req(target="/p?a=x+y")))
    check("`%7E` is not `~` in the path", "path" in compare(req(target="/a~b"), req(target="/a%7Eb")))
    check("the method is compared", "method" in compare(req("GET"), req("DELETE")))
    check("1 and 1.0 differ in a body", "body" in compare(req(body=b'{"a":1}'), req(body=b'{"a":1.0}')))
    check("true and 1 differ in a body", "body" in compare(req(body=b'{"a":true}'), req(body=b'{"a":1}')))
    check("a string number differs", "body" in compare(req(body=b'{"a":1}'), req(body=b'{"a":"1"}')))
    check("JSON whitespace and key order do not matter",
          compare(req(body=b'{"a": 1, "b": [2]}'), req(body=b'{"b":[2],"a":1}')) == {})
    check("{} and no body differ", "body" in compare(req(body=b"{}"), req(body=b"")))
    check("a member only one side sends is found",
          "body" in compare(req(body=b'{"a":{"b":1}}'), req(body=b'{"a":{"b":1,"c":null}}')))
    check("Content-Type is compared", "content-type" in compare(req(), req(headers={})))
    check("a second Content-Type is a difference", "content-type" in compare(
        req(), Captured("GET", "/p", [("Content-Type", "application/json")] * 2, b"")))
    check("the difference reads 'a' vs 'b'", compare(req(), req(headers={"Content-Type": "text/plain"}))
          == {"content-type": "'application/json' vs 'text/plain'"})
    check("header parameters are compared by name, case-insensitively",
          compare(req(headers={"X-Language": "en"}), req(headers={"x-language": "zh"}), ["X-Language"])
          .keys() == {"header X-Language"}
          and compare(req(headers={"X-Language": "en"}), req(headers={"x-language": "en"}),
                      ["X-Language"]) == {})


def test_capture():
    with CaptureServer() as s:
        host, port = s.url[len("http://"):].split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        conn.request("PUT", "/v1/a%2Fb?x=1&x=%20~", body=b'{"k": 1}',
                     headers={"Content-Type": "application/json", "X-A": "v"})
        answer = conn.getresponse()
        check("the capture server answers 200 {}", answer.status == 200 and answer.read() == b"{}")
        c = s.take(timeout=2)
        check("it keeps the raw path and query", c is not None and (c.path, c.query)
              == ("/v1/a%2Fb", "x=1&x=%20~"))
        check("it keeps the method, headers and body bytes", c is not None and c.method == "PUT"
              and c.header("x-a") == "v" and c.body == b'{"k": 1}')
        check("nothing else was captured", s.drain() == [])


def test_inputs():
    doc = {"components": {"schemas": {
        "Node": {"type": "object", "properties": {"name": {"type": "string"},
                                                  "child": {"$ref": "#/components/schemas/Node"}}},
        "Body": {"type": "object", "properties": {
            "n": {"type": "integer", "minimum": 10, "maximum": 12}, "f": {"type": "boolean"},
            "e": {"type": "string", "enum": ["A", "B"]}, "tags": {"type": "array", "items": {"type": "string"}},
            "m": {"type": "object", "additionalProperties": {"type": "integer"}},
            "node": {"$ref": "#/components/schemas/Node"}}}}}}
    op = {"parameters": [
        {"name": "project_id", "in": "path", "schema": {"type": "string"}},
        {"name": "id", "in": "path", "schema": {"type": "string"}},
        {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
        {"name": "flag", "in": "query", "schema": {"type": "boolean"}},
        {"name": "X-Lang", "in": "header", "schema": {"type": "string"}},
        {"name": "X-Auth-Token", "in": "header", "required": True, "schema": {"type": "string"}}],
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Body"}}}}}
    inp, reason = inputs.make_input(doc, op, skip_headers=inputs.runtime_headers())
    check("an input for a JSON body is compared", reason is None)
    check("headers the runtime writes are left to it", set(inp["header"]) == {"X-Lang"})
    check("codegen's runtime headers are read", {"x-auth-token", "content-type"} <= inputs.runtime_headers())
    check("the account's path id is left to the client", "project_id" not in inp["path"])
    check("path value has characters to escape", " " in inp["path"]["id"] and "/" in inp["path"]["id"]
          and "~" in inp["path"]["id"])
    check("query arrays have two elements", len(inp["query"]["ids"]) == 2)
    check("booleans are JSON booleans", isinstance(inp["query"]["flag"], bool))
    body = inp["body"]
    check("every body member is set", set(body) == {"n", "f", "e", "tags", "m", "node"})
    check("integers respect the documented range", 10 <= body["n"] <= 12 and type(body["n"]) is int)
    check("enums take a documented value", body["e"] in ("A", "B"))
    check("a recursive type stops at the cycle", "child" not in body["node"])
    check("maps get a key", len(body["m"]) == 1)
    _, reason = inputs.make_input(doc, {"requestBody": {"content": {"multipart/form-data": {}}}})
    check("a non-JSON body is reported, not compared", reason is not None and "multipart" in reason)


if __name__ == "__main__":
    test_compare()
    test_capture()
    test_inputs()
    print(f"{sum(RESULTS)} passed, {len(RESULTS) - sum(RESULTS)} failed")
    sys.exit(0 if all(RESULTS) else 1)
