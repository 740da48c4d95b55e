"""Every Transactional (Integration API) response the emulator gives
validates against the live-tested OpenAPI spec for that operation: both path
forms (/models/{id}/... and /workspaces/{ws}/models/{id}/...) where the spec
has both, success and documented error statuses."""

import pytest

from e2e_support import DEMO_MODEL, DEMO_WS
from openapi_schema import check_response

WS_MODEL = "/2/0/workspaces/%s/models/%s" % (DEMO_WS, DEMO_MODEL)
MODEL = "/2/0/models/%s" % DEMO_MODEL

SALES_MODULE = 102000000000
REVENUE = 203000000001
EMPLOYEES = 101000000000
REGION = 101000000001
MONTH = 101000000002
VERSIONS_DIM = 20000000020

# (method, path suffix, body, query, expected status); each runs under both
# prefixes when `both` else under the one given.
BOTH = [
    ("GET", "/modules", None, None, 200),
    ("GET", "/lineItems", None, {"includeAll": "true"}, 200),
    ("GET", "/lineItems/%d/dimensions" % REVENUE, None, None, 200),
    ("GET", "/lineItems/%d/dimensions/%d/items" % (REVENUE, REGION), None, None, 200),
    ("GET", "/modules/%d/lineItems" % SALES_MODULE, None, {"includeAll": "true"}, 200),
    ("GET", "/modules/%d/views" % SALES_MODULE, None, None, 200),
    ("GET", "/views", None, {"includesubsidiaryviews": "true"}, 200),
    ("GET", "/views/%d" % SALES_MODULE, None, None, 200),
    ("GET", "/lists", None, None, 200),
    ("GET", "/lists/%d" % EMPLOYEES, None, None, 200),
    ("GET", "/dimensions/%d/items" % REGION, None, None, 200),
    ("GET", "/dimensions/%d/items" % VERSIONS_DIM, None, None, 200),
    ("POST", "/dimensions/%d/items" % REGION, {"codes": ["N"], "names": None}, None, 200),
    ("GET", "/currentPeriod", None, None, 200),
    ("PUT", "/currentPeriod", {"date": "2024-05-15"}, None, 200),
    ("GET", "/modelCalendar", None, None, 200),
    ("GET", "/versions", None, None, 200),
    ("GET", "/views/999000000000", None, None, 404),
    ("GET", "/lists/101999000000", None, None, 404),
]

MODEL_ONLY = [
    ("GET", "/status", None, None, 200),
    ("POST", "/open", None, None, 202),
    ("POST", "/close", None, None, 204),
    ("PUT", "/modelCalendar/fiscalYear", {"year": "FY25"}, None, 200),
    ("GET", "/views/%d/data" % SALES_MODULE, None, {"format": "v1"}, 200),
    ("GET", "/views/%d/dimensions/%d/items" % (SALES_MODULE, REGION), None, None, 200),
    ("PUT", "/versions/107000000002/switchover", {"date": "2024-07-01"}, None, 200),
    ("POST", "/modules/%d/data" % SALES_MODULE,
     [{"lineItemName": "Revenue", "value": 5,
       "dimensions": [{"dimensionName": "Region", "itemName": "North"},
                      {"dimensionName": "Month", "itemName": "Jan 24"}]},
      {"lineItemName": "Nope", "value": 5, "dimensions": []}], None, 200),
]

WS_ONLY = [
    ("GET", "/dashboards", None, None, 200),
    ("GET", "/lists/%d/items" % EMPLOYEES, None, {"includeAll": "true"}, 200),
    ("POST", "/lists/%d/items" % REGION, {"items": [{"name": "Central", "code": "C"},
                                                  {"name": "North"}]},
     {"action": "add"}, 200),
    ("PUT", "/lists/%d/items" % REGION, {"items": [{"code": "N", "name": "Northern"}]},
     None, 200),
    ("POST", "/lists/%d/items" % REGION, {"items": [{"code": "S"}, {"code": "ZZ"}]},
     {"action": "delete"}, 200),
    ("POST", "/lists/%d/resetIndex" % REGION, None, None, 400),
]


def _cases():
    for case in BOTH:
        yield pytest.param(WS_MODEL, *case, id="ws%s %s" % (case[0], case[1]))
        yield pytest.param(MODEL, *case, id="m%s %s" % (case[0], case[1]))
    for case in MODEL_ONLY:
        yield pytest.param(MODEL, *case, id="m%s %s" % (case[0], case[1]))
    for case in WS_ONLY:
        yield pytest.param(WS_MODEL, *case, id="ws%s %s" % (case[0], case[1]))


@pytest.mark.parametrize("prefix,method,suffix,body,query,expected", list(_cases()))
def test_transactional_matches_spec(anaplan_http, prefix, method, suffix, body, query,
                                    expected):
    path = prefix + suffix
    status, reply, _ = anaplan_http.request(method, path, body=body, query=query)
    assert status == expected, (method, path, status, reply)
    check_response("integration", method, path, status, reply)


def test_list_items_optional_fields_only_with_include_all(anaplan_http):
    path = WS_MODEL + "/lists/%d/items" % EMPLOYEES
    _, plain, _ = anaplan_http.request("GET", path)
    _, full, _ = anaplan_http.request("GET", path, query={"includeAll": "true"})
    assert [i["name"] for i in plain["listItems"]] == [i["name"] for i in full["listItems"]]
    assert all("properties" not in i and "subsets" not in i for i in plain["listItems"])
    assert full["listItems"][0]["properties"]["Department"] == "Sales"
    assert all("subsets" in i for i in full["listItems"])


def test_write_replies_carry_counts_and_failures(anaplan_http):
    path = WS_MODEL + "/lists/%d/items" % REGION
    status, reply, _ = anaplan_http.request(
        "POST", path, body={"items": [{"name": "Central", "code": "C"}, {"name": "North"}]},
        query={"action": "add"})
    assert status == 200
    assert (reply["added"], reply["ignored"], reply["total"]) == (1, 1, 2)
    assert reply["failures"][0]["requestIndex"] == 1
    status, reply, _ = anaplan_http.request(
        "POST", MODEL + "/modules/%d/data" % SALES_MODULE,
        body=[{"lineItemName": "Revenue", "value": 1,
               "dimensions": [{"dimensionName": "Region", "itemName": "North"},
                              {"dimensionName": "Month", "itemName": "Jan 24"}]}])
    assert reply == {"numberOfCellsChanged": 1}  # no failures key on success


def test_view_read_request_lifecycle_matches_spec(anaplan_http):
    base = WS_MODEL + "/views/%d/readRequests" % SALES_MODULE
    status, reply, _ = anaplan_http.request("POST", base,
                                            body={"exportType": "TABULAR_MULTI_COLUMN"})
    assert status == 200, reply
    check_response("integration", "POST", base, status, reply)
    request_id = reply["viewReadRequest"]["requestId"]
    one = "%s/%s" % (base, request_id)
    states = []
    for _ in range(2):
        status, reply, _ = anaplan_http.request("GET", one)
        assert status == 200
        check_response("integration", "GET", one, status, reply)
        states.append(reply["viewReadRequest"]["requestState"])
    assert states == ["IN_PROGRESS", "COMPLETE"]
    pages = reply["viewReadRequest"]["availablePages"]
    status, page, headers = anaplan_http.request("GET", one + "/pages/0",
                                                 headers={"Accept": "text/csv"})
    assert status == 200 and pages >= 1
    assert page.decode().startswith("Region,Month,Revenue,Units")
    status, reply, _ = anaplan_http.request("DELETE", one)
    assert status == 200
    check_response("integration", "DELETE", one, status, reply)
    status, reply, _ = anaplan_http.request("GET", one)
    assert status == 404
    check_response("integration", "GET", one, status, reply)


def test_list_read_request_create_matches_spec(anaplan_http):
    path = WS_MODEL + "/lists/%d/readRequests" % EMPLOYEES
    status, reply, _ = anaplan_http.request("POST", path)
    assert status == 200, reply
    check_response("integration", "POST", path, status, reply)
    assert reply["listReadRequest"]["requestState"] == "NOT_STARTED"


def test_view_csv_data_is_text(anaplan_http):
    path = MODEL + "/views/%d/data" % SALES_MODULE
    status, body, headers = anaplan_http.request("GET", path, headers={"Accept": "text/csv"})
    assert status == 200
    assert "text/csv" in headers.get("Content-Type", "")
    assert body.decode().splitlines()[:2] == ["Jan 24", ",Revenue,Units"]
