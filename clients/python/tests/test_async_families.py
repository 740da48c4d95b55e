"""AsyncClient's sub-clients (tr, alm, audit, cw, cw.flows, scim) against the
sync ones, on a fake of every family service: same names and arguments, the
same requests on the wire for every method, the same results, errors and
call metadata. End-to-end behaviour: tests/e2e/python/test_e2e_async_families.py."""

import asyncio
import inspect

import grpc
import pytest

from anaplan.v1 import alm_pb2
from anaplan_grpc import (AsyncClient, Client, InvalidArgumentError, InvalidIdentifierError,
                          PermissionDeniedError)

import fake_families
from fake_bulk import MODEL, WS

FAMILIES = ["tr", "alm", "audit", "cw", "cw.flows", "scim"]

_TASK = alm_pb2.AlmTask(task_id="t1", result=alm_pb2.AlmTaskResult(
    source_revision_id="src", target_revision_id="tgt"))
_CELL = {"lineItemName": "Revenue", "value": 2.5,
         "dimensions": [{"dimensionName": "Region", "itemName": "East"}]}
_S3 = {"type": "AmazonS3", "body": {"name": "n", "bucketName": "b"}}

#: Arguments of the required parameters, by parameter name...
_BY_NAME = {
    "task": _TASK, "items": [{"name": "East", "code": "E"}, {"id": 7}], "data": [_CELL],
    "con_info": _S3, "flow": {"name": "flow 1"}, "schedule": {"type": "DAILY"},
    "config": {"integrationIds": ["i1"]}, "operations": [
        {"op": "replace", "path": "active", "value": False}],
}
#: ... and whole argument lists where the name is not enough.
_BY_METHOD = {
    "lookup_dimension_items": ((5,), {"codes": ["E"]}),
    "read_large_volume": ((), {"view_id": 3}),
    "get_notification_config": ((), {"integration_id": "i1"}),
    "delete_notification_config": ((), {"notification_id": "n1"}),
    "patch_connection": (("c1", {"name": "n"}), {"connection_type": "AzureBlob"}),
    "create_integration": (({"name": "i"},), {}),
    # Waiting would read the summary of the fake's empty task (ValueError).
    "create_comparison_summary": (("s", "m", "t"), {"wait_for_completion": False}),
    "update_integration": (("i1", {"name": "i"}), {}),
}


def _args(name, sig):
    if name in _BY_METHOD:
        return _BY_METHOD[name]
    args = []
    for p in sig.parameters.values():
        if p.default is not inspect.Parameter.empty or p.kind == p.KEYWORD_ONLY:
            continue
        if p.name in _BY_NAME:
            args.append(_BY_NAME[p.name])
        elif "int" in str(p.annotation):
            args.append(42)
        else:
            args.append("x-" + p.name)
    return tuple(args), {}


def _params(fn):
    return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]


def _family(client, path):
    obj = client
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _names(family):
    return sorted(n for n in dir(family) if not n.startswith("_") and n not in ("stub", "flows"))


@pytest.fixture(scope="module")
def families():
    fake, server, target = fake_families.start()
    yield fake, target
    server.stop(None)


def _outcome(fn):
    try:
        return ("ok", fn())
    except Exception as e:  # compared between the two clients
        return ("raised", type(e).__name__)


def test_same_names_and_signatures(families):
    _, target = families
    sync = Client(target, WS, MODEL)
    aio = AsyncClient(target, WS, MODEL)  # no loop: nothing connects yet
    for path in FAMILIES:
        s, a = _family(sync, path), _family(aio, path)
        assert _names(s) == _names(a), path
        for name in _names(s):
            s_fn, a_fn = getattr(s, name), getattr(a, name)
            # Annotations may differ: async writes also take async iterables.
            assert _params(s_fn) == _params(a_fn), (path, name)
            assert s_fn.__doc__ == a_fn.__doc__ or not s_fn.__doc__, (path, name)
    sync.close()


def test_every_method_sends_the_same_requests_and_returns_the_same(families):
    fake, target = families
    sync = Client(target, WS, MODEL, metadata=[("x-trace", "t")]).with_credentials(token="tk")
    checked = 0

    async def run_async(fn, args, kwargs):
        r = fn(*args, **kwargs)
        if inspect.isawaitable(r):
            return await r
        return [x async for x in r]

    async def main():
        nonlocal checked
        async with AsyncClient(target, WS, MODEL, metadata=[("x-trace", "t")]) as base:
            aio = base.with_credentials(token="tk")
            for path in FAMILIES:
                for name in _names(_family(sync, path)):
                    s_fn = getattr(_family(sync, path), name)
                    a_fn = getattr(_family(aio, path), name)
                    args, kwargs = _args(name, inspect.signature(s_fn))

                    stream = []

                    def call_sync():
                        r = s_fn(*args, **kwargs)
                        stream.append(inspect.isgenerator(r))
                        return list(r) if inspect.isgenerator(r) else r
                    del fake.calls[:]
                    s_out = _outcome(call_sync)
                    s_calls = list(fake.calls)
                    del fake.calls[:]
                    try:
                        a_out = ("ok", await run_async(a_fn, args, kwargs))
                    except Exception as e:
                        a_out = ("raised", type(e).__name__)
                    a_calls = list(fake.calls)
                    where = "%s.%s" % (path, name)
                    assert s_out == a_out, where
                    assert s_out[0] == "ok", (where, s_out)
                    # Unary calls are coroutines; streams are async iterators.
                    assert inspect.iscoroutinefunction(a_fn) == (not stream[0]), where
                    assert [(m, r) for m, r, _ in s_calls] == [(m, r) for m, r, _ in a_calls], where
                    assert s_calls, where
                    for _, _, md in s_calls + a_calls:
                        assert md.get("authorization") == "AnaplanAuthToken tk", where
                        assert md.get("x-trace") == "t", where
                    checked += 1
    asyncio.run(main())
    sync.close()
    print("family methods checked:", checked)
    assert checked >= 90


def test_requests_carry_the_bound_model_and_batches(families):
    fake, target = families
    items = [{"name": "i%d" % i} for i in range(12001)]

    async def items_async():
        for item in items:
            yield item

    async def main():
        async with AsyncClient(target, WS, MODEL) as c:
            del fake.calls[:]
            await c.with_model("M2").alm.get_revisions(sort_by="name")
            await c.tr.insert_list_items(101, items_async())
            return list(fake.calls)
    calls = asyncio.run(main())
    assert calls[0][0] == "GetRevisions" and calls[0][1][0].model_id == "M2"
    method, requests, _ = calls[1]
    assert method == "InsertListItems"
    assert requests[0].header.scope.model_id == MODEL and requests[0].header.list_id == 101
    # Header, then 5,000-item messages from the async iterable.
    assert [len(r.batch.items) for r in requests[1:]] == [5000, 5000, 2001]
    assert requests[-1].batch.items[-1].name == "i12000"


def test_errors_map_to_the_same_exceptions(families):
    fake, target = families
    fake.replies.update({
        "GetRevisions": lambda ctx: ctx.abort(grpc.StatusCode.NOT_FOUND, "no model M"),
        "StreamEvents": lambda ctx: ctx.abort(grpc.StatusCode.PERMISSION_DENIED, "auditor"),
        "InsertListItems": lambda ctx: ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "name"),
    })

    def bad_items():
        yield {"name": "ok"}
        raise RuntimeError("source broke")

    async def main():
        async with AsyncClient(target, WS, MODEL) as c:
            with pytest.raises(InvalidIdentifierError, match="no model M"):
                await c.alm.get_revisions()
            with pytest.raises(PermissionDeniedError):
                async for _ in c.audit.stream_events():
                    pass
            with pytest.raises(InvalidArgumentError):
                await c.tr.insert_list_items(1, [{"name": "a"}])
            # An item source failing reaches the caller as itself.
            with pytest.raises(RuntimeError, match="source broke"):
                await c.tr.update_list_items(1, bad_items())
            # Missing ids fail locally, before any call (as the sync client).
            with pytest.raises(ValueError):
                await c.with_model("", "").tr.get_modules()
            with pytest.raises(ValueError):
                c.with_model("", "").alm.watch_sync_task("t")
            # The connection type lookup of update_connection: unknown id.
            with pytest.raises(InvalidIdentifierError, match="connection c9"):
                await c.cw.update_connection("c9", {"name": "n"})
    try:
        asyncio.run(main())
    finally:
        fake.replies.clear()
    with Client(target, WS, MODEL) as c:
        with pytest.raises(InvalidIdentifierError, match="connection c9"):
            c.cw.update_connection("c9", {"name": "n"})


def test_sync_cw_of_a_clone_uses_the_clone_credentials(families):
    fake, target = families
    with Client(target, WS, MODEL, token="first") as c:
        c.cw.get_connections()  # would have cached a sub-client bound to c
        del fake.calls[:]
        c.with_credentials(token="second").cw.get_connections()
    assert fake.calls[0][2]["authorization"] == "AnaplanAuthToken second"
