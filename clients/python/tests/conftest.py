"""Fixtures: the in-process fake BulkService (fake_bulk.py) and a Client on it."""

from concurrent import futures

import grpc
import pytest

from anaplan.v1 import bulk_pb2_grpc
from fake_bulk import MODEL, WS, FakeBulk


@pytest.fixture(scope="session")
def fake_server():
    fake = FakeBulk()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    bulk_pb2_grpc.add_BulkServiceServicer_to_server(fake, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield fake, "127.0.0.1:%d" % port
    server.stop(None)


@pytest.fixture
def fake(fake_server):
    fake, _ = fake_server
    fake.calls.clear()
    fake.replies.clear()
    fake.metadata.clear()
    fake.stream_cancelled.clear()
    fake.stream_ended.clear()
    return fake


@pytest.fixture
def fake_client(fake_server, fake):
    from anaplan_grpc import Client
    _, target = fake_server
    with Client(target, WS, MODEL, timeout=10) as c:
        yield c
