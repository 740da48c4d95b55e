#include "emulator/oauth_util.h"

#include <string>

#include "absl/strings/escaping.h"
#include <openssl/rand.h>

#include "emulator/http_util.h"
#include "emulator/json_util.h"

namespace anaplan::emulator {

std::string RandomToken(size_t bytes) {
  std::string raw(bytes, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(&raw[0]),
             static_cast<int>(bytes));
  return absl::WebSafeBase64Escape(raw);
}

std::string UserCode() {
  static constexpr char kAlphabet[] = "BCDFGHJKLMNPQRSTVWXZ";
  unsigned char raw[8];
  RAND_bytes(raw, sizeof(raw));
  std::string code;
  for (int i = 0; i < 8; ++i) {
    if (i == 4) code.push_back('-');
    code.push_back(kAlphabet[raw[i] % 20]);
  }
  return code;
}

void SendOAuthError(Call& call, int status, const char* error,
                    const std::string& description) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  FieldStr(w, "error", error);
  FieldStr(w, "error_description", description);
  w.EndObject();
  SendJson(call.res, status, out.str());
}

Fields::Fields(const httplib::Request& req) : req_(req) {
  json_ok_ = ParseJson(req.body, doc_).ok() && doc_.IsObject();
}

std::string Fields::Get(const char* key) const {
  if (json_ok_) return JsonString(doc_, key, "");
  return req_.get_param_value(key);
}

}  // namespace anaplan::emulator
