"""Decoding of rich gRPC statuses into the AnaplanError family."""

import grpc
import pytest
from google.protobuf import duration_pb2
from google.rpc import error_details_pb2

import anaplan_grpc as ag
from anaplan.v1 import common_pb2

from fake_bulk import rich_abort


def _raise_with(fake, method, code, message, **kw):
    def reply(request, context):
        rich_abort(context, code, message, **kw)
    fake.replies[method] = reply


def test_not_found_with_error_info(fake_client, fake):
    _raise_with(fake, "GetFiles", grpc.StatusCode.NOT_FOUND, "model not found",
                reason="ANAPLAN_NOT_FOUND",
                metadata={"http_status": "404", "request_id": "req-1", "model_id": "X"})
    with pytest.raises(ag.InvalidIdentifierError) as ei:
        fake_client.get_files()
    e = ei.value
    assert isinstance(e, ag.AnaplanError) and isinstance(e, ag.InvalidIdentifierException)
    assert e.code == grpc.StatusCode.NOT_FOUND
    assert e.reason == "ANAPLAN_NOT_FOUND" and e.domain == "anaplan.v1"
    assert e.details == "model not found"
    assert e.http_status == 404 and e.request_id == "req-1"
    assert e.metadata["model_id"] == "X"
    assert e.task_status is None and e.retry_delay is None
    assert "model not found" in str(e) and "NOT_FOUND" in str(e)


def test_task_failed_carries_task_status(fake_client, fake):
    task = common_pb2.TaskStatus(
        task_id="T9", task_state=common_pb2.TASK_STATE_COMPLETE, task_state_name="COMPLETE",
        result=common_pb2.TaskResult(successful=False, failure_dump_available=True,
                                     object_id="112000000000"))
    _raise_with(fake, "RunAction", grpc.StatusCode.ABORTED, "import failed",
                reason="ANAPLAN_TASK_FAILED", details=[task])
    with pytest.raises(ag.AnaplanActionError) as ei:
        fake_client.run_action(112000000000)
    e = ei.value
    assert isinstance(e, ag.AbortedError)
    assert e.reason == "ANAPLAN_TASK_FAILED"
    assert e.task_status.task_id == "T9" and e.task_status.task_state == "COMPLETE"
    assert not e.task_status.successful and e.task_status.failure_dump_available


def test_conflict(fake_client, fake):
    _raise_with(fake, "RunAction", grpc.StatusCode.ABORTED, "busy",
                reason="ANAPLAN_CONFLICT", metadata={"http_status": "409"})
    with pytest.raises(ag.ConflictError) as ei:
        fake_client.run_action(1)
    assert ei.value.http_status == 409


def test_rate_limit_retry_info(fake_client, fake):
    _raise_with(fake, "GetWorkspaces", grpc.StatusCode.RESOURCE_EXHAUSTED, "slow down",
                reason="ANAPLAN_RATE_LIMITED", metadata={"http_status": "429"},
                details=[error_details_pb2.RetryInfo(
                    retry_delay=duration_pb2.Duration(seconds=2, nanos=500000000))])
    with pytest.raises(ag.RateLimitError) as ei:
        fake_client.get_workspaces()
    assert ei.value.retry_delay == 2.5 and ei.value.http_status == 429


def test_bad_request_field_violations(fake_client, fake):
    _raise_with(fake, "GetFiles", grpc.StatusCode.INVALID_ARGUMENT, "bad",
                reason="INVALID_REQUEST", details=[error_details_pb2.BadRequest(
                    field_violations=[error_details_pb2.BadRequest.FieldViolation(
                        field="model_id", description="must not be empty")])])
    with pytest.raises(ag.InvalidArgumentError) as ei:
        fake_client.get_files()
    assert ei.value.field_violations == [("model_id", "must not be empty")]


def test_http_status_and_request_id_from_trailing_metadata(fake_client, fake):
    _raise_with(fake, "GetWorkspaces", grpc.StatusCode.UNAVAILABLE, "anaplan down",
                trailers=[("anaplan-http-status", "503"), ("anaplan-request-id", "r-77")])
    with pytest.raises(ag.UnavailableError) as ei:
        fake_client.get_workspaces()
    assert ei.value.http_status == 503 and ei.value.request_id == "r-77"
    assert ei.value.reason is None


def test_plain_status_without_details(fake_client, fake):
    def reply(request, context):
        context.abort(grpc.StatusCode.UNAUTHENTICATED, "who are you")
    fake.replies["GetWorkspaces"] = reply
    with pytest.raises(ag.InvalidCredentialsError) as ei:
        fake_client.get_workspaces()
    assert ei.value.details == "who are you" and ei.value.status is None


@pytest.mark.parametrize("code,cls", [
    (grpc.StatusCode.PERMISSION_DENIED, ag.PermissionDeniedError),
    (grpc.StatusCode.FAILED_PRECONDITION, ag.FailedPreconditionError),
    (grpc.StatusCode.DEADLINE_EXCEEDED, ag.DeadlineExceededError),
    (grpc.StatusCode.DATA_LOSS, ag.DataLossError),
    (grpc.StatusCode.INTERNAL, ag.InternalError),
    (grpc.StatusCode.ABORTED, ag.AbortedError),
    (grpc.StatusCode.UNIMPLEMENTED, ag.AnaplanError),
])
def test_code_mapping(fake_client, fake, code, cls):
    _raise_with(fake, "GetWorkspaces", code, "m", reason="R")
    with pytest.raises(cls) as ei:
        fake_client.get_workspaces()
    assert type(ei.value) is cls and ei.value.code == code


def test_error_in_the_middle_of_a_server_stream(fake_client, fake):
    def reply(request, context):
        yield common_pb2.DataChunk(data=b"partial")
        rich_abort(context, grpc.StatusCode.UNAVAILABLE, "gone",
                   reason="ANAPLAN_UNAVAILABLE", metadata={"http_status": "503"})
    fake.replies["GetImportDump"] = reply
    with pytest.raises(ag.UnavailableError) as ei:
        fake_client.get_import_dump(1, "T")
    assert ei.value.http_status == 503


def test_error_of_a_client_stream(fake_client, fake):
    def reply(reqs, context):
        rich_abort(context, grpc.StatusCode.DATA_LOSS, "sha mismatch", reason="CHECKSUM")
    fake.replies["UploadFile"] = reply
    with pytest.raises(ag.DataLossError) as ei:
        fake_client.upload_file(1, b"abc", expected_sha256="00")
    assert ei.value.reason == "CHECKSUM"


def test_unreachable_server_is_unavailable():
    with ag.Client("127.0.0.1:1", "W", "M", timeout=2) as c:
        with pytest.raises((ag.UnavailableError, ag.DeadlineExceededError)):
            c.get_files()
