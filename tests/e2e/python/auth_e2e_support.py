"""Helpers of the auth end-to-end tests (test_auth_*.py): a throwaway PKI
made with the openssl CLI, emulator/service processes with custom flags, the
emulator's control API over HTTP or HTTPS, and raw certificate payloads."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import ssl
import struct
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import grpc

from e2e_support import Process, build_dir

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password"
# Seeded OAuth clients of the emulator (emulator/README.md).
ROTATING_CLIENT = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"
STATIC_CLIENT = "b1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"
DEVICE_CLIENT = "d1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"
CLIENT_SECRET = "emulator-client-secret"
SERVICE_LISTEN = r"anaplan-grpc-server listening on [\d.]+:(\d+)"
EMULATOR_LISTEN = r"anaplan-emulator listening on https?://127\.0\.0\.1:(\d+)"


def openssl(*args: str, cwd: Optional[Path] = None) -> None:
    subprocess.run(["openssl", *args], check=True, cwd=cwd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


class Pki:
    """A CA and the certificates it signs, as files under `root`."""

    def __init__(self, root: Path, name: str = "ca"):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.ca_key = root / ("%s.key" % name)
        self.ca_cert = root / ("%s.pem" % name)
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=anaplan-grpc test CA %s" % name,
                "-keyout", str(self.ca_key), "-out", str(self.ca_cert))

    def issue(self, name: str, cn: str, san: Optional[str] = None,
              key_password: Optional[str] = None) -> Tuple[Path, Path]:
        """(certificate, key) files for subject CN=`cn`."""
        key = self.root / ("%s.key" % name)
        csr = self.root / ("%s.csr" % name)
        cert = self.root / ("%s.pem" % name)
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=%s" % cn,
                "-keyout", str(key), "-out", str(csr))
        ext = self.root / ("%s.ext" % name)
        ext.write_text("subjectAltName=%s\n" % san if san else
                       "basicConstraints=CA:FALSE\n")
        openssl("x509", "-req", "-in", str(csr), "-CA", str(self.ca_cert),
                "-CAkey", str(self.ca_key), "-CAcreateserial", "-days", "2",
                "-extfile", str(ext), "-out", str(cert))
        if key_password:
            encrypted = self.root / ("%s.enc.key" % name)
            openssl("pkcs8", "-topk8", "-in", str(key), "-out", str(encrypted),
                    "-v2", "aes-256-cbc", "-passout", "pass:%s" % key_password)
            key = encrypted
        return cert, key


def server_pki(root: Path, name: str = "ca") -> Tuple[Pki, Path, Path]:
    """A CA and a server certificate for 127.0.0.1/localhost."""
    pki = Pki(root, name)
    cert, key = pki.issue("server-" + name, "localhost",
                          san="DNS:localhost,IP:127.0.0.1")
    return pki, cert, key


class Control:
    """The emulator's /__emulator control API (and raw requests), over HTTP
    or HTTPS (`cafile`)."""

    def __init__(self, base_url: str, cafile: Optional[Path] = None):
        self.base_url = base_url.rstrip("/")
        self.context = ssl.create_default_context(cafile=str(cafile)) if cafile else None

    def request(self, method: str, path: str, body=None,
                headers: Optional[Dict[str, str]] = None, raw: Optional[bytes] = None,
                follow: bool = True):
        """(status, parsed JSON or None, headers)."""
        data = raw
        hdrs = dict(headers or {})
        if body is not None:
            data = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(self.base_url + path, data=data, method=method,
                                     headers=hdrs)
        opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=self.context),
            *([] if follow else [_NoRedirect()]))
        try:
            with opener.open(req, timeout=30) as resp:
                status, payload, rh = resp.status, resp.read(), dict(resp.headers)
        except urllib.error.HTTPError as e:
            status, payload, rh = e.code, e.read(), dict(e.headers)
        parsed = None
        if payload:
            try:
                parsed = json.loads(payload)
            except ValueError:
                parsed = payload
        return status, parsed, rh

    def call(self, method: str, path: str, body=None):
        status, parsed, _ = self.request(method, path, body)
        assert 200 <= status < 300, (method, path, status, parsed)
        return parsed

    def requests(self, path_regex: Optional[str] = None) -> list:
        q = "?path=" + urllib.request.quote(path_regex) if path_regex else ""
        r = self.call("GET", "/__emulator/requests" + q)
        return r.get("requests", r) if isinstance(r, dict) else r

    def clear_requests(self):
        self.call("DELETE", "/__emulator/requests")

    def expire_tokens(self):
        self.call("POST", "/__emulator/tokens/expire")

    def mint_refresh_token(self, client_id: str, email: str = DEMO_EMAIL) -> str:
        return self.call("POST", "/__emulator/oauth/refresh_tokens",
                         {"client_id": client_id, "user_email": email})["refresh_token"]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@contextlib.contextmanager
def _environment(env: Optional[Dict[str, str]]):
    """Extra environment variables for the processes started inside."""
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def start_emulator(workdir: Path, name: str = "emulator", tls: Optional[Tuple[Path, Path]] = None,
                   extra: Optional[List[str]] = None, env=None) -> Tuple[Process, str]:
    exe = build_dir() / "emulator" / "anaplan-emulator"
    argv = [str(exe), "--host", "127.0.0.1", "--port", "0",
            "--port_file", str(workdir / ("%s.port" % name))]
    if tls:
        argv += ["--tls_cert_file", str(tls[0]), "--tls_key_file", str(tls[1])]
    argv += extra or []
    with _environment(env):
        proc = Process(name, argv, workdir / ("%s.log" % name),
                       workdir / ("%s.port" % name), EMULATOR_LISTEN)
    scheme = "https" if tls else "http"
    return proc, "%s://127.0.0.1:%d" % (scheme, proc.port)


@contextlib.contextmanager
def oauth_emulator(workdir: Path):
    """An emulator for OAuth tests, with the static client's secret written
    to <workdir>/secret (for oauth_service): yields (url, Control)."""
    proc, url = start_emulator(workdir)
    (workdir / "secret").write_text(CLIENT_SECRET + "\n")
    try:
        yield url, Control(url)
    finally:
        proc.stop()


def start_service(workdir: Path, emulator_url: str, args: List[str], name: str = "service",
                  env: Optional[Dict[str, str]] = None, listen: str = "127.0.0.1:0",
                  ready: bool = True, channel_credentials=None) -> Process:
    """The service pointed at the emulator with `args` (credentials etc.)."""
    exe = build_dir() / "service" / "anaplan-grpc-server"
    argv = [str(exe), "--listen", listen,
            "--port_file", str(workdir / ("%s.port" % name)),
            "--auth_url", emulator_url, "--api_url", emulator_url + "/2/0",
            "--oauth_url", emulator_url, "--audit_url", emulator_url + "/audit/api/1",
            "--scim_url", emulator_url + "/scim/1/0/v2",
            "--cloudworks_url", emulator_url + "/2/0",
            "--poll_delay_seconds", "0.05", "--backoff_seconds", "0.05",
            "--retry_count", "3"] + args
    with _environment(env):
        proc = Process(name, argv, workdir / ("%s.log" % name),
                       workdir / ("%s.port" % name), SERVICE_LISTEN)
    if ready:
        target = "127.0.0.1:%d" % proc.port
        ch = (grpc.secure_channel(target, channel_credentials) if channel_credentials
              else grpc.insecure_channel(target))
        try:
            grpc.channel_ready_future(ch).result(timeout=30)
        finally:
            ch.close()
    return proc


def service_fails(workdir: Path, emulator_url: str, args: List[str], name: str,
                  listen: str = "127.0.0.1:0", timeout: float = 60.0) -> Tuple[int, str]:
    """Runs a service that must exit during start-up: (exit code, log)."""
    exe = build_dir() / "service" / "anaplan-grpc-server"
    argv = [str(exe), "--listen", listen,
            "--auth_url", emulator_url, "--api_url", emulator_url + "/2/0",
            "--oauth_url", emulator_url] + args
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout.decode("utf-8", "replace")


def certificate_request(cert_pem: bytes, key_path: Path, workdir: Path,
                        version: str = "v2", timestamp: Optional[int] = None,
                        random_bytes: int = 150) -> Tuple[Dict[str, str], bytes]:
    """Headers and body of POST /token/authenticate with a CACertificate
    payload signed by `key_path` with the openssl CLI (SHA512withRSA)."""
    data = os.urandom(random_bytes)
    if version == "v2":
        data = struct.pack(">Q", int(time.time() if timestamp is None else timestamp)) + data
    payload = workdir / "payload.bin"
    payload.write_bytes(data)
    sig = workdir / "payload.sig"
    openssl("dgst", "-sha512", "-sign", str(key_path), "-out", str(sig), str(payload))
    body = {"encodedData": base64.b64encode(data).decode(),
            "encodedSignedData": base64.b64encode(sig.read_bytes()).decode()}
    if version == "v2":
        body["encodedDataFormat"] = "v2"
    headers = {"Authorization": "CACertificate " + base64.b64encode(cert_pem).decode(),
               "Content-Type": "application/json"}
    return headers, json.dumps(body).encode()


def bulk_stub(target: str, credentials=None):
    """(channel, BulkService stub) over a raw gRPC channel."""
    from anaplan.v1 import bulk_pb2_grpc
    ch = (grpc.secure_channel(target, credentials) if credentials
          else grpc.insecure_channel(target))
    return ch, bulk_pb2_grpc.BulkServiceStub(ch)


def workspaces(port: int, credentials=None, timeout: float = 30):
    """GetWorkspaces on the service at 127.0.0.1:port (localhost with TLS)."""
    from anaplan.v1 import bulk_pb2
    host = "localhost" if credentials else "127.0.0.1"
    ch, stub = bulk_stub("%s:%d" % (host, port), credentials)
    with ch:
        return stub.GetWorkspaces(bulk_pb2.GetWorkspacesRequest(), timeout=timeout)


def oauth_service(workdir: Path, emulator_url: str, client: str, token_file: Path, name: str,
                  extra=()) -> Process:
    """A service authenticating with an OAuth refresh token; the client secret
    file is <workdir>/secret (device-grant clients have none)."""
    args = ["--oauth_client_id", client, "--oauth_refresh_token_file", str(token_file)]
    if client != DEVICE_CLIENT:
        args += ["--oauth_client_secret_file", str(workdir / "secret")]
    return start_service(workdir, emulator_url, args + list(extra), name=name)


def assert_refresh_refused(port: int) -> None:
    """GetWorkspaces fails as a service whose OAuth refresh grant is refused."""
    try:
        workspaces(port)
    except grpc.RpcError as err:
        assert err.code() == grpc.StatusCode.UNAUTHENTICATED, err
        assert error_reason(err) == "OAUTH_INVALID_GRANT", err
        return
    raise AssertionError("the call succeeded; expected OAUTH_INVALID_GRANT")


def error_reason(err: grpc.RpcError) -> str:
    """ErrorInfo.reason of a failed call ('' when absent)."""
    from google.rpc import error_details_pb2, status_pb2
    for key, value in err.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            st = status_pb2.Status.FromString(value)
            for detail in st.details:
                if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                    info = error_details_pb2.ErrorInfo()
                    detail.Unpack(info)
                    return info.reason
    return ""
