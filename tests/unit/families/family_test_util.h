#ifndef TESTS_UNIT_FAMILIES_FAMILY_TEST_UTIL_H_
#define TESTS_UNIT_FAMILIES_FAMILY_TEST_UTIL_H_

#include <memory>

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/common/client_options.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/mock_http_transport.h"

namespace anaplan::core::family_test {

/// A RestClient over a MockHttpTransport with a static token and a fake
/// sleeper, for the ALM, Audit and SCIM connection tests.
struct RestHarness {
  RestHarness()
      : mock(std::make_shared<testing::MockHttpTransport>()),
        sleeper(std::make_shared<testing::FakeSleeper>()) {
    ClientOptions options;
    options.endpoints.api_url = "https://api.test/2/0";
    options.endpoints.auth_url = "https://auth.test";
    options.retry.max_attempts = 3;
    options.poll_delay = absl::Seconds(2);
    rest =
        MakeRestClient(options, mock, MakeTokenCredentials("token"), sleeper);
  }
  std::shared_ptr<testing::MockHttpTransport> mock;
  std::shared_ptr<testing::FakeSleeper> sleeper;
  std::shared_ptr<RestClient> rest;
};

}  // namespace anaplan::core::family_test

#endif  // TESTS_UNIT_FAMILIES_FAMILY_TEST_UTIL_H_
