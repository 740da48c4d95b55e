// AlmConnection over a RestClient (anaplan-api.md §6). URLs follow the live
// spec: {api}/models/{model}/alm/... and {api}/models/{model}/onlineStatus.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

#include "anaplan_core/alm/alm_connection.h"
#include "anaplan_core/alm/alm_json.h"
#include "anaplan_core/bulk/bulk_fetch.h"
#include "anaplan_core/bulk/bulk_urls.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/retry/real_sleeper.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"
#include "anaplan_core/tasks/task_poller.h"

namespace anaplan::core {
namespace {

constexpr size_t kMaxRevisionName = 60;
constexpr size_t kMaxRevisionDescription = 250;

/// Model, revision and task ids are 32 hex characters (§1.4).
absl::Status CheckHexId(absl::string_view field, const std::string& id) {
  if (id.size() != 32) {
    return InvalidField(field,
                        absl::StrCat(field, " must be 32 hex characters",
                                     id.empty() ? " (it is empty)" : ""));
  }
  for (char c : id) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) {
      return InvalidField(field,
                          absl::StrCat(field, " must be 32 hex characters"));
    }
  }
  return absl::OkStatus();
}

const char* TaskSegment(AlmTaskKind kind) {
  switch (kind) {
    case AlmTaskKind::kSync:
      return "syncTasks";
    case AlmTaskKind::kComparisonReport:
      return "comparisonReportTasks";
    case AlmTaskKind::kSummaryReport:
      return "summaryReportTasks";
  }
  return "syncTasks";
}

std::string JsonObject(
    std::initializer_list<std::pair<const char*, std::string>> fields) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  for (const auto& [key, value] : fields) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  }
  w.EndObject();
  return buffer.GetString();
}

absl::StatusOr<std::vector<Revision>> ParseRevisions(
    const rapidjson::Value& json) {
  std::vector<Revision> out;
  // The key is omitted when there is none (§6.2).
  const rapidjson::Value* list = FindArray(json, "revisions");
  if (list == nullptr) return out;
  for (const auto& item : list->GetArray()) {
    ANAPLAN_ASSIGN_OR_RETURN(Revision r, internal::ParseRevision(item));
    out.push_back(std::move(r));
  }
  return out;
}

class AlmConnectionImpl final : public AlmConnection {
 public:
  AlmConnectionImpl(std::shared_ptr<RestClient> rest, std::string api_url,
                    std::shared_ptr<Sleeper> sleeper)
      : rest_(std::move(rest)),
        api_(std::move(api_url)),
        sleeper_(sleeper ? std::move(sleeper) : DefaultSleeper()) {}

  absl::Status ChangeModelStatus(const std::string& model_id,
                                 const std::string& status,
                                 const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("model_id", model_id));
    if (status != "online" && status != "offline") {
      return InvalidField("status", "status must be \"online\" or \"offline\"");
    }
    // Setting a status twice is harmless, so the PUT is retried as a read.
    return rest_
        ->SendJson("PUT", absl::StrCat(Model(model_id), "/onlineStatus"),
                   JsonObject({{"status", status}}), Idempotency::kIdempotent,
                   ctx)
        .status();
  }

  absl::StatusOr<std::vector<Revision>> GetRevisions(
      const std::string& model_id, const std::string& sort_by, bool descending,
      const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("model_id", model_id));
    std::string url = absl::StrCat(Alm(model_id), "/revisions");
    if (!sort_by.empty()) {
      if (sort_by != "id" && sort_by != "name" && sort_by != "appliedOn" &&
          sort_by != "createdOn") {
        return InvalidField("sort_by",
                            "sort_by must be id, name, appliedOn or createdOn");
      }
      url = internal::AppendQuery(
          url, absl::StrCat("sort=", descending ? "-" : "%2B", sort_by));
    }
    std::vector<Revision> out;
    ANAPLAN_RETURN_IF_ERROR(rest_->GetPaged(
        url, "revisions",
        [&](const rapidjson::Value& item) -> absl::Status {
          ANAPLAN_ASSIGN_OR_RETURN(Revision r, internal::ParseRevision(item));
          out.push_back(std::move(r));
          return absl::OkStatus();
        },
        ctx));
    return out;
  }

  absl::StatusOr<std::optional<Revision>> GetLatestRevision(
      const std::string& model_id, const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("model_id", model_id));
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->GetJson(absl::StrCat(Alm(model_id), "/latestRevision"), ctx));
    ANAPLAN_ASSIGN_OR_RETURN(std::vector<Revision> revs, ParseRevisions(json));
    if (revs.empty()) return std::optional<Revision>();
    return std::optional<Revision>(std::move(revs.front()));
  }

  absl::StatusOr<std::vector<Revision>> GetSyncableRevisions(
      const std::string& model_id, const std::string& source_model_id,
      const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("model_id", model_id));
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("source_model_id", source_model_id));
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->GetJson(
            absl::StrCat(Alm(model_id), "/syncableRevisions?sourceModelId=",
                         internal::UrlEncode(source_model_id)),
            ctx));
    return ParseRevisions(json);
  }

  absl::StatusOr<Revision> CreateRevision(const std::string& model_id,
                                          const std::string& name,
                                          const std::string& description,
                                          const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("model_id", model_id));
    if (name.empty() || name.size() > kMaxRevisionName) {
      return InvalidField("name", "name must be 1 to 60 characters");
    }
    if (description.size() > kMaxRevisionDescription) {
      return InvalidField("description",
                          "description must be at most 250 characters");
    }
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->SendJson(
            "POST", absl::StrCat(Alm(model_id), "/revisions"),
            JsonObject({{"name", name}, {"description", description}}),
            Idempotency::kNonIdempotent, ctx));
    // The SDK reads `revision`; the live spec answers `revisions` (a list
    // of one). Both are accepted.
    if (const rapidjson::Value* one = FindObject(json, "revision")) {
      return internal::ParseRevision(*one);
    }
    ANAPLAN_ASSIGN_OR_RETURN(std::vector<Revision> revs, ParseRevisions(json));
    if (revs.empty()) return internal::BadReply("reply has no revision");
    return std::move(revs.front());
  }

  absl::StatusOr<std::vector<ModelRevision>> GetModelsForRevision(
      const std::string& model_id, const std::string& revision_id,
      const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("model_id", model_id));
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("revision_id", revision_id));
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->GetJson(absl::StrCat(Alm(model_id), "/revisions/", revision_id,
                                    "/appliedToModels"),
                       ctx));
    std::vector<ModelRevision> out;
    const rapidjson::Value* list = FindArray(json, "appliedToModels");
    if (list == nullptr) return out;
    for (const auto& item : list->GetArray()) {
      ANAPLAN_ASSIGN_OR_RETURN(ModelRevision m,
                               internal::ParseModelRevision(item));
      out.push_back(std::move(m));
    }
    return out;
  }

  absl::StatusOr<std::vector<AlmTask>> GetSyncTasks(
      const std::string& model_id, const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("model_id", model_id));
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->GetJson(absl::StrCat(Alm(model_id), "/syncTasks"), ctx));
    std::vector<AlmTask> out;
    const rapidjson::Value* list = FindArray(json, "tasks");
    if (list == nullptr) return out;  // omitted when none (§6.3)
    for (const auto& item : list->GetArray()) {
      ANAPLAN_ASSIGN_OR_RETURN(AlmTask t, internal::ParseAlmTask(item));
      out.push_back(std::move(t));
    }
    return out;
  }

  absl::StatusOr<AlmTask> StartTask(AlmTaskKind kind,
                                    const std::string& model_id,
                                    const AlmTaskSpec& spec,
                                    const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("model_id", model_id));
    ANAPLAN_RETURN_IF_ERROR(
        CheckHexId("source_revision_id", spec.source_revision_id));
    ANAPLAN_RETURN_IF_ERROR(
        CheckHexId("source_model_id", spec.source_model_id));
    ANAPLAN_RETURN_IF_ERROR(
        CheckHexId("target_revision_id", spec.target_revision_id));
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->SendJson(
            "POST", absl::StrCat(Alm(model_id), "/", TaskSegment(kind)),
            JsonObject({{"sourceRevisionId", spec.source_revision_id},
                        {"sourceModelId", spec.source_model_id},
                        {"targetRevisionId", spec.target_revision_id}}),
            Idempotency::kNonIdempotent, ctx));
    return TaskOf(json);
  }

  absl::StatusOr<AlmTask> GetTask(AlmTaskKind kind, const std::string& model_id,
                                  const std::string& task_id,
                                  const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("model_id", model_id));
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("task_id", task_id));
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->GetJson(
            absl::StrCat(Alm(model_id), "/", TaskSegment(kind), "/", task_id),
            ctx));
    return TaskOf(json);
  }

  absl::StatusOr<AlmTask> WaitTask(AlmTaskKind kind,
                                   const std::string& model_id,
                                   const std::string& task_id,
                                   absl::Duration poll_interval,
                                   const CallContext& ctx) override {
    std::optional<AlmTask> last;
    ANAPLAN_RETURN_IF_ERROR(WatchTask(
        kind, model_id, task_id, poll_interval,
        [&](const AlmTask& task) {
          last = task;
          return absl::OkStatus();
        },
        ctx));
    if (!last.has_value()) return internal::BadReply("no task status");
    return *std::move(last);
  }

  absl::Status WatchTask(
      AlmTaskKind kind, const std::string& model_id, const std::string& task_id,
      absl::Duration poll_interval,
      const std::function<absl::Status(const AlmTask&)>& on_change,
      const CallContext& ctx) override {
    const PollingPolicy policy(poll_interval > absl::ZeroDuration()
                                   ? poll_interval
                                   : rest_->options().poll_delay);
    std::optional<AlmTask> previous;
    while (true) {
      ANAPLAN_ASSIGN_OR_RETURN(AlmTask task,
                               GetTask(kind, model_id, task_id, ctx));
      const bool changed =
          !previous.has_value() || previous->task_state != task.task_state ||
          previous->current_step != task.current_step || task.Done();
      if (changed) ANAPLAN_RETURN_IF_ERROR(on_change(task));
      if (task.Done()) return absl::OkStatus();
      const std::string state = task.task_state;
      previous = std::move(task);
      absl::Status next = policy.CheckNext(ctx);
      if (!next.ok()) {
        return Annotate(next,
                        absl::StrCat("ALM task ", task_id, " still ", state));
      }
      ANAPLAN_RETURN_IF_ERROR(sleeper_->Sleep(policy.interval(), ctx));
    }
  }

  absl::Status GetComparisonReport(
      const std::string& model_id, const std::string& target_revision_id,
      const std::string& source_revision_id,
      const std::function<absl::Status(absl::string_view)>& on_bytes,
      const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("model_id", model_id));
    ANAPLAN_RETURN_IF_ERROR(
        CheckHexId("target_revision_id", target_revision_id));
    ANAPLAN_RETURN_IF_ERROR(
        CheckHexId("source_revision_id", source_revision_id));
    HttpRequest request = internal::MakeRequest(
        *rest_, "GET",
        absl::StrCat(Alm(model_id), "/comparisonReports/", target_revision_id,
                     "/", source_revision_id));
    // JSON or text/plain is answered 406 (§6.4).
    request.headers.emplace_back("Accept", "application/octet-stream");
    ANAPLAN_ASSIGN_OR_RETURN(
        HttpResponse response,
        rest_->Execute(std::move(request), Idempotency::kIdempotent, ctx));
    return on_bytes(response.body);
  }

  absl::StatusOr<SummaryReport> GetSummaryReport(
      const std::string& model_id, const std::string& target_revision_id,
      const std::string& source_revision_id, const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckHexId("model_id", model_id));
    ANAPLAN_RETURN_IF_ERROR(
        CheckHexId("target_revision_id", target_revision_id));
    ANAPLAN_RETURN_IF_ERROR(
        CheckHexId("source_revision_id", source_revision_id));
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->GetJson(
            absl::StrCat(Alm(model_id), "/summaryReports/", target_revision_id,
                         "/", source_revision_id),
            ctx));
    return internal::ParseSummaryReport(json);
  }

 private:
  std::string Model(const std::string& model_id) const {
    return absl::StrCat(api_, "/models/", model_id);
  }
  std::string Alm(const std::string& model_id) const {
    return absl::StrCat(Model(model_id), "/alm");
  }
  static absl::StatusOr<AlmTask> TaskOf(const rapidjson::Value& json) {
    const rapidjson::Value* task = FindObject(json, "task");
    if (task == nullptr) return internal::BadReply("reply has no task object");
    return internal::ParseAlmTask(*task);
  }

  std::shared_ptr<RestClient> rest_;
  std::string api_;
  std::shared_ptr<Sleeper> sleeper_;
};

}  // namespace

std::shared_ptr<AlmConnection> MakeAlmConnection(
    std::shared_ptr<RestClient> rest, std::string api_url,
    std::shared_ptr<Sleeper> sleeper) {
  return std::make_shared<AlmConnectionImpl>(
      std::move(rest), std::move(api_url), std::move(sleeper));
}

}  // namespace anaplan::core
