// Log lines: JSON lines parse as JSON whatever the values hold, text lines
// keep one event per line, levels and formats parse strictly.
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"

#include "service/logging.h"
#include "service/server_options.h"

namespace anaplan::service {
namespace {

using ::testing::HasSubstr;

const absl::Time kTime = absl::FromUnixMillis(1733352945123);  // 2024-12-04

rapidjson::Document Parse(const std::string& line) {
  rapidjson::Document doc;
  doc.Parse(line.c_str(), line.size());
  EXPECT_FALSE(doc.HasParseError()) << line;
  return doc;
}

TEST(LogFormatTest, JsonLineHasEveryField) {
  const std::string line =
      FormatLogLine(LogFormat::kJson, kTime, LogLevel::kWarning, "rpc",
                    {{"request_id", "abc123"},
                     {"method", "UploadFile"},
                     {"code", "CANCELLED"},
                     {"duration_ms", 12.5},
                     {"bytes_received", int64_t{1048576}},
                     {"ok", false}});
  EXPECT_EQ(line,
            "{\"ts\":\"2024-12-04T22:55:45.123Z\",\"level\":\"warning\","
            "\"event\":\"rpc\",\"request_id\":\"abc123\",\"method\":"
            "\"UploadFile\",\"code\":\"CANCELLED\",\"duration_ms\":12.5,"
            "\"bytes_received\":1048576,\"ok\":false}");
  rapidjson::Document doc = Parse(line);
  EXPECT_EQ(doc["bytes_received"].GetInt64(), 1048576);
  EXPECT_STREQ(doc["event"].GetString(), "rpc");
}

TEST(LogFormatTest, JsonSurvivesHostileValues) {
  const std::string hostile = std::string("quote\" back\\ nl\n tab\t ") +
                              std::string(1, '\x01') + " bad\xff utf8 \xc3\xa9";
  const std::string line =
      FormatLogLine(LogFormat::kJson, kTime, LogLevel::kError, "x\"y",
                    {{"message", hostile}, {"nan", std::nan("")}});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  rapidjson::Document doc = Parse(line);
  EXPECT_EQ(std::string(doc["message"].GetString()),
            "quote\" back\\ nl\n tab\t \x01 bad\xef\xbf\xbd utf8 \xc3\xa9");
  EXPECT_TRUE(doc["nan"].IsNull());
  EXPECT_STREQ(doc["event"].GetString(), "x\"y");
}

TEST(LogFormatTest, TextLineQuotesOnlyWhenNeeded) {
  EXPECT_EQ(
      FormatLogLine(
          LogFormat::kText, kTime, LogLevel::kInfo, "rpc",
          {{"method", "GetWorkspaces"}, {"message", "two words"}, {"n", 3}}),
      "2024-12-04T22:55:45.123Z INFO rpc method=GetWorkspaces "
      "message=\"two words\" n=3");
  const std::string multi = FormatLogLine(
      LogFormat::kText, kTime, LogLevel::kInfo, "e", {{"m", "a\nb"}});
  EXPECT_EQ(multi.find('\n'), std::string::npos);
}

TEST(LogFormatTest, ParsesLevelsAndFormats) {
  EXPECT_EQ(*ParseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(*ParseLogLevel("INFO"), LogLevel::kInfo);
  EXPECT_EQ(*ParseLogLevel("warning"), LogLevel::kWarning);
  EXPECT_EQ(*ParseLogLevel("error"), LogLevel::kError);
  EXPECT_THAT(ParseLogLevel("loud").status().message(),
              HasSubstr("--log_level"));
  EXPECT_EQ(*ParseLogFormat("json"), LogFormat::kJson);
  EXPECT_EQ(*ParseLogFormat("text"), LogFormat::kText);
  EXPECT_THAT(ParseLogFormat("xml").status().message(),
              HasSubstr("--log_format"));
}

TEST(LogFormatTest, LevelFilters) {
  ConfigureLogging(LogFormat::kJson, LogLevel::kWarning);
  EXPECT_FALSE(LogEnabled(LogLevel::kInfo));
  EXPECT_TRUE(LogEnabled(LogLevel::kWarning));
  EXPECT_TRUE(LogEnabled(LogLevel::kError));
  ConfigureLogging(LogFormat::kText, LogLevel::kInfo);
  EXPECT_TRUE(LogEnabled(LogLevel::kInfo));
  EXPECT_FALSE(LogEnabled(LogLevel::kDebug));
}

TEST(LogFormatTest, OpsOptionsAreValidated) {
  ServerOptions options;
  EXPECT_TRUE(ValidateServerOptions(options).ok());
  options.log_format = "xml";
  EXPECT_THAT(ValidateServerOptions(options).message(),
              HasSubstr("--log_format"));
  options.log_format = "json";
  options.log_level = "verbose";
  EXPECT_THAT(ValidateServerOptions(options).message(),
              HasSubstr("--log_level"));
  options.log_level = "warning";
  options.metrics_listen = "9464";
  EXPECT_THAT(ValidateServerOptions(options).message(),
              HasSubstr("--metrics_listen"));
  options.metrics_listen = "0.0.0.0:9464";
  EXPECT_TRUE(ValidateServerOptions(options).ok());
}

// The only test here that parses flags: absl flags are process-global.
TEST(LogFormatTest, OpsFlagsComeFromTheEnvironmentToo) {
  setenv("ANAPLAN_GRPC_METRICS_LISTEN", "127.0.0.1:9464", 1);
  setenv("ANAPLAN_GRPC_LOG_FORMAT", "json", 1);
  setenv("ANAPLAN_GRPC_LOG_LEVEL", "error", 1);
  std::vector<std::string> args = {"server", "--log_level=debug"};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  absl::StatusOr<ServerOptions> options =
      ParseServerFlags(static_cast<int>(argv.size()), argv.data());
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->metrics_listen, "127.0.0.1:9464");
  EXPECT_EQ(options->log_format, "json");
  EXPECT_EQ(options->log_level, "debug");  // the flag beats the environment
}

}  // namespace
}  // namespace anaplan::service
