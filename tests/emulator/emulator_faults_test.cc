// Fault injection and the request log.

#include <chrono>

#include "tests/emulator/emulator_test_util.h"

namespace anaplan::emulator::testing {
namespace {

class FaultsTest : public EmulatorTest {
 protected:
  void AddFault(const std::string& json) {
    auto res = client_->Post("/__emulator/faults", json, "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  rapidjson::Document Faults() {
    return Parse(client_->Get("/__emulator/faults")->body);
  }

  rapidjson::Document Requests(const std::string& filter = "") {
    return Parse(client_->Get("/__emulator/requests?path=" + filter)->body);
  }
};

TEST_F(FaultsTest, StatusFaultFiresCountTimesWithRetryAfter) {
  httplib::Headers auth = Auth();
  AddFault(R"({"method":"GET","path":"/files$","count":2,"status":503,
               "retry_after":"2"})");
  for (int i = 0; i < 2; ++i) {
    auto res = client_->Get(Bulk("/files"), auth);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 503);
    EXPECT_EQ(res->get_header_value("Retry-After"), "2");
    EXPECT_EQ(Parse(res->body)["status"]["code"].GetInt(), 503);
  }
  EXPECT_EQ(client_->Get(Bulk("/files"), auth)->status, 200);
  rapidjson::Document faults = Faults();
  EXPECT_EQ(faults[0]["fired"].GetInt(), 2);
  EXPECT_FALSE(faults[0]["armed"].GetBool());
}

TEST_F(FaultsTest, SkipLetsFirstRequestsPassAndMethodFilters) {
  httplib::Headers auth = Auth();
  AddFault(R"({"method":"PUT","path":"/chunks/","skip":1,"status":429})");
  client_->Post(Bulk("/files/113000000000"), auth, R"({"chunkCount":2})",
                "application/json");
  EXPECT_EQ(client_->Get(Bulk("/files/113000000000/chunks"), auth)->status,
            200);
  auto put = [&](int i) {
    return client_
        ->Put(Bulk("/files/113000000000/chunks/" + std::to_string(i)), auth,
              "x", "application/octet-stream")
        ->status;
  };
  EXPECT_EQ(put(0), 204);
  EXPECT_EQ(put(1), 429);
  EXPECT_EQ(put(1), 204);
}

TEST_F(FaultsTest, FaultsApplyToTokenService) {
  AddFault(R"({"path":"^/token/authenticate$","status":500})");
  client_->set_basic_auth("demo@example.com", "demo-password");
  EXPECT_EQ(client_->Post("/token/authenticate")->status, 500);
  EXPECT_EQ(client_->Post("/token/authenticate")->status, 201);
}

TEST_F(FaultsTest, ResetDropsTheConnectionWithoutResponse) {
  httplib::Headers auth = Auth();
  AddFault(R"({"method":"GET","path":"/imports$","action":"reset"})");
  auto res = client_->Get(Bulk("/imports"), auth);
  EXPECT_FALSE(res);
  auto again = client_->Get(Bulk("/imports"), auth);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(FaultsTest, TruncateCutsTheBody) {
  httplib::Headers auth = Auth();
  client_->set_decompress(false);
  AddFault(R"({"method":"GET","path":"/exports$","action":"truncate"})");
  EXPECT_FALSE(client_->Get(Bulk("/exports"), auth));
  EXPECT_EQ(client_->Get(Bulk("/exports"), auth)->status, 200);
}

TEST_F(FaultsTest, DropResponseStillChangesState) {
  httplib::Headers auth = Auth();
  AddFault(R"({"method":"POST","path":"/tasks$","action":"drop_response"})");
  auto res = client_->Post(Bulk("/exports/116000000000/tasks"), auth,
                           R"({"localeName":"en_US"})", "application/json");
  EXPECT_FALSE(res);
  rapidjson::Document tasks = Parse(client_->Get("/__emulator/tasks")->body);
  EXPECT_EQ(tasks["tasks"].Size(), 1u);
  EXPECT_EQ(tasks["counts"]["116000000000"].GetInt(), 1);
}

TEST_F(FaultsTest, StallDelaysThenAnswers) {
  httplib::Headers auth = Auth();
  AddFault(R"({"path":"/actions$","action":"stall","delay_ms":300})");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client_->Get(Bulk("/actions"), auth)->status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start,
            std::chrono::milliseconds(300));
}

TEST_F(FaultsTest, CorruptFlipsBodyBytes) {
  httplib::Headers auth = Auth();
  client_->set_decompress(false);
  const std::string good = client_->Get(Bulk("/processes"), auth)->body;
  AddFault(R"({"path":"/processes$","action":"corrupt"})");
  auto bad = client_->Get(Bulk("/processes"), auth);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->body.size(), good.size());
  EXPECT_NE(bad->body, good);
}

TEST_F(FaultsTest, RejectsMalformedRulesAndClears) {
  for (const char* bad : {"{", R"({"path":"(("})", R"({"action":"explode"})",
                          R"({"status":42})"}) {
    auto res = client_->Post("/__emulator/faults", bad, "application/json");
    EXPECT_EQ(res->status, 400) << bad;
  }
  AddFault(R"([{"id":"a","path":"x"},{"path":"y"}])");
  rapidjson::Document faults = Faults();
  ASSERT_EQ(faults.Size(), 2u);
  EXPECT_STREQ(faults[0]["id"].GetString(), "a");
  EXPECT_EQ(client_->Delete("/__emulator/faults")->status, 200);
  EXPECT_EQ(Faults().Size(), 0u);
}

TEST_F(FaultsTest, InProcessApiAddsFaults) {
  httplib::Headers auth = Auth();
  ASSERT_TRUE(emulator_->AddFaults(R"({"path":"/users","status":502})").ok());
  EXPECT_EQ(client_->Get("/2/0/users", auth)->status, 502);
}

TEST_F(FaultsTest, RequestLogRecordsSchemeButNeverCredentials) {
  httplib::Headers auth = Auth();
  client_->Get("/2/0/models?sort=%2Bname", auth);
  client_->Put(Bulk("/files/113000000000"), auth, "abc",
               "application/octet-stream");
  rapidjson::Document log = Requests();
  ASSERT_GE(log.Size(), 3u);
  const std::string raw = client_->Get("/__emulator/requests")->body;
  EXPECT_EQ(raw.find(token_), std::string::npos);
  EXPECT_EQ(raw.find("demo-password"), std::string::npos);
  EXPECT_STREQ(log[0]["authorization_scheme"].GetString(), "Basic");
  EXPECT_EQ(log[0]["status"].GetInt(), 201);
  EXPECT_STREQ(log[1]["query"].GetString(), "sort=%2Bname");
  EXPECT_STREQ(log[1]["authorization_scheme"].GetString(), "AnaplanAuthToken");
  EXPECT_STREQ(log[2]["method"].GetString(), "PUT");
  EXPECT_EQ(log[2]["body_size"].GetInt(), 3);
  EXPECT_STREQ(log[2]["content_type"].GetString(), "application/octet-stream");
  EXPECT_GT(log[2]["seq"].GetInt(), log[1]["seq"].GetInt());
  EXPECT_EQ(Requests("/files/").Size(), 1u);
  EXPECT_EQ(emulator_->request_log().Entries("^/2/0/models").size(), 1u);
  client_->Delete("/__emulator/requests");
  EXPECT_EQ(emulator_->request_log().Entries("^/2/0").size(), 0u);
}

TEST_F(FaultsTest, ResetRestoresFixture) {
  httplib::Headers auth = Auth();
  AddFault(R"({"path":"/nothing"})");
  client_->Post(Bulk("/actions/117000000000/tasks"), auth, "{}",
                "application/json");
  ASSERT_EQ(client_->Post("/__emulator/reset")->status, 200);
  EXPECT_EQ(Faults().Size(), 0u);
  EXPECT_EQ(Parse(client_->Get("/__emulator/tasks")->body)["tasks"].Size(), 0u);
  // Tokens were forgotten too.
  EXPECT_EQ(client_->Get("/2/0/workspaces", auth)->status, 401);
}

}  // namespace
}  // namespace anaplan::emulator::testing
