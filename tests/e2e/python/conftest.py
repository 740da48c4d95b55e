"""Starts the real anaplan-emulator and anaplan-grpc-server for the e2e tests.

Binaries come from $ANAPLAN_BUILD_DIR (default: <repo>/build):
  emulator/anaplan-emulator and service/anaplan-grpc-server.
A missing binary FAILS every test with a message saying what to build.
"""

import os
import tempfile
from pathlib import Path

import grpc
import pytest

from e2e_support import DEMO_MODEL, DEMO_WS, Emulator, Process, build_dir

TOKEN_TTL_SECONDS = 3600


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "large: moves hundreds of MB (runs by default; select with -m large, "
        "skip with -m 'not large')")


def _binary(rel: str) -> Path:
    path = build_dir() / rel
    if not os.access(path, os.X_OK):
        pytest.fail(
            "e2e: %s not found or not executable. Build the C++ parts first "
            "(cmake -S . -B build && cmake --build build), or point ANAPLAN_BUILD_DIR "
            "at the build directory." % path, pytrace=False)
    return path


@pytest.fixture(scope="session")
def workdir():
    with tempfile.TemporaryDirectory(prefix="anaplan-e2e-") as d:
        yield Path(d)


@pytest.fixture(scope="session")
def emulator_process(workdir):
    exe = _binary("emulator/anaplan-emulator")
    try:
        proc = Process("anaplan-emulator", [
            str(exe), "--host", "127.0.0.1", "--port", "0",
            "--port_file", str(workdir / "emulator.port"),
            "--token_ttl_seconds", str(TOKEN_TTL_SECONDS)],
            workdir / "emulator.log", workdir / "emulator.port",
            r"anaplan-emulator listening on http://127\.0\.0\.1:(\d+)")
    except RuntimeError as e:
        pytest.fail(str(e), pytrace=False)
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
def emulator_url(emulator_process):
    return "http://127.0.0.1:%d" % emulator_process.port


@pytest.fixture(scope="session")
def service_process(workdir, emulator_url):
    exe = _binary("service/anaplan-grpc-server")
    try:
        proc = Process("anaplan-grpc-server", [
            str(exe), "--listen", "127.0.0.1:0",
            "--port_file", str(workdir / "service.port"),
            "--auth_url", emulator_url,
            "--api_url", emulator_url + "/2/0",
            "--audit_url", emulator_url + "/audit/api/1",
            "--scim_url", emulator_url + "/scim/1/0/v2",
            "--cloudworks_url", emulator_url + "/2/0",
            "--user_email", "demo@example.com", "--password", "demo-password",
            "--poll_delay_seconds", "0.05", "--backoff_seconds", "0.05",
            "--retry_count", "3", "--log_level", "debug"],
            workdir / "service.log", workdir / "service.port",
            r"anaplan-grpc-server listening on [\d.]+:(\d+)",
            env={"GRPC_VERBOSITY": "DEBUG"})
    except RuntimeError as e:
        pytest.fail(str(e), pytrace=False)
    target = "127.0.0.1:%d" % proc.port
    with grpc.insecure_channel(target) as ch:
        try:
            grpc.channel_ready_future(ch).result(timeout=30)
        except grpc.FutureTimeoutError:
            proc.stop()
            pytest.fail("anaplan-grpc-server not ready on %s:\n%s" % (
                target, proc.log_tail()), pytrace=False)
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
def target(service_process):
    return "127.0.0.1:%d" % service_process.port


@pytest.fixture(scope="session")
def emu_session(emulator_url) -> Emulator:
    return Emulator(emulator_url)


@pytest.fixture
def emu(emu_session, fresh_emulator) -> Emulator:
    """The emulator's control API, after the per-test reset."""
    return emu_session


@pytest.fixture(scope="session")
def session_client(target):
    from anaplan_grpc import Client
    with Client(target, DEMO_WS, DEMO_MODEL, timeout=120) as c:
        yield c


@pytest.fixture
def client(session_client, fresh_emulator):
    """The Client bound to the Demo Model, on a freshly reset emulator."""
    return session_client


@pytest.fixture
def fresh_emulator(emu_session, service_process, request):
    """Every test starts from the seeded fixture, no faults, an empty log,
    and tasks that complete after one IN_PROGRESS poll."""
    emu = emu_session
    emu.reset()
    emu.clear_faults()
    emu.clear_requests()
    emu.settings(task_polls_in_progress=1, max_page_size=5000,
                 export_chunk_size=10 * 1024 * 1024)
    yield emu
    emu.clear_faults()
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        print("\n--- anaplan-grpc-server log tail ---\n" + service_process.log_tail(3000))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture
def stub(target, fresh_emulator):
    from anaplan.v1 import bulk_pb2_grpc
    with grpc.insecure_channel(target) as ch:
        yield bulk_pb2_grpc.BulkServiceStub(ch)


@pytest.fixture
def anaplan_http(emulator_url, fresh_emulator):
    """Raw REST access to the (freshly reset) emulator, authenticated as the demo user."""
    from anaplan_http import AnaplanHttp
    return AnaplanHttp(emulator_url)


@pytest.fixture(scope="session", autouse=True)
def no_secret_in_session_logs(service_process, emulator_process):
    """The whole suite runs against a service logging at debug level (and gRPC
    at DEBUG verbosity); afterwards no line of its log, nor of the
    emulator's, may show the password, Basic credentials or a token."""
    yield
    from secret_scan import scan_text
    for proc in (service_process, emulator_process):
        scan_text(proc.name, proc.log_path.read_bytes().decode("utf-8", "replace"),
                  ["demo-password"])
