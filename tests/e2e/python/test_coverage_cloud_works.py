"""tests/schemas/coverage/cloudworks.tsv maps every operation of the CloudWorks
spec to the RPC serving it, or marks it out of scope with a reason."""

import csv
from pathlib import Path

from anaplan.v1 import cloud_works_pb2

from openapi_schema import operations

TABLE = Path(__file__).resolve().parents[2] / "schemas" / "coverage" / "cloudworks.tsv"
HEADER = ["method", "path", "operation_id", "grpc", "status", "tests"]


def rows():
    with open(TABLE, newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        assert next(reader) == HEADER
        return [dict(zip(HEADER, r)) for r in reader]


def test_every_spec_operation_has_one_row():
    spec = {(m, p, op["operationId"]) for m, p, op in operations("cloudworks")}
    table = [(r["method"], r["path"], r["operation_id"]) for r in rows()]
    assert len(table) == len(set(table))
    assert set(table) == spec


def test_rows_name_real_rpcs_or_give_reasons():
    service = cloud_works_pb2.DESCRIPTOR.services_by_name["CloudWorksService"]
    methods = {"anaplan.v1.CloudWorksService/" + m.name for m in service.methods}
    for r in rows():
        assert r["status"] in ("done", "not_yet", "not_applicable"), r
        if r["status"] == "done":
            grpc_names = r["grpc"].split(",")
            assert grpc_names and set(grpc_names) <= methods, r
            assert r["tests"], r
        else:
            assert r["tests"].strip(), "a reason is required: %r" % r
    served = {g for r in rows() for g in r["grpc"].split(",") if g}
    assert served == methods, "RPCs without a spec operation: %s" % (methods - served)
