#ifndef ANAPLAN_EMULATOR_OAUTH_UTIL_H_
#define ANAPLAN_EMULATOR_OAUTH_UTIL_H_

#include <cstddef>
#include <string>

#include "rapidjson/document.h"

#include "emulator/router.h"

namespace anaplan::emulator {

/// `bytes` random bytes, web-safe base64 (tokens, codes).
std::string RandomToken(size_t bytes);
/// A user code like "BCDF-GHJK" (consonants only, as Auth0's).
std::string UserCode();
/// Answers an OAuth error: {"error": error, "error_description": ...}.
void SendOAuthError(Call& call, int status, const char* error,
                    const std::string& description);

/// Request fields from a JSON body or a form body (the SDK sends forms).
class Fields {
 public:
  explicit Fields(const httplib::Request& req);
  std::string Get(const char* key) const;

 private:
  const httplib::Request& req_;
  rapidjson::Document doc_;
  bool json_ok_ = false;
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_OAUTH_UTIL_H_
