// TransactionalService time settings: current period, calendar, fiscal
// year, versions and switchover.
#include "service/request_validation.h"
#include "service/transactional_convert.h"
#include "service/transactional_service.h"

namespace anaplan::service {
namespace {

absl::Status Both(absl::Status a, absl::Status b) { return a.ok() ? b : a; }

}  // namespace

grpc::Status TransactionalServiceImpl::GetCurrentPeriod(
    grpc::ServerContext* context, const v1::ModelScope* request,
    v1::CurrentPeriod* response) {
  return Run(
      "GetCurrentPeriod", context, Kind::kUnary,
      CheckScope(*request, false, ""),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        auto period = c.GetCurrentPeriod(FromProto(*request), ctx);
        if (!period.ok()) return period.status();
        *response = ToProto(*period);
        return absl::OkStatus();
      });
}

grpc::Status TransactionalServiceImpl::SetCurrentPeriod(
    grpc::ServerContext* context, const v1::SetCurrentPeriodRequest* request,
    v1::CurrentPeriod* response) {
  return Run(
      "SetCurrentPeriod", context, Kind::kUnary,
      Both(CheckScope(request->scope(), false),
           CheckRequired(request->date(), "date")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        auto period = c.SetCurrentPeriod(FromProto(request->scope()),
                                         request->date(), ctx);
        if (!period.ok()) return period.status();
        *response = ToProto(*period);
        return absl::OkStatus();
      });
}

grpc::Status TransactionalServiceImpl::GetModelCalendar(
    grpc::ServerContext* context, const v1::ModelScope* request,
    v1::ModelCalendar* response) {
  return Run(
      "GetModelCalendar", context, Kind::kUnary,
      CheckScope(*request, false, ""),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        auto calendar = c.GetModelCalendar(FromProto(*request), ctx);
        if (!calendar.ok()) return calendar.status();
        *response = ToProto(*calendar);
        return absl::OkStatus();
      });
}

grpc::Status TransactionalServiceImpl::SetCurrentFiscalYear(
    grpc::ServerContext* context,
    const v1::SetCurrentFiscalYearRequest* request,
    v1::ModelCalendar* response) {
  return Run(
      "SetCurrentFiscalYear", context, Kind::kUnary,
      Both(CheckScope(request->scope(), false),
           CheckRequired(request->year(), "year")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        auto calendar = c.SetCurrentFiscalYear(FromProto(request->scope()),
                                               request->year(), ctx);
        if (!calendar.ok()) return calendar.status();
        *response = ToProto(*calendar);
        return absl::OkStatus();
      });
}

grpc::Status TransactionalServiceImpl::GetVersions(
    grpc::ServerContext* context, const v1::ModelScope* request,
    v1::GetVersionsResponse* response) {
  return Run(
      "GetVersions", context, Kind::kUnary, CheckScope(*request, false, ""),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        auto versions = c.GetVersions(FromProto(*request), ctx);
        if (!versions.ok()) return versions.status();
        for (const core::Version& v : *versions) {
          *response->add_versions() = ToProto(v);
        }
        return absl::OkStatus();
      });
}

grpc::Status TransactionalServiceImpl::SetVersionSwitchover(
    grpc::ServerContext* context,
    const v1::SetVersionSwitchoverRequest* request,
    v1::VersionSwitchover* response) {
  return Run(
      "SetVersionSwitchover", context, Kind::kUnary,
      Both(CheckScope(request->scope(), false),
           CheckId(request->version_id(), "version_id")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        auto result =
            c.SetVersionSwitchover(FromProto(request->scope()),
                                   request->version_id(), request->date(), ctx);
        if (!result.ok()) return result.status();
        *response = ToProto(*result);
        return absl::OkStatus();
      });
}

}  // namespace anaplan::service
