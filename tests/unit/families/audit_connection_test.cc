#include "anaplan_core/audit/audit_connection.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/testing/status_matchers.h"
#include "tests/unit/bulk/bulk_test_util.h"
#include "tests/unit/families/family_test_util.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::JsonResponse;
using ::anaplan::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kAudit[] = "https://audit.test/audit/api/1";

// Serves `total` events, at most `cap` per page, as the Audit API does.
testing::MockHttpTransport::Handler Events(int total, int cap) {
  return [total, cap](const HttpRequest& r, const CallContext&) {
    const int64_t limit =
        std::min<int64_t>(bulk_test::QueryInt(r.url, "limit", 5000), cap);
    const int64_t offset = bulk_test::QueryInt(r.url, "offset", 0);
    std::vector<std::string> events;
    for (int64_t i = offset; i < total && i < offset + limit; ++i) {
      events.push_back(absl::StrCat(R"({"id":)", i,
                                    R"(,"eventTypeId":"USR-8",)",
                                    R"("success":true,"eventDate":1,)",
                                    R"("additionalAttributes":{"k":"v"}})"));
    }
    return absl::StatusOr<HttpResponse>(JsonResponse(
        absl::StrCat(R"({"meta":{"paging":{"currentPageSize":)", events.size(),
                     R"(,"totalSize":)", total, R"(,"offSet":)", offset,
                     R"(}},"response":[)", absl::StrJoin(events, ","), "]}")));
  };
}

TEST(AuditConnectionTest, PagesUntilTotalAndAdaptsToCappedPages) {
  family_test::RestHarness h;
  h.mock->SetHandler("GET", "/events\\?", Events(25, 10));
  auto conn = MakeAuditConnection(h.rest, kAudit);
  std::vector<int64_t> ids;
  std::vector<size_t> sizes;
  AuditQuery query;
  query.event_type = "user_activity";
  query.days_into_past = 2;
  ASSERT_THAT(conn->GetEvents(
                  query,
                  [&](const std::vector<AuditEvent>& events, int64_t total) {
                    EXPECT_EQ(total, 25);
                    sizes.push_back(events.size());
                    for (const auto& e : events) ids.push_back(e.id);
                    return absl::OkStatus();
                  },
                  CallContext::Background()),
              IsOk());
  EXPECT_THAT(sizes, ::testing::ElementsAre(10, 10, 5));
  ASSERT_EQ(ids.size(), 25u);
  EXPECT_EQ(ids.back(), 24);
  const auto requests = h.mock->requests();
  EXPECT_THAT(
      requests[0].url,
      HasSubstr("/events?type=user_activity&intervalInHours=48&limit=5000"));
  EXPECT_THAT(requests[1].url, HasSubstr("&limit=10&offset=10"));
}

TEST(AuditConnectionTest, KeepsAdditionalAttributesAsJson) {
  family_test::RestHarness h;
  h.mock->SetHandler("GET", "/events\\?", Events(1, 10));
  auto conn = MakeAuditConnection(h.rest, kAudit);
  std::string attrs;
  ASSERT_THAT(conn->GetEvents(
                  AuditQuery{},
                  [&](const std::vector<AuditEvent>& events, int64_t) {
                    attrs = events.at(0).additional_attributes_json;
                    return absl::OkStatus();
                  },
                  CallContext::Background()),
              IsOk());
  EXPECT_EQ(attrs, R"({"k":"v"})");
}

TEST(AuditConnectionTest, SearchPostsTheWindow) {
  family_test::RestHarness h;
  h.mock->set_record_bodies(true);
  h.mock->SetHandler("POST", "/events/search\\?", Events(3, 10));
  auto conn = MakeAuditConnection(h.rest, kAudit);
  AuditQuery query;
  query.date_from_ms = 1000;
  query.date_to_ms = 2000;
  int64_t seen = 0;
  ASSERT_THAT(conn->SearchEvents(
                  query,
                  [&](const std::vector<AuditEvent>& events, int64_t) {
                    seen += static_cast<int64_t>(events.size());
                    return absl::OkStatus();
                  },
                  CallContext::Background()),
              IsOk());
  EXPECT_EQ(seen, 3);
  EXPECT_EQ(h.mock->requests()[0].body, R"({"from":1000,"to":2000})");
}

TEST(AuditConnectionTest, ThirtyDayWindowIsEnforcedLocally) {
  AuditQuery q;
  q.days_into_past = 31;
  EXPECT_THAT(
      ValidateAuditQuery(q),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("30 days")));
  q.days_into_past = 30;
  EXPECT_THAT(ValidateAuditQuery(q), IsOk());
  q.date_from_ms = 1;
  q.date_to_ms = 1 + 30LL * 86400 * 1000 + 1;
  EXPECT_THAT(
      ValidateAuditQuery(q),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("30 days")));
  q.date_to_ms = 1 + 30LL * 86400 * 1000;
  EXPECT_THAT(ValidateAuditQuery(q), IsOk());
  q.date_to_ms = 0;
  EXPECT_THAT(
      ValidateAuditQuery(q),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("together")));
  AuditQuery bad_type;
  bad_type.event_type = "all&limit=1";
  EXPECT_THAT(
      ValidateAuditQuery(bad_type),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("event_type")));
  family_test::RestHarness h;
  auto conn = MakeAuditConnection(h.rest, kAudit);
  AuditQuery long_window;
  long_window.days_into_past = 45;
  EXPECT_THAT(conn->GetEvents(
                  long_window,
                  [](const std::vector<AuditEvent>&, int64_t) {
                    return absl::OkStatus();
                  },
                  CallContext::Background()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_TRUE(h.mock->requests().empty());
}

TEST(AuditConnectionTest, UsersComeFromTheIntegrationApi) {
  family_test::RestHarness h;
  constexpr char kApi[] = "https://api.test/2/0";
  h.mock->SetHandler(
      "GET", "api.test/2/0/users\\?",
      [](const HttpRequest&, const CallContext&) {
        return absl::StatusOr<HttpResponse>(JsonResponse(
            R"({"meta":{"paging":{"currentPageSize":1,"totalSize":1,"offset":0}},)"
            R"("users":[{"id":"u1","email":"a@b.com","active":true}]})"));
      });
  h.mock->SetHandler("GET", "api.test/2/0/users/me$",
                     [](const HttpRequest&, const CallContext&) {
                       return absl::StatusOr<HttpResponse>(JsonResponse(
                           R"({"user":{"id":"u1","firstName":"A"}})"));
                     });
  h.mock->SetHandler("GET", "api.test/2/0/users/nobody$",
                     [](const HttpRequest&, const CallContext&) {
                       return absl::StatusOr<HttpResponse>(JsonResponse(
                           R"({"status":{"code":404,"message":"x"}})", 404));
                     });
  auto conn = MakeAuditConnection(h.rest, kAudit, kApi);
  auto users = conn->GetUsers(CallContext::Background());
  ASSERT_THAT(users.status(), IsOk());
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].email, "a@b.com");
  EXPECT_TRUE((*users)[0].active);
  auto me = conn->GetUser("me", CallContext::Background());
  ASSERT_THAT(me.status(), IsOk());
  EXPECT_EQ(me->first_name, "A");
  EXPECT_THAT(conn->GetUser("nobody", CallContext::Background()).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nobody")));
  EXPECT_THAT(
      conn->GetUser("", CallContext::Background()).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("user_id")));
}

}  // namespace
}  // namespace anaplan::core
