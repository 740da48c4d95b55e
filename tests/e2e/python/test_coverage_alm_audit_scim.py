"""The ALM, Audit and SCIM coverage tables (tests/schemas/coverage) list every
operation of the vendored specs exactly once, map done rows to RPCs that exist
and to tests that exist, and give a reason for anything else."""

import csv
import re

import pytest

from anaplan.v1 import alm_pb2, audit_pb2, scim_pb2
from e2e_support import REPO_ROOT
from openapi_schema import load_spec

COVERAGE = REPO_ROOT / "tests" / "schemas" / "coverage"
SERVICES = {
    "anaplan.v1.AlmService": alm_pb2.DESCRIPTOR.services_by_name["AlmService"],
    "anaplan.v1.AuditService": audit_pb2.DESCRIPTOR.services_by_name["AuditService"],
    "anaplan.v1.ScimService": scim_pb2.DESCRIPTOR.services_by_name["ScimService"],
}


def _spec_ops(family):
    spec = load_spec(family)
    return {(m.upper(), p, o.get("operationId", ""))
            for p, item in spec["paths"].items() for m, o in item.items()
            if m in ("get", "put", "post", "patch", "delete")}


def _known_tests():
    names = set()
    for path in (REPO_ROOT / "tests" / "e2e" / "python").glob("test_*.py"):
        for fn in re.findall(r"^def (test_\w+)", path.read_text(), re.M):
            names.add("%s::%s" % (path.name, fn))
    for path in (REPO_ROOT / "tests" / "unit").rglob("*_test.cc"):
        for suite, case in re.findall(r"^TEST(?:_F)?\((\w+), (\w+)\)", path.read_text(), re.M):
            names.add("%s.%s" % (suite, case))
    return names


@pytest.mark.parametrize("family", ["alm", "audit", "scim"])
def test_table_covers_the_spec(family):
    with open(COVERAGE / ("%s.tsv" % family), newline="") as f:
        reader = csv.DictReader(f, delimiter="\t")
        assert reader.fieldnames == ["method", "path", "operation_id", "grpc", "status", "tests"]
        rows = list(reader)
    keys = [(r["method"], r["path"], r["operation_id"]) for r in rows]
    assert len(keys) == len(set(keys)), "duplicate rows"
    assert set(keys) == _spec_ops(family)
    known = _known_tests()
    for r in rows:
        assert r["status"] in ("done", "not_yet", "not_applicable"), r
        if r["status"] != "done":
            assert r["tests"].strip(), "a reason is required: %r" % (r,)
            continue
        for full in r["grpc"].split(","):
            service, method = full.split("/")
            assert method in SERVICES[service].methods_by_name, full
        for test in r["tests"].split(","):
            name = test.split(" ")[0]
            assert name in known, "unknown test %s in %s" % (name, family)
