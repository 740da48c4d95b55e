#include "anaplan_core/scim/scim_connection.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/testing/status_matchers.h"
#include "tests/unit/families/family_test_util.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::JsonResponse;
using ::anaplan::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kScim[] = "https://api.test/scim/1/0/v2";

std::string UserJson(int i) {
  return absl::StrCat(
      R"({"id":"u)", i, R"(","userName":"user)", i,
      R"(","name":{"familyName":"F","givenName":"G"},)",
      R"("active":true,"entitlements":[{"value":"w","type":"WORKSPACE"}]})");
}

TEST(ScimConnectionTest, PagesWithStartIndexAndCountInOrder) {
  family_test::RestHarness h;
  h.mock->SetHandler(
      "GET", "/Users\\?", [](const HttpRequest& r, const CallContext&) {
        const bool first = r.url.find("startIndex=1&") != std::string::npos;
        const int base = first ? 1 : 3;
        const int n = first ? 2 : 1;
        std::vector<std::string> users;
        for (int i = 0; i < n; ++i) users.push_back(UserJson(base + i));
        return absl::StatusOr<HttpResponse>(JsonResponse(absl::StrCat(
            R"({"totalResults":3,"startIndex":)", base, R"(,"Resources":[)",
            absl::StrJoin(users, ","), "]}")));
      });
  auto conn = MakeScimConnection(h.rest, kScim);
  std::vector<std::string> names;
  int pages = 0;
  ASSERT_THAT(conn->GetUsers(
                  ScimFilter::Compare("userName", "eq", "a\"b"), 2,
                  [&](const std::vector<ScimUser>& users, int64_t total) {
                    ++pages;
                    EXPECT_EQ(total, 3);
                    for (const auto& u : users) names.push_back(u.user_name);
                    return absl::OkStatus();
                  },
                  CallContext::Background()),
              IsOk());
  EXPECT_EQ(pages, 2);
  EXPECT_THAT(names, ::testing::ElementsAre("user1", "user2", "user3"));
  const auto requests = h.mock->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_THAT(requests[0].url, HasSubstr("startIndex=1&count=2&filter="
                                         "userName%20eq%20%22a%5C%22b%22"));
  EXPECT_THAT(requests[1].url, HasSubstr("startIndex=3&count=2"));
}

TEST(ScimConnectionTest, RejectsBadPageSizeAndFilterBeforeAnyCall) {
  family_test::RestHarness h;
  auto conn = MakeScimConnection(h.rest, kScim);
  auto ignore = [](const std::vector<ScimUser>&, int64_t) {
    return absl::OkStatus();
  };
  EXPECT_THAT(
      conn->GetUsers(std::nullopt, 101, ignore, CallContext::Background()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
  EXPECT_THAT(conn->GetUsers(ScimFilter::Compare("userName", "co", "x"), 10,
                             ignore, CallContext::Background()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_TRUE(h.mock->requests().empty());
}

TEST(ScimConnectionTest, PatchSendsPatchOpAndParsesUser) {
  family_test::RestHarness h;
  h.mock->set_record_bodies(true);
  h.mock->AddResponse("PATCH", "/Users/u1$", JsonResponse(UserJson(1)));
  auto conn = MakeScimConnection(h.rest, kScim);
  auto user = conn->UpdateUser(
      "u1", {{"replace", "active", "false"}, {"remove", "entitlements", ""}},
      CallContext::Background());
  ASSERT_THAT(user.status(), IsOk());
  EXPECT_EQ(user->entitlements.size(), 1u);
  const std::string body = h.mock->requests()[0].body;
  EXPECT_THAT(body, HasSubstr("urn:ietf:params:scim:api:messages:2.0:PatchOp"));
  EXPECT_THAT(body,
              HasSubstr(R"({"op":"replace","path":"active","value":false})"));
  EXPECT_THAT(body, HasSubstr(R"({"op":"remove","path":"entitlements"})"));
  EXPECT_THAT(conn->UpdateUser("u1", {{"move", "active", ""}},
                               CallContext::Background()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("add, remove or replace")));
  EXPECT_THAT(conn->UpdateUser("u1", {{"add", "active", "{not json"}},
                               CallContext::Background()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("JSON")));
}

TEST(ScimConnectionTest, ScimErrorsMapToStatus) {
  family_test::RestHarness h;
  h.mock->AddResponse(
      "GET", "/Users/nobody$",
      JsonResponse(
          R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],)"
          R"("status":"404","detail":"User not found"})",
          404));
  auto conn = MakeScimConnection(h.rest, kScim);
  EXPECT_THAT(conn->GetUser("nobody", CallContext::Background()),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace anaplan::core
