"""Raw Anaplan REST calls to the emulator, as a third-party client would make
them: for schema checks and for asserting emulator state independently of
the service."""

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Optional, Tuple

DEMO_USER = "demo@example.com"
DEMO_PASSWORD = "demo-password"


class AnaplanHttp:
    def __init__(self, base_url: str, user: str = DEMO_USER, password: str = DEMO_PASSWORD):
        self.base_url = base_url.rstrip("/")
        self._basic = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        self._token: Optional[str] = None

    def token(self, refresh: bool = False) -> str:
        if self._token is None or refresh:
            status, body, _ = self.request(
                "POST", "/token/authenticate", auth="Basic " + self._basic)
            if status != 201 and status != 200:
                raise AssertionError("authenticate -> HTTP %d: %r" % (status, body))
            self._token = body["tokenInfo"]["tokenValue"]
        return self._token

    def request(self, method: str, path: str, body: Any = None,
                query: Optional[Dict[str, Any]] = None, auth: Optional[str] = None,
                headers: Optional[Dict[str, str]] = None,
                raw_body: Optional[bytes] = None) -> Tuple[int, Any, Dict[str, str]]:
        """Returns (status, parsed JSON body or raw bytes or None, headers)."""
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query, doseq=True)
        hdrs = {"Accept": "application/json"}
        if auth is None:
            auth = "AnaplanAuthToken " + self.token()
        if auth:
            hdrs["Authorization"] = auth
        data = raw_body
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        hdrs.update(headers or {})
        req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, raw, rh = resp.status, resp.read(), dict(resp.headers)
        except urllib.error.HTTPError as e:
            status, raw, rh = e.code, e.read(), dict(e.headers)
        if not raw:
            return status, None, rh
        if "json" in rh.get("Content-Type", ""):
            return status, json.loads(raw), rh
        return status, raw, rh
