#include "anaplan_core/bulk/bulk_urls.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

#include "anaplan_core/status/error_info.h"

namespace anaplan::core::internal {

IdFamily FamilyOf(int64_t id) {
  constexpr int64_t kBase = 1'000'000'000;
  if (id < 100 * kBase || id >= 1000 * kBase) return IdFamily::kOther;
  switch (id / kBase) {
    case 112:
      return IdFamily::kImport;
    case 113:
      return IdFamily::kFile;
    case 116:
      return IdFamily::kExport;
    case 117:
      return IdFamily::kAction;
    case 118:
      return IdFamily::kProcess;
    default:
      return IdFamily::kOther;
  }
}

absl::StatusOr<std::string> ActionSegment(int64_t action_id) {
  switch (FamilyOf(action_id)) {
    case IdFamily::kImport:
      return std::string("imports");
    case IdFamily::kExport:
      return std::string("exports");
    case IdFamily::kAction:
      return std::string("actions");
    case IdFamily::kProcess:
      return std::string("processes");
    default:
      return InvalidField(
          "action_id",
          absl::StrCat("id ", action_id,
                       " is not an import (112…), export (116…), action "
                       "(117…) or process (118…) id"));
  }
}

std::string UrlEncode(absl::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string SnakeToCamel(absl::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool upper_next = false;
  for (char c : name) {
    if (c == '_') {
      upper_next = !out.empty();
      continue;
    }
    out.push_back(upper_next ? absl::ascii_toupper(c) : c);
    upper_next = false;
  }
  return out;
}

std::string AppendQuery(std::string url, absl::string_view param) {
  if (param.empty()) return url;
  url.push_back(url.find('?') == std::string::npos ? '?' : '&');
  absl::StrAppend(&url, param);
  return url;
}

std::string WithListOptions(std::string url, const ListOptions& options) {
  if (!options.sort_by.empty()) {
    // Anaplan wants a sign on tenant listings; "+" must travel as %2B.
    std::string field = SnakeToCamel(
        absl::StripPrefix(absl::StripPrefix(options.sort_by, "+"), "-"));
    url = AppendQuery(std::move(url),
                      absl::StrCat("sort=", options.descending ? "-" : "%2B",
                                   UrlEncode(field)));
  }
  if (!options.search_pattern.empty()) {
    url = AppendQuery(std::move(url),
                      absl::StrCat("s=", UrlEncode(options.search_pattern)));
  }
  return url;
}

absl::Status ValidateModelRef(const ModelRef& model) {
  if (model.workspace_id.empty()) {
    return InvalidField("workspace_id", "workspace_id must not be empty");
  }
  if (model.model_id.empty()) {
    return InvalidField("model_id", "model_id must not be empty");
  }
  return absl::OkStatus();
}

BulkUrls::BulkUrls(absl::string_view api_url)
    : api_(absl::StripSuffix(api_url, "/")) {}

std::string BulkUrls::Model(const ModelRef& model) const {
  return absl::StrCat(api_, "/workspaces/", UrlEncode(model.workspace_id),
                      "/models/", UrlEncode(model.model_id));
}

std::string BulkUrls::File(const ModelRef& model, int64_t file_id) const {
  return absl::StrCat(Model(model), "/files/", file_id);
}

std::string BulkUrls::Tasks(const ModelRef& model, absl::string_view segment,
                            int64_t action_id) const {
  return absl::StrCat(Model(model), "/", segment, "/", action_id, "/tasks");
}

std::string BulkUrls::Task(const ModelRef& model, absl::string_view segment,
                           int64_t action_id, absl::string_view task_id) const {
  return absl::StrCat(Tasks(model, segment, action_id), "/",
                      UrlEncode(task_id));
}

}  // namespace anaplan::core::internal
