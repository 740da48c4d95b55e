"""A fake of every API-family service (Transactional, Alm, Audit, CloudWorks,
Scim) built from the proto descriptors: it records each call's method,
requests and metadata and answers with an empty reply (one empty message on
server streams), or with what ``replies[method]`` says."""

from __future__ import annotations

import threading
from concurrent import futures
from typing import Any, Callable, Dict, List, Tuple

import grpc
from google.protobuf import message_factory

from anaplan.v1 import (alm_pb2, audit_pb2, cloud_works_pb2, scim_pb2,  # noqa: F401
                        transactional_pb2)

SERVICES = {"anaplan.v1.TransactionalService": transactional_pb2,
            "anaplan.v1.AlmService": alm_pb2, "anaplan.v1.AuditService": audit_pb2,
            "anaplan.v1.CloudWorksService": cloud_works_pb2,
            "anaplan.v1.ScimService": scim_pb2}


class FakeFamilies(grpc.GenericRpcHandler):
    def __init__(self) -> None:
        self.calls: List[Tuple[str, List[Any], Dict[str, str]]] = []
        #: method -> callable(context) run before replying (e.g. to abort)
        self.replies: Dict[str, Callable[[grpc.ServicerContext], None]] = {}
        self._lock = threading.Lock()

    def service(self, details: grpc.HandlerCallDetails) -> Any:
        service_name, method_name = details.method.lstrip("/").split("/")
        module = SERVICES.get(service_name)
        if module is None:
            return None
        method = module.DESCRIPTOR.services_by_name[service_name.split(".")[-1]] \
            .methods_by_name.get(method_name)
        if method is None:
            return None
        request_type = message_factory.GetMessageClass(method.input_type)
        reply_type = message_factory.GetMessageClass(method.output_type)

        def record(requests: List[Any], context: grpc.ServicerContext) -> None:
            with self._lock:
                self.calls.append((method_name, requests, dict(context.invocation_metadata())))
            hook = self.replies.get(method_name)
            if hook is not None:
                hook(context)

        kw = dict(request_deserializer=request_type.FromString,
                  response_serializer=reply_type.SerializeToString)
        if method.client_streaming:
            def client_stream(it: Any, context: grpc.ServicerContext) -> Any:
                record(list(it), context)
                return reply_type()
            return grpc.stream_unary_rpc_method_handler(client_stream, **kw)
        if method.server_streaming:
            def server_stream(req: Any, context: grpc.ServicerContext) -> Any:
                record([req], context)
                yield reply_type()
            return grpc.unary_stream_rpc_method_handler(server_stream, **kw)

        def unary(req: Any, context: grpc.ServicerContext) -> Any:
            record([req], context)
            return reply_type()
        return grpc.unary_unary_rpc_method_handler(unary, **kw)


def start() -> Tuple[FakeFamilies, grpc.Server, str]:
    fake = FakeFamilies()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    server.add_generic_rpc_handlers((fake,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return fake, server, "127.0.0.1:%d" % port
