"""anaplan-sdk side of the benchmarks (runs in build/venv-sdk, the SDK from
PyPI, unmodified). Its httpx client gets a transport that sends the public
hosts to the emulator; authentication is a fixed emulator token, so no SDK
auth code talks to the network.

  sdk_driver.py upload PORT FILE FILE_ID
  sdk_driver.py download PORT FILE_ID
Prints one JSON line: seconds, bytes, vm_hwm_kb (this process's peak RSS).
"""
import base64
import http.client
import json
import sys
import time

import httpx2
from anaplan_sdk import Client

WORKSPACE = "8a868cd985f53e7701860542f59e276e"
MODEL = "75A40874E6B64FA3AE0743278996850F"
HOSTS = ("auth.anaplan.com", "api.anaplan.com")


class ToEmulator(httpx2.BaseTransport):
    """Rewrites https://{auth,api}.anaplan.com to http://127.0.0.1:PORT."""

    def __init__(self, port):
        self._port = port
        self._inner = httpx2.HTTPTransport()

    def handle_request(self, request):
        if request.url.host in HOSTS:
            request.url = request.url.copy_with(scheme="http", host="127.0.0.1",
                                                port=self._port)
        return self._inner.handle_request(request)

    def close(self):
        self._inner.close()


class StaticToken(httpx2.Auth):
    def __init__(self, token):
        self._header = "AnaplanAuthToken " + token

    def auth_flow(self, request):
        request.headers["Authorization"] = self._header
        yield request


def emulator_token(port):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    basic = base64.b64encode(b"demo@example.com:demo-password").decode()
    conn.request("POST", "/token/authenticate", headers={"Authorization": "Basic " + basic})
    body = json.loads(conn.getresponse().read())
    return body["tokenInfo"]["tokenValue"]


def vm_hwm_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    client = Client(workspace_id=WORKSPACE, model_id=MODEL, auth=StaticToken(emulator_token(port)),
                    transport=ToEmulator(port))
    if mode == "upload":
        path, file_id = sys.argv[3], int(sys.argv[4])
        with open(path, "rb") as f:
            content = f.read()  # The SDK's upload_file takes the whole content.
        start = time.perf_counter()
        client.upload_file(file_id, content)
        seconds = time.perf_counter() - start
        size = len(content)
    else:
        file_id = int(sys.argv[3])
        size = 0
        start = time.perf_counter()
        for chunk in client.get_file_stream(file_id):
            size += len(chunk)
        seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "bytes": size, "vm_hwm_kb": vm_hwm_kb()}))


if __name__ == "__main__":
    main()
