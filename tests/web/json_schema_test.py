"""The JSON wire format against its documentation (issue 22): README.md's
"JSON output" tables list every field of a search response and of a
result, with its type. This test reads those tables and checks real
answers, of `zhsearch search --json` and of GET /api/search, exact and
relaxed, with and without meta=1 and --explain: every field they hold is
documented, has the documented type, and every required field is there.
Usage: json_schema_test.py ZHSEARCH CORPUS_DIR WORK_DIR README"""

import re
import sys
import urllib.parse

from web_fixture import FAILURES, Fixture, check
from http_test import get_json


def parse_table(readme, name):
    """{field: (type, where)} from the table between the json-schema markers;
    `where` is "" (always), "optional", "api" or "meta"."""
    m = re.search(rf"<!-- json-schema:{name} -->\n(.*?)<!-- /json-schema:{name} -->", readme, re.S)
    assert m, f"README.md has no json-schema:{name} table"
    fields = {}
    for line in m.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        type_cell = cells[1]
        where = ("meta" if "meta=1" in type_cell else "api" if "API only" in type_cell
                 else "optional" if "optional" in type_cell else "")
        kind = re.sub(r",\s*(optional|API only|API `meta=1` only)$", "", type_cell).strip()
        for name_ in re.findall(r"`([a-z_]+)`", cells[0]):
            fields[name_] = (kind, where)
    assert fields, f"json-schema:{name} table is empty"
    return fields


def has_type(value, kind):
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return type(value) is int and value >= 0
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "array of string":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "array of [integer, integer]":
        return isinstance(value, list) and all(
            isinstance(s, list) and len(s) == 2 and all(type(x) is int for x in s) and 0 <= s[0] < s[1] for s in value)
    raise AssertionError(f"README documents an unknown type {kind!r}")


def check_object(obj, schema, allowed, what):
    """`allowed`: the `where` values this answer may carry."""
    for key, value in obj.items():
        if key not in schema:
            check(False, f"{what}: field {key!r} is not documented in README.md")
            continue
        kind, where = schema[key]
        check(where in allowed, f"{what}: field {key!r} is documented as {where or 'always'}-only")
        check(has_type(value, kind), f"{what}: {key} = {value!r} is not {kind}")
    for key, (kind, where) in schema.items():
        if where == "" or (where in ("api", "meta") and where in allowed):
            check(key in obj, f"{what}: documented field {key!r} is missing")


def check_response(obj, response, result, allowed, what):
    check_object(obj, response, {""}, what)
    for i, r in enumerate(obj.get("results", [])):
        check_object(r, result, allowed, f"{what} result {i + 1}")
        for spans, text in (("highlights", "passage"), ("title_highlights", "title"), ("heading_highlights", "heading")):
            if spans in r:
                n = len(r[text])
                check(all(e <= n for _, e in r[spans]), f"{what} result {i + 1}: {spans} past the end of {text}")
    if obj.get("total_is_estimate") is False:
        check(obj["total_passages"] >= obj["total"], f"{what}: total_passages < total")
        check(obj["total_documents"] <= obj["total_passages"], f"{what}: more documents than passages")


def main():
    zhsearch, corpus, work, readme_path = sys.argv[1:5]
    readme = open(readme_path, encoding="utf-8").read()
    response = parse_table(readme, "response")
    result = parse_table(readme, "result")
    fx = Fixture(zhsearch, corpus, work, "schema")
    try:
        queries = ["说", "小团队", "团队", "怎么样才能让小团队成功呢", "时间戳链接测试", "没有这个词zzzz"]
        for query in queries:
            cli = fx.cli_search_json(query)
            check_response(cli, response, result, {"", "optional"}, f"CLI {query}")
        cli = fx.cli_search_json("团队", "--explain")
        check_object({k: v for k, v in cli.items() if k != "explain"}, response, {""}, "CLI --explain")
        check(isinstance(cli.get("explain", {}).get("plan"), list), "CLI --explain: explain.plan is a list")
        for r in cli["results"]:
            check_object(r, result, {"", "optional"}, "CLI --explain result")
        relaxed = fx.cli_search_json("怎么样才能让小团队成功呢")
        check(relaxed["relaxed"] and relaxed["total_is_estimate"] is True, "relaxed: total_is_estimate true")
        exact = fx.cli_search_json("说")
        check(exact["total_is_estimate"] is False and exact["total_passages"] == 7 and exact["total_documents"] == 1,
              f"说: 7 passages in 1 document, got {exact['total_passages']} in {exact['total_documents']}")
        server = fx.serve()
        for query in queries:
            path = "/api/search?q=" + urllib.parse.quote(query)
            status, _, api = get_json(server, path)
            check(status == 200, f"API {query}: status {status}")
            check_response(api, response, result, {"", "optional", "api"}, f"API {query}")
            status, _, api = get_json(server, path + "&meta=1")
            check_response(api, response, result, {"", "optional", "api", "meta"}, f"API meta=1 {query}")
    finally:
        fx.close()
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        return 1
    print("every JSON field is documented, typed as documented, and present")
    return 0


if __name__ == "__main__":
    sys.exit(main())
