// CloudWorks payload builders, validation and reply parsers.
#include "anaplan_core/cloud_works/cloud_works_json.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"

#include "anaplan_core/json/json_util.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core::cw {
namespace {

using ::anaplan::testing::StatusIs;
using ::testing::HasSubstr;

rapidjson::Document Json(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  EXPECT_FALSE(doc.HasParseError()) << text;
  return doc;
}

ConnectionInput S3() {
  ConnectionInput in;
  in.type = ConnectionType::kAmazonS3;
  in.name = "s3";
  in.access_key_id = "AK";
  in.secret_access_key = "SK";
  in.bucket_name = "bucket";
  return in;
}

IntegrationInput Import() {
  IntegrationInput in;
  in.name = "imp";
  in.workspace_id = "ws";
  in.model_id = "MODEL";
  IntegrationJob job;
  job.type = "AmazonS3ToAnaplan";
  job.sources.push_back(
      {"AmazonS3", "conn", "dir/a.csv", "", "", "", {}, "", false});
  job.targets.push_back(
      {"Anaplan", "", "", "", "112000000001", "113000000001", {}, "", false});
  in.jobs.push_back(job);
  return in;
}

TEST(CloudWorksJsonTest, ConnectionBodiesPerType) {
  rapidjson::Document s3 = Json(ConnectionJson(S3()));
  EXPECT_STREQ(s3["type"].GetString(), "AmazonS3");
  EXPECT_STREQ(s3["body"]["bucketName"].GetString(), "bucket");
  EXPECT_FALSE(s3["body"].HasMember("sasToken"));

  ConnectionInput az;
  az.type = ConnectionType::kAzureBlob;
  az.name = "az";
  az.storage_account_name = "acct";
  az.container_name = "box";
  az.sas_token = "sv";
  rapidjson::Document azure = Json(ConnectionJson(az));
  // The live spec's snake_case auth_method, defaulting to SAS.
  EXPECT_STREQ(azure["body"]["auth_method"].GetString(), "SAS-based");

  ConnectionInput bq;
  bq.type = ConnectionType::kGoogleBigQuery;
  bq.name = "bq";
  bq.dataset = "ds";
  bq.service_account_key_json = R"({"type":"service_account"})";
  rapidjson::Document big = Json(ConnectionJson(bq));
  EXPECT_STREQ(big["body"]["serviceAccountKey"]["type"].GetString(),
               "service_account");
}

TEST(CloudWorksJsonTest, PatchSendsOnlySetFields) {
  ConnectionInput patch;
  patch.type = ConnectionType::kAzureBlob;
  patch.name = "renamed";
  rapidjson::Document doc = Json(ConnectionPatchJson(patch));
  EXPECT_FALSE(doc.HasMember("type"));
  ASSERT_TRUE(doc["body"].IsObject());
  EXPECT_EQ(doc["body"].MemberCount(), 1u);
  EXPECT_THAT(ValidateConnectionInput(patch, true, "connection"),
              ::anaplan::testing::IsOk());
  EXPECT_THAT(
      ValidateConnectionInput(ConnectionInput{}, true, "connection"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sets no field")));
}

TEST(CloudWorksJsonTest, ConnectionValidationNamesTheField) {
  ConnectionInput in = S3();
  in.bucket_name.clear();
  EXPECT_THAT(ValidateConnectionInput(in, false, "connection"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("connection.bucket_name")));
  ConnectionInput bq;
  bq.type = ConnectionType::kGoogleBigQuery;
  bq.name = "bq";
  bq.dataset = "ds";
  bq.service_account_key_json = "[1]";
  EXPECT_THAT(ValidateConnectionInput(bq, false, "connection"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("service_account_key_json")));
}

TEST(CloudWorksJsonTest, IntegrationJsonAndValidation) {
  IntegrationInput in = Import();
  ANAPLAN_EXPECT_OK(ValidateIntegrationInput(in, "integration"));
  rapidjson::Document doc = Json(IntegrationJson(in));
  EXPECT_STREQ(doc["version"].GetString(), "2.0");
  EXPECT_FALSE(doc.HasMember("processId"));
  EXPECT_STREQ(doc["jobs"][0]["targets"][0]["fileId"].GetString(),
               "113000000001");

  in.jobs[0].targets[0].action_id = "import";
  EXPECT_THAT(ValidateIntegrationInput(in, "integration"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("integration.jobs[0].targets[0].action_id")));
  in = Import();
  in.jobs[0].type = "AnaplanToAmazonS3";  // sources are not Anaplan
  EXPECT_THAT(ValidateIntegrationInput(in, "integration"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("sources[0].type")));
  in = Import();
  in.jobs.clear();
  EXPECT_THAT(ValidateIntegrationInput(in, "integration"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("integration.jobs")));
  in.process_id = "118000000000";  // a process-only integration
  ANAPLAN_EXPECT_OK(ValidateIntegrationInput(in, "integration"));
}

TEST(CloudWorksJsonTest, ScheduleValidationAndBody) {
  Schedule s;
  s.name = "n";
  s.type = "weekly";
  s.timezone = "Europe/Paris";
  s.time = "12:45";
  s.days_of_week = {0, 6};
  s.start_date = "2030-01-01";
  s.end_date = "2030-02-01";
  ANAPLAN_EXPECT_OK(ValidateSchedule(s, "schedule"));
  rapidjson::Document doc = Json(ScheduleJson("abc", s));
  EXPECT_STREQ(doc["integrationId"].GetString(), "abc");
  EXPECT_EQ(doc["schedule"]["daysOfWeek"].Size(), 2u);

  Schedule bad = s;
  bad.time = "24:00";
  EXPECT_THAT(
      ValidateSchedule(bad, "schedule"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("schedule.time")));
  bad = s;
  bad.type = "yearly";
  EXPECT_THAT(
      ValidateSchedule(bad, "schedule"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("schedule.type")));
  bad = s;
  bad.days_of_week = {7};
  EXPECT_THAT(
      ValidateSchedule(bad, "schedule"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("days_of_week")));
  bad = s;
  bad.type = "hourly";  // needs from/to instead of time
  EXPECT_THAT(ValidateSchedule(bad, "schedule"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("schedule.from_time")));
}

TEST(CloudWorksJsonTest, FlowDefaultsAndLimits) {
  FlowInput flow;
  flow.name = "f";
  flow.steps.push_back({"a", {}, false, {}});
  EXPECT_THAT(
      ValidateFlowInput(flow, "flow"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("flow.steps")));
  flow.steps.push_back({"b", {"a"}, false, {}});
  ANAPLAN_EXPECT_OK(ValidateFlowInput(flow, "flow"));
  rapidjson::Document doc = Json(FlowJson(flow));
  EXPECT_STREQ(doc["type"].GetString(), "IntegrationFlow");
  // SDK defaults: failure -> stop, partial_success -> continue.
  EXPECT_STREQ(doc["steps"][0]["exceptionBehavior"][0]["strategy"].GetString(),
               "stop");
  EXPECT_STREQ(doc["steps"][1]["dependsOn"][0].GetString(), "a");
  EXPECT_EQ(RunFlowJson({}), "");
  EXPECT_EQ(RunFlowJson({"a"}), R"({"stepsToRun":["a"]})");
}

TEST(CloudWorksJsonTest, NotificationValidation) {
  NotificationInput in;
  in.integration_ids = {"i"};
  in.channels = {"email"};
  in.config.push_back({"success", {"u1"}, {}});
  ANAPLAN_EXPECT_OK(ValidateNotificationInput(in, "config"));
  rapidjson::Document doc = Json(NotificationJson(in));
  EXPECT_STREQ(doc["notifications"]["config"][0]["users"][0].GetString(), "u1");
  in.channels = {"sms"};
  EXPECT_THAT(ValidateNotificationInput(in, "config"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("config.channels")));
  in.channels = {"email"};
  in.config[0].users = {"1", "2", "3", "4", "5", "6"};
  EXPECT_THAT(ValidateNotificationInput(in, "config"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("config.config[0].users")));
}

TEST(CloudWorksJsonTest, RunErrorsAcceptEveryLiveShape) {
  // Spec: an array of records; SDK: one object; clean runs: {} or [].
  const char* record =
      R"({"id":"r","taskId":"T","errorMessages":[{"actionId":"112000000001",
          "actionName":"imp","failureDumpGenerated":true,
          "errorMessage":[{"localMessageText":"bad","occurrences":2,
          "type":"e","values":["x",1]}]}]})";
  auto as_array =
      ParseRunErrors(Json(std::string(R"({"runs":[)") + record + "]}"));
  ANAPLAN_ASSERT_OK(as_array);
  ASSERT_EQ(as_array->size(), 1u);
  EXPECT_EQ((*as_array)[0].error_messages[0].details[0].occurrences, 2);
  EXPECT_EQ((*as_array)[0].error_messages[0].details[0].values[1], "1");
  auto as_object =
      ParseRunErrors(Json(std::string(R"({"runs":)") + record + "}"));
  ANAPLAN_ASSERT_OK(as_object);
  EXPECT_EQ(as_object->size(), 1u);
  auto clean = ParseRunErrors(Json(R"({"runs":{}})"));
  ANAPLAN_ASSERT_OK(clean);
  EXPECT_TRUE(clean->empty());
}

TEST(CloudWorksJsonTest, CreatedIdReadsBothShapes) {
  auto spec =
      CreatedId(Json(R"({"connectionId":"a"})"), "connections", "connectionId");
  auto sdk = CreatedId(Json(R"({"connections":{"connectionId":"b"}})"),
                       "connections", "connectionId");
  ANAPLAN_ASSERT_OK(spec);
  ANAPLAN_ASSERT_OK(sdk);
  EXPECT_EQ(*spec, "a");
  EXPECT_EQ(*sdk, "b");
  EXPECT_THAT(CreatedId(Json("{}"), "connections", "connectionId"),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(CloudWorksJsonTest, ParsesIntegrationWithLatestRunAndSchedule) {
  auto integration = ParseIntegration(Json(R"({
      "integrationId":"i","name":"n","integrationType":"Import",
      "latestRun":{"success":false,"executionErrorCode":12,"message":"m"},
      "schedule":{"name":"s","type":"daily","daysOfWeek":[1],"status":"Active"},
      "jobs":[{"type":"AmazonS3ToAnaplan","sources":[{"type":"AmazonS3",
        "connectionId":"c","file":"f","connectionName":"cn",
        "isConnectionDeleted":true}],"targets":[]}]})"));
  ANAPLAN_ASSERT_OK(integration);
  ASSERT_TRUE(integration->latest_run.has_value());
  EXPECT_EQ(integration->latest_run->execution_error_code, 12);
  ASSERT_TRUE(integration->schedule.has_value());
  EXPECT_EQ(integration->schedule->status, "Active");
  EXPECT_TRUE(integration->jobs[0].sources[0].is_connection_deleted);
  // An empty latestRun means never run.
  auto fresh =
      ParseIntegration(Json(R"({"integrationId":"i","latestRun":{}})"));
  ANAPLAN_ASSERT_OK(fresh);
  EXPECT_FALSE(fresh->latest_run.has_value());
  EXPECT_THAT(ParseIntegration(Json(R"({"name":"no id"})")),
              StatusIs(absl::StatusCode::kInternal));
}

}  // namespace
}  // namespace anaplan::core::cw
