"""anaplan_grpc side of the benchmarks, plus the plain-REST and health probes
(runs in build/venv).

  grpc_driver.py upload TARGET FILE FILE_ID
  grpc_driver.py download TARGET FILE_ID
  grpc_driver.py concurrent TARGET FILE FILE_ID_BASE N   (N uploads at once)
  grpc_driver.py unary TARGET CALLS                       (GetFiles latencies)
  grpc_driver.py rest_unary EMULATOR_PORT CALLS [curl_encodings](same call, http.client)
  grpc_driver.py health TARGET SECONDS                    (Check every 20 ms until SIGINT)
Prints one JSON line.
"""
import base64
import http.client
import json
import signal
import statistics
import sys
import threading
import time
import zlib

import grpc

from anaplan.v1 import bulk_pb2
from anaplan_grpc import Client

WORKSPACE = "8a868cd985f53e7701860542f59e276e"
MODEL = "75A40874E6B64FA3AE0743278996850F"


def client(target):
    return Client(target, WORKSPACE, MODEL, allow_file_creation=True)


def percentiles(samples_s):
    ms = sorted(s * 1000 for s in samples_s)
    pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]
    return {"n": len(ms), "p50_ms": pick(0.50), "p90_ms": pick(0.90), "p99_ms": pick(0.99),
            "max_ms": ms[-1], "mean_ms": statistics.fmean(ms)}


def upload(target, path, file_id):
    with client(target) as c, open(path, "rb") as f:
        start = time.perf_counter()
        resp = c.upload_file(file_id, f)
        return {"seconds": time.perf_counter() - start, "response": str(resp).replace("\n", " ")}


def download(target, file_id):
    with client(target) as c:
        size = 0
        start = time.perf_counter()
        for chunk in c.get_file_stream(file_id):
            size += len(chunk)
        return {"seconds": time.perf_counter() - start, "bytes": size}


def concurrent(target, path, file_id_base, n):
    errors = []
    ends = []

    def one(i):
        try:
            with client(target) as c, open(path, "rb") as f:
                c.upload_file("bench-%d" % (file_id_base + i), f)
            ends.append(time.perf_counter())
        except Exception as e:  # Reported, never swallowed.
            errors.append(repr(e))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"seconds": time.perf_counter() - start, "uploads": n, "errors": errors}


def unary(target, calls):
    with client(target) as c:
        req = bulk_pb2.GetFilesRequest(workspace_id=WORKSPACE, model_id=MODEL)
        for _ in range(min(200, calls)):  # Warm-up: connections, token, caches.
            c.stub.GetFiles(req)
        samples = []
        for _ in range(calls):
            t = time.perf_counter()
            c.stub.GetFiles(req)
            samples.append(time.perf_counter() - t)
    return percentiles(samples)


def rest_unary(port, calls, accept_all):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    basic = base64.b64encode(b"demo@example.com:demo-password").decode()
    conn.request("POST", "/token/authenticate", headers={"Authorization": "Basic " + basic})
    token = json.loads(conn.getresponse().read())["tokenInfo"]["tokenValue"]
    path = "/2/0/workspaces/%s/models/%s/files?limit=5000" % (WORKSPACE, MODEL)
    headers = {"Authorization": "AnaplanAuthToken " + token, "Accept": "application/json"}
    if accept_all:
        # What the service's transport sends (CURLOPT_ACCEPT_ENCODING
        # "gzip", anaplan_core/http/curl_transport.cc), so the emulator does
        # the same work for both sides; the body is inflated here as the
        # service's libcurl does.
        headers["Accept-Encoding"] = "gzip"

    def call():
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        if resp.getheader("Content-Encoding") == "gzip":
            body = zlib.decompress(body, 31)
        if resp.getheader("Content-Encoding") in (None, "gzip"):
            json.loads(body)  # The service parses the page too.
        if resp.status != 200:
            raise RuntimeError("HTTP %d" % resp.status)

    for _ in range(min(200, calls)):
        call()
    samples = []
    for _ in range(calls):
        t = time.perf_counter()
        call()
        samples.append(time.perf_counter() - t)
    return percentiles(samples)


def health(target, seconds):
    channel = grpc.insecure_channel(target)
    # grpc.health.v1.Health/Check with an empty HealthCheckRequest (no
    # grpcio-health-checking dependency: the bytes are the message).
    check = channel.unary_unary("/grpc.health.v1.Health/Check",
                                request_serializer=lambda m: m,
                                response_deserializer=lambda m: m)
    samples, failures = [], 0
    end = time.perf_counter() + seconds
    stop = []
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    while time.perf_counter() < end and not stop:
        t = time.perf_counter()
        try:
            check(b"", timeout=5)
            samples.append(time.perf_counter() - t)
        except grpc.RpcError:
            failures += 1
        time.sleep(0.02)
    out = percentiles(samples) if samples else {"n": 0}
    out["failures"] = failures
    return out


def main():
    mode, a = sys.argv[1], sys.argv[2:]
    if mode == "upload":
        out = upload(a[0], a[1], int(a[2]))
    elif mode == "download":
        out = download(a[0], int(a[1]))
    elif mode == "concurrent":
        out = concurrent(a[0], a[1], int(a[2]), int(a[3]))
    elif mode == "unary":
        out = unary(a[0], int(a[1]))
    elif mode == "rest_unary":
        out = rest_unary(int(a[0]), int(a[1]), len(a) > 2 and a[2] == "curl_encodings")
    elif mode == "health":
        out = health(a[0], float(a[1]))
    else:
        raise SystemExit("unknown mode " + mode)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
