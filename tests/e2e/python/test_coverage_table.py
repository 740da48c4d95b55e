"""The coverage tables (tests/schemas/coverage/<family>.tsv) map every
operation of the vendored Anaplan specs to the RPC that serves it and the
emulator route that fakes it. This test keeps them honest: every spec
operation listed exactly once, nothing listed that the spec lacks, every
gRPC method named exists in the contract the service is built from, and
every emulator route named is one the running emulator routes to a handler."""

import csv
import importlib
import pkgutil
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from google.protobuf import descriptor_pool

from openapi_schema import FAMILIES, operations

COVERAGE_DIR = Path(__file__).resolve().parents[2] / "schemas" / "coverage"
HEADER = ["method", "path", "operation_id", "grpc", "emulator", "status", "tests"]
STATUSES = {"done", "not_yet", "not_applicable"}


def _load_contract():
    import anaplan.v1 as pkg
    for mod in pkgutil.iter_modules(pkg.__path__):
        if mod.name.endswith("_pb2"):
            importlib.import_module("anaplan.v1." + mod.name)
    return descriptor_pool.Default()


def _rows(family):
    path = COVERAGE_DIR / ("%s.tsv" % family)
    assert path.exists(), "no coverage table for the %s spec at %s" % (family, path)
    with open(path, newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader)
        assert header == HEADER, "%s: header %r, expected %r" % (path.name, header, HEADER)
        return [dict(zip(HEADER, r)) for r in reader if r and any(r)]


@pytest.mark.parametrize("family", FAMILIES)
def test_every_spec_operation_is_listed_once(family):
    listed = [(r["method"].upper(), r["path"]) for r in _rows(family)]
    spec = [(m, p) for m, p, _ in operations(family)]
    dupes = sorted({x for x in listed if listed.count(x) > 1})
    assert not dupes, "%s: listed more than once: %s" % (family, dupes)
    missing = sorted(set(spec) - set(listed))
    extra = sorted(set(listed) - set(spec))
    assert not missing, "%s: spec operations missing from the table: %s" % (family, missing)
    assert not extra, "%s: table rows the spec does not have: %s" % (family, extra)


@pytest.mark.parametrize("family", FAMILIES)
def test_rows_name_real_rpcs(family):
    pool = _load_contract()
    for row in _rows(family):
        where = "%s %s %s" % (family, row["method"], row["path"])
        assert row["status"] in STATUSES, "%s: status %r" % (where, row["status"])
        if row["status"] == "not_applicable":
            assert row["tests"].strip(), "%s: not_applicable needs a reason" % where
        if row["status"] == "done":
            assert row["grpc"].strip(), "%s: done but no gRPC method named" % where
        names = [g.strip() for g in row["grpc"].split(",") if g.strip()]
        if family in ("authentication", "oauth"):
            # The service itself calls these (flags, token session); the
            # column describes the mechanism rather than naming an RPC.
            names = [n for n in names if n.startswith("anaplan.v1.")]
        for name in names:
            service, _, method = name.partition("/")
            try:
                svc = pool.FindServiceByName(service)
            except KeyError:
                pytest.fail("%s: no service %s in proto/" % (where, service))
            assert svc.FindMethodByName(method) is not None, (
                "%s: %s has no method %s" % (where, service, method))


@pytest.mark.parametrize("family", FAMILIES)
def test_emulator_routes_exist(family, emu, emulator_url):
    """Each `done` row names `METHOD /path` of the emulator (the spec's template
    under the family's base path). Called without credentials, a route the
    emulator has answers 401, 400 or similar; one it lacks answers the
    router's 404 "Resource not found" or 405."""
    missing = []
    for row in _rows(family):
        if row["status"] != "done":
            continue
        method, _, template = row["emulator"].partition(" ")
        assert method == row["method"].upper() and template.rstrip("/").endswith(row["path"].rstrip("/")), (
            "%s %s: emulator route %r does not name the same operation" % (
                family, row["path"], row["emulator"]))
        path = re.sub(r"\{[^}]+\}", "101", template)  # ids: any value the route regex takes
        body = b"" if method in ("POST", "PUT", "PATCH") else None
        req = urllib.request.Request(emulator_url + path, method=method, data=body)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                status, text = resp.status, resp.read()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read()
        if status == 405 or (status == 404 and b"Resource not found" in text):
            missing.append("%s %s -> %d" % (method, path, status))
    assert not missing, "%s: the emulator has no route for: %s" % (family, missing)


def test_summary(capsys):
    """Prints how much of each spec is served (for the closing notes)."""
    with capsys.disabled():
        for family in FAMILIES:
            path = COVERAGE_DIR / ("%s.tsv" % family)
            if not path.exists():
                continue
            rows = _rows(family)
            done = sum(r["status"] == "done" for r in rows)
            print("\ncoverage %-14s %3d/%3d done" % (family, done, len(rows)))
