// Every Bulk resource parser (bulk_json.h) over arbitrary JSON: applied to
// the document, to each of its members and to each array item, the way the
// connection applies them to reply envelopes and listings. Errors must be
// INTERNAL (ANAPLAN_BAD_RESPONSE); nothing may crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

#include "anaplan_core/bulk/bulk_json.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "tests/fuzz/fuzz_util.h"

namespace anaplan::core {
namespace {

template <typename T>
void Expect(const absl::StatusOr<T>& parsed) {
  if (parsed.ok()) return;
  FUZZ_CHECK(parsed.status().code() == absl::StatusCode::kInternal);
  FUZZ_CHECK(GetErrorInfo(parsed.status()).reason == "ANAPLAN_BAD_RESPONSE");
}

void ParseEverything(const rapidjson::Value& value) {
  Expect(ParseWorkspace(value));
  Expect(ParseModel(value));
  Expect(ParseFile(value));
  Expect(ParseAction(value));
  Expect(ParseProcess(value));
  Expect(ParseImport(value));
  Expect(ParseExport(value));
  Expect(ParseImportMetadata(value));
  Expect(ParseExportMetadata(value));
  Expect(ParseProcessMetadata(value));
  Expect(ParseDeleteModelsResult(value));
  Expect(ParseTaskStatus(value));
  Expect(ParseTaskSummary(value));
  Expect(ParseTaskResult(value));
  if (value.IsString()) {
    (void)ParseTaskState(
        absl::string_view(value.GetString(), value.GetStringLength()));
  }
}

void Walk(const rapidjson::Value& value, int depth) {
  ParseEverything(value);
  if (depth >= 3) return;  // envelopes nest 1-2 levels; keep runs fast
  if (value.IsArray()) {
    for (const rapidjson::Value& item : value.GetArray()) Walk(item, depth + 1);
  } else if (value.IsObject()) {
    for (const char* key : {"task", "file", "importMetadata", "exportMetadata",
                            "processMetadata", "result"}) {
      absl::StatusOr<const rapidjson::Value*> object =
          RequiredObject(value, key);
      Expect(object);
    }
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      Walk(it->value, depth + 1);
    }
  }
}

}  // namespace
}  // namespace anaplan::core

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<rapidjson::Document> doc = anaplan::core::ParseJson(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  if (doc.ok()) anaplan::core::Walk(*doc, 0);
  return 0;
}
