// The paging loop (RestClient::GetPaged's PageThrough) over pages made of
// fuzzer bytes: each page is a length-prefixed slice parsed with ParseJson.
// The loop must end (a server that ignores offset, lies about totalSize or
// repeats a page is caught or runs out of pages), hand over only items of
// the pages it fetched, and fail only with the errors it documents.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

#include "anaplan_core/http/rest_client_internal.h"
#include "anaplan_core/json/json_util.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace anaplan::core;
  anaplan::fuzz::Bytes in(data, size);
  const int page_size = static_cast<int>(in.IntInRange(-10, 6000));
  std::vector<std::string> pages;
  while (!in.empty() && pages.size() < 16) pages.push_back(in.String(4096));

  size_t served = 0;
  size_t items_in_served = 0;
  size_t delivered = 0;
  auto get_json =
      [&](const std::string& url) -> absl::StatusOr<rapidjson::Document> {
    // Every request asks for a limit within [1, 5000].
    FUZZ_CHECK(url.find("limit=") != std::string::npos);
    if (served == pages.size()) {
      return absl::UnavailableError("no more pages");  // stands for a failure
    }
    absl::StatusOr<rapidjson::Document> page = ParseJson(pages[served++]);
    if (page.ok()) {
      const rapidjson::Value* items = FindArray(*page, "items");
      if (items != nullptr) items_in_served += items->Size();
    }
    return page;
  };
  absl::Status status =
      internal::PageThrough(get_json, "https://api.test/2/0/workspaces",
                            "items", page_size, [&](const rapidjson::Value&) {
                              ++delivered;
                              return absl::OkStatus();
                            });
  FUZZ_CHECK(served <= pages.size());
  FUZZ_CHECK(delivered <= items_in_served);
  if (!status.ok()) {
    const absl::StatusCode code = status.code();
    FUZZ_CHECK(code == absl::StatusCode::kInternal ||
               code == absl::StatusCode::kUnavailable);
  }
  return 0;
}
