"""Validates emulator responses against the live-tested Anaplan OpenAPI specs.

The specs are vendored under tests/schemas/anaplan-openapi (Apache-2.0, see
its NOTICE) so CI does not depend on files outside the checkout.

    check_response("integration", "GET", "/2/0/workspaces", 200, body)

finds the operation whose path template matches the concrete path (the
spec's server prefix such as /2/0 is stripped), takes the JSON schema of the
documented response for that status and validates `body` with OpenAPI 3.0
semantics (nullable, etc.). A missing operation, an undocumented status or a
schema violation fails with a message naming the operation.
"""

import functools
import json
import re
from pathlib import Path
from typing import Any, Dict, Optional, Tuple
from urllib.parse import urlparse

from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SPEC_ROOT = Path(__file__).resolve().parents[2] / "schemas" / "anaplan-openapi"
FAMILIES = ("integration", "alm", "audit", "cloudworks", "scim", "authentication", "oauth")
_METHODS = ("get", "post", "put", "patch", "delete")


@functools.lru_cache(maxsize=None)
def load_spec(family: str) -> Dict[str, Any]:
    if family not in FAMILIES:
        raise ValueError("unknown spec family %r; one of %s" % (family, ", ".join(FAMILIES)))
    with open(SPEC_ROOT / family / ("%s-openapi.json" % family)) as f:
        return _fix_double_escaped_patterns(json.load(f))


def _fix_double_escaped_patterns(node: Any) -> Any:
    # Some spec patterns were escaped twice (a regex "\\." that would demand a
    # literal backslash, so no real e-mail address matches); undo that once.
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                node[key] = value.replace("\\\\", "\\")
            else:
                _fix_double_escaped_patterns(value)
    elif isinstance(node, list):
        for item in node:
            _fix_double_escaped_patterns(item)
    return node


def _server_prefixes(spec: Dict[str, Any]):
    prefixes = set()
    for server in spec.get("servers", []):
        path = urlparse(server.get("url", "")).path.rstrip("/")
        if path:
            prefixes.add(path)
    # Longest first, so /scim/1/0/v2 wins over /scim.
    return sorted(prefixes, key=len, reverse=True)


def _template_regex(template: str) -> "re.Pattern[str]":
    parts = re.split(r"(\{[^}]+\})", template.rstrip("/"))
    body = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile("^" + body + "/?$")


def operations(family: str):
    """Yields (METHOD, path template, operation) for every operation of a spec."""
    for template, item in load_spec(family)["paths"].items():
        for method in _METHODS:
            if method in item:
                yield method.upper(), template, item[method]


def find_operation(family: str, method: str, path: str) -> Tuple[str, Dict[str, Any]]:
    """Returns (path template, operation) for a concrete request path."""
    spec = load_spec(family)
    path = urlparse(path).path
    candidates = [path]
    for prefix in _server_prefixes(spec):
        if path.startswith(prefix + "/") or path == prefix:
            candidates.append(path[len(prefix):] or "/")
    matches = []
    for template, item in spec["paths"].items():
        op = item.get(method.lower())
        if op is None:
            continue
        regex = _template_regex(template)
        if any(regex.match(c) for c in candidates):
            matches.append((template, op))
    if not matches:
        raise AssertionError("%s spec has no operation %s %s" % (family, method, path))
    # Prefer the most literal template (fewest placeholders), e.g. /models/{id}/lists
    # over /models/{id}/{other}.
    matches.sort(key=lambda m: (m[0].count("{"), -len(m[0])))
    return matches[0]


def _registry(family: str) -> Registry:
    uri = "urn:anaplan-openapi:%s" % family
    resource = Resource(contents=load_spec(family), specification=DRAFT4)
    return Registry().with_resource(uri, resource)


def response_schema(family: str, method: str, path: str, status: int,
                    content_type: str = "application/json") -> Optional[Dict[str, Any]]:
    """The documented schema for a response, or None when the spec gives no body."""
    template, op = find_operation(family, method, path)
    responses = op.get("responses", {})
    resp = responses.get(str(status)) or responses.get("%dXX" % (status // 100)) \
        or responses.get("default")
    if resp is None:
        raise AssertionError("%s %s (%s): status %d is not documented; documented: %s" % (
            method, template, op.get("operationId"), status, ", ".join(sorted(responses))))
    if "$ref" in resp:
        resp = _resolve(family, resp["$ref"])
    content = resp.get("content") or {}
    media = content.get(content_type) or next(
        (v for k, v in content.items() if "json" in k), None)
    if media is None:
        return None
    return media.get("schema")


def _resolve(family: str, ref: str) -> Dict[str, Any]:
    node: Any = load_spec(family)
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def check_response(family: str, method: str, path: str, status: int, body: Any,
                   content_type: str = "application/json") -> None:
    """Raises AssertionError naming the operation when `body` breaks the schema."""
    schema = response_schema(family, method, path, status, content_type)
    if schema is None:
        return
    template, op = find_operation(family, method, path)
    # Refs inside the schema are "#/components/..."; resolve them against the spec.
    wrapped = dict(schema)
    wrapped.setdefault("components", load_spec(family).get("components", {}))
    validator = OAS30Validator(wrapped, registry=_registry(family))
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        lines = ["%s at %s: %s" % (op.get("operationId", template),
                                   "/".join(str(p) for p in e.absolute_path) or "<root>",
                                   e.message[:300]) for e in errors[:10]]
        raise AssertionError("%s %s (%d) does not match the %s spec:\n  %s" % (
            method, path, status, family, "\n  ".join(lines)))
