#ifndef ANAPLAN_TESTS_EMULATOR_EMULATOR_TEST_UTIL_H_
#define ANAPLAN_TESTS_EMULATOR_EMULATOR_TEST_UTIL_H_

#include <httplib.h>
#include <signal.h>

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "rapidjson/document.h"

#include "emulator/emulator.h"

namespace anaplan::emulator::testing {

// Ids seeded by fixtures/demo.json.
inline constexpr char kDemoWorkspace[] = "8a868cd985f53e7701860542f59e276e";
inline constexpr char kSandboxWorkspace[] = "8a868cd985f53e7701860542f59e2770";
inline constexpr char kDemoModel[] = "75A40874E6B64FA3AE0743278996850F";
inline constexpr char kArchiveModel[] = "F0E1D2C3B4A5968778695A4B3C2D1E0F";
inline constexpr char kSandboxModel[] = "0123456789ABCDEF0123456789ABCDEF";
inline constexpr char kEmployeesFile[] = "113000000000";
inline constexpr char kSalesFile[] = "113000000001";
inline constexpr char kEmployeesImport[] = "112000000000";
inline constexpr char kSalesImport[] = "112000000001";
inline constexpr char kEmployeesExport[] = "116000000000";
inline constexpr char kSalesExport[] = "116000000001";
inline constexpr char kDeleteAction[] = "117000000000";
inline constexpr char kOptimizerAction[] = "117000000001";
inline constexpr char kLoadProcess[] = "118000000000";

/// Starts an in-process emulator on an ephemeral port per test and offers
/// small helpers around a real httplib::Client.
class EmulatorTest : public ::testing::Test {
 protected:
  /// Override to change the options before the emulator starts.
  virtual void Configure(EmulatorOptions& options) {}

  void SetUp() override {
    signal(SIGPIPE, SIG_IGN);  // Reset connections must not kill the test.
    EmulatorOptions options;
    options.task_polls_in_progress = 0;
    Configure(options);
    auto started = Emulator::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    emulator_ = *std::move(started);
    client_ = NewClient();
  }

  std::unique_ptr<httplib::Client> NewClient() const {
    auto client =
        std::make_unique<httplib::Client>("127.0.0.1", emulator_->port());
    client->set_read_timeout(10, 0);
    client->set_connection_timeout(2, 0);
    return client;
  }

  /// Authenticates with basic credentials; returns the token value.
  std::string Login(const std::string& user = "demo@example.com",
                    const std::string& password = "demo-password") {
    client_->set_basic_auth(user, password);
    auto res = client_->Post("/token/authenticate");
    client_->set_basic_auth("", "");
    if (!res || res->status != 201) return "";
    rapidjson::Document doc = Parse(res->body);
    return doc["tokenInfo"]["tokenValue"].GetString();
  }

  /// `Authorization: AnaplanAuthToken <token>` (logs in on first use).
  httplib::Headers Auth() {
    if (token_.empty()) token_ = Login();
    return {{"Authorization", "AnaplanAuthToken " + token_}};
  }

  static std::string Bulk(const std::string& suffix,
                          const std::string& model = kDemoModel,
                          const std::string& workspace = kDemoWorkspace) {
    return "/2/0/workspaces/" + workspace + "/models/" + model + suffix;
  }

  static rapidjson::Document Parse(const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    EXPECT_FALSE(doc.HasParseError()) << text;
    return doc;
  }

  /// GET returning parsed JSON; expects `status`.
  rapidjson::Document GetJson(const std::string& path, int status = 200) {
    auto res = client_->Get(path, Auth());
    EXPECT_TRUE(res) << path;
    if (!res) return rapidjson::Document();
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    return Parse(res->body);
  }

  /// POST JSON returning parsed JSON; expects `status`.
  rapidjson::Document PostJson(const std::string& path, const std::string& body,
                               int status = 200) {
    auto res = client_->Post(path, Auth(), body, "application/json");
    EXPECT_TRUE(res) << path;
    if (!res) return rapidjson::Document();
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    return Parse(res->body);
  }

  /// Starts a task; returns its id.
  std::string StartTask(const std::string& segment, const std::string& id) {
    rapidjson::Document doc = PostJson(
        Bulk("/" + segment + "/" + id + "/tasks"), R"({"localeName":"en_US"})");
    if (!doc.IsObject() || !doc.HasMember("task")) return "";
    return doc["task"]["taskId"].GetString();
  }

  /// Polls a task until COMPLETE or CANCELLED (at most 20 polls).
  rapidjson::Document WaitTask(const std::string& segment,
                               const std::string& id,
                               const std::string& task_id) {
    rapidjson::Document doc;
    for (int i = 0; i < 20; ++i) {
      doc = GetJson(Bulk("/" + segment + "/" + id + "/tasks/" + task_id));
      std::string state = doc["task"]["taskState"].GetString();
      if (state == "COMPLETE" || state == "CANCELLED") break;
    }
    return doc;
  }

  /// Sets a file's chunk count and uploads `content` as one raw chunk.
  void UploadFile(const std::string& file_id, const std::string& content) {
    PostJson(Bulk("/files/" + file_id), R"({"chunkCount":1})");
    auto res = client_->Put(Bulk("/files/" + file_id + "/chunks/0"), Auth(),
                            content, "application/octet-stream");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 204) << res->body;
  }

  std::unique_ptr<Emulator> emulator_;
  std::unique_ptr<httplib::Client> client_;
  std::string token_;
};

}  // namespace anaplan::emulator::testing

#endif  // ANAPLAN_TESTS_EMULATOR_EMULATOR_TEST_UTIL_H_
