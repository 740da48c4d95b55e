"""An in-process fake of BulkService, for unit tests of the client helper.

The fake records every request it receives (``fake.calls``: list of
``(method, request_or_list_of_requests)``) and answers from ``fake.replies``
(method -> a message, a list of stream messages, or a callable(request,
context)). ``rich_abort`` aborts a call with a real google.rpc.Status carrying
details, as the C++ service does.
"""

import threading

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

from anaplan.v1 import bulk_pb2, bulk_pb2_grpc, common_pb2

WS = "8a868cd985f53e7701860542f59e276e"
MODEL = "75A40874E6B64FA3AE0743278996850F"


def rich_abort(context, code, message, reason=None, metadata=None, details=(),
               trailers=()):
    """Aborts with google.rpc.Status{code, message, [ErrorInfo, *details]}."""
    packed = []
    if reason is not None:
        info = error_details_pb2.ErrorInfo(reason=reason, domain="anaplan.v1",
                                           metadata=metadata or {})
        packed.append(info)
    packed.extend(details)
    anys = []
    for d in packed:
        a = any_pb2.Any()
        a.Pack(d)
        anys.append(a)
    status = status_pb2.Status(code=code.value[0], message=message, details=anys)
    grpc_status = rpc_status.to_status(status)
    if trailers:
        grpc_status = _with_trailers(grpc_status, trailers)
    context.abort_with_status(grpc_status)


def _with_trailers(st, extra):
    class _S(grpc.Status):
        code = st.code
        details = st.details
        trailing_metadata = tuple(st.trailing_metadata) + tuple(extra)
    return _S()


class FakeBulk(bulk_pb2_grpc.BulkServiceServicer):
    def __init__(self):
        self.calls = []
        self.replies = {}
        self.lock = threading.Lock()
        self.stream_cancelled = threading.Event()
        self.stream_ended = threading.Event()  # a client stream's requests ended, by any means
        self.metadata = []  # (method, dict of invocation metadata) per call

    def _record(self, name, request, context=None):
        with self.lock:
            self.calls.append((name, request))
            if context is not None:
                self.metadata.append((name, dict(context.invocation_metadata())))

    def last(self, name):
        for n, r in reversed(self.calls):
            if n == name:
                return r
        raise AssertionError("no %s call in %r" % (name, [n for n, _ in self.calls]))

    def _reply(self, name, request, context, default):
        r = self.replies.get(name, default)
        return r(request, context) if callable(r) else r


def _unary(name, default_factory):
    def method(self, request, context):
        self._record(name, request, context)
        return self._reply(name, request, context, default_factory())
    return method


def _server_stream(name):
    def method(self, request, context):
        self._record(name, request, context)
        r = self.replies.get(name, [])
        if callable(r):
            r = r(request, context)
        for msg in r:
            yield msg
    return method


def _client_stream(name, response_factory):
    def method(self, request_iterator, context):
        reqs = []
        try:
            for r in request_iterator:
                reqs.append(r)
        except Exception:
            pass
        if not context.is_active():
            # The client cancelled mid-stream: record what came.
            self._record(name + ":cancelled", reqs, context)
            self.stream_cancelled.set()
            self.stream_ended.set()
            return None
        self._record(name, reqs, context)
        self.stream_ended.set()
        r = self.replies.get(name)
        if callable(r):
            return r(reqs, context)
        return r if r is not None else response_factory(reqs)
    return method


def _upload_response(reqs):
    total = sum(len(r.data) for r in reqs[1:])
    return bulk_pb2.UploadFileResponse(file_id=reqs[0].header.file.id,
                                       bytes_received=total)


def _task(task_id="T1", successful=True):
    return common_pb2.TaskStatus(
        task_id=task_id, task_state=common_pb2.TASK_STATE_COMPLETE,
        task_state_name="COMPLETE", progress=1.0,
        result=common_pb2.TaskResult(successful=successful))


for _name, _resp in [
        ("GetWorkspaces", bulk_pb2.GetWorkspacesResponse),
        ("GetWorkspace", bulk_pb2.Workspace),
        ("GetModels", bulk_pb2.GetModelsResponse),
        ("GetModel", bulk_pb2.Model),
        ("DeleteModels", bulk_pb2.DeleteModelsResponse),
        ("GetFiles", bulk_pb2.GetFilesResponse),
        ("GetActions", bulk_pb2.GetActionsResponse),
        ("GetProcesses", bulk_pb2.GetProcessesResponse),
        ("GetImports", bulk_pb2.GetImportsResponse),
        ("GetExports", bulk_pb2.GetExportsResponse),
        ("GetImportMetadata", bulk_pb2.ImportMetadata),
        ("GetExportMetadata", bulk_pb2.ExportMetadata),
        ("GetProcessMetadata", bulk_pb2.ProcessMetadata),
        ("RunAction", lambda: bulk_pb2.RunActionResponse(task=_task())),
        ("GetTaskSummaries", bulk_pb2.GetTaskSummariesResponse),
        ("GetTaskStatus", _task),
        ("CancelTask", _task),
        ("DeleteFile", bulk_pb2.DeleteFileResponse)]:
    setattr(FakeBulk, _name, _unary(_name, _resp))
for _name in ["WatchTask", "GetImportDump", "GetProcessDump", "GetOptimizerLog",
              "GetFile", "ExportAndDownload"]:
    setattr(FakeBulk, _name, _server_stream(_name))
FakeBulk.UploadFile = _client_stream("UploadFile", _upload_response)
FakeBulk.UploadAndImport = _client_stream(
    "UploadAndImport", lambda reqs: bulk_pb2.UploadAndImportResponse(task=_task()))


