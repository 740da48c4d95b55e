#include "service/server_options.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anaplan::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(IsLoopbackAddressTest, Table) {
  struct Case {
    const char* listen;
    bool loopback;
  };
  const Case cases[] = {
      {"127.0.0.1:50051", true}, {"127.1.2.3:0", true},
      {"localhost:80", true},    {"[::1]:50051", true},
      {"unix:/tmp/s", true},     {"0.0.0.0:50051", false},
      {"[::]:50051", false},     {":50051", false},
      {"10.0.0.5:50051", false}, {"example.com:443", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsLoopbackAddress(c.listen), c.loopback) << c.listen;
  }
}

TEST(ValidateServerOptionsTest, CredentialsStayOnLoopback) {
  ServerOptions options;
  options.listen = "0.0.0.0:50051";
  EXPECT_TRUE(ValidateServerOptions(options).ok());  // no credentials
  options.token = "t";
  absl::Status status = ValidateServerOptions(options);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("--allow_insecure_non_loopback"));
  options.allow_insecure_non_loopback = true;
  EXPECT_TRUE(ValidateServerOptions(options).ok());
}

TEST(ValidateServerOptionsTest, RangesNameTheFlag) {
  ServerOptions options;
  options.client.page_size = 6000;
  EXPECT_THAT(std::string(ValidateServerOptions(options).message()),
              HasSubstr("--page_size"));
  options = ServerOptions();
  options.user_email = "a@b.c";
  EXPECT_THAT(std::string(ValidateServerOptions(options).message()),
              HasSubstr("--password"));
}

TEST(EnvironmentVariableForTest, UpperCasesWithPrefix) {
  EXPECT_EQ(EnvironmentVariableFor("max_unary_wait_seconds"),
            "ANAPLAN_GRPC_MAX_UNARY_WAIT_SECONDS");
}

// The only test that parses flags: absl flags are process-global.
TEST(ParseServerFlagsTest, CommandLineWinsOverEnvironment) {
  const std::string password_file = ::testing::TempDir() + "/password";
  std::ofstream(password_file) << "s3cret\n";
  setenv("ANAPLAN_GRPC_PAGE_SIZE", "100", 1);
  setenv("ANAPLAN_GRPC_API_URL", "http://env.invalid/2/0", 1);
  setenv("ANAPLAN_GRPC_USER_EMAIL", "demo@example.com", 1);
  setenv("ANAPLAN_GRPC_PASSWORD_FILE", password_file.c_str(), 1);
  setenv("ANAPLAN_GRPC_REFLECTION", "true", 1);
  std::vector<std::string> args = {"server", "--page_size=200",
                                   "--noreflection", "--listen", "127.0.0.1:0"};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  absl::StatusOr<ServerOptions> options =
      ParseServerFlags(static_cast<int>(argv.size()), argv.data());
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->client.page_size, 200);  // flag beats env
  EXPECT_FALSE(options->reflection);          // --noreflection beats env
  EXPECT_EQ(options->client.endpoints.api_url, "http://env.invalid/2/0");
  EXPECT_EQ(options->listen, "127.0.0.1:0");
  EXPECT_EQ(options->user_email, "demo@example.com");
  EXPECT_EQ(options->password, "s3cret");            // trailing newline dropped
  EXPECT_EQ(options->client.retry.max_attempts, 2);  // default
}

}  // namespace
}  // namespace anaplan::service
