#ifndef ANAPLAN_SERVICE_PROTO_CONVERT_H_
#define ANAPLAN_SERVICE_PROTO_CONVERT_H_

#include "absl/time/time.h"
#include "google/protobuf/duration.pb.h"

#include "anaplan/v1/bulk.pb.h"
#include "anaplan/v1/common.pb.h"
#include "anaplan_core/bulk/bulk_types.h"

namespace anaplan::service {

/// Conversions between anaplan_core's plain types and the anaplan.v1 protos.
/// This is the only file that knows both (conventions.md §2.1). Every
/// function is total: it never fails and copies fields one to one.

/// TaskState enum mapping; core's kUnknown is TASK_STATE_UNSPECIFIED.
v1::TaskState ToProto(core::TaskState state);
core::TaskState FromProto(v1::TaskState state);

v1::Workspace ToProto(const core::Workspace& in);
v1::WorkspacePerson ToProto(const core::WorkspacePerson& in);
v1::Model ToProto(const core::Model& in);
v1::File ToProto(const core::File& in);
v1::Action ToProto(const core::Action& in);
v1::Process ToProto(const core::Process& in);
v1::Import ToProto(const core::Import& in);
v1::Export ToProto(const core::Export& in);
v1::ImportMetadata ToProto(const core::ImportMetadata& in);
v1::ExportMetadata ToProto(const core::ExportMetadata& in);
v1::ProcessMetadata ToProto(const core::ProcessMetadata& in);
v1::DeleteModelsResponse ToProto(const core::DeleteModelsResult& in);
v1::TaskResult ToProto(const core::TaskResult& in);
v1::TaskStatus ToProto(const core::TaskStatus& in);
v1::TaskSummary ToProto(const core::TaskSummary& in);
v1::UploadFileResponse ToProto(const core::UploadResult& in);

/// An ObjectRef by id or name; an unset oneof gives {0, ""} (callers
/// validate first, see request_validation.h).
core::ObjectRef FromProto(const v1::ObjectRef& in);
/// Upload tuning of a header; zero values mean "the server's default".
core::UploadOptions FromProto(const v1::UploadHeader& in);

/// google.protobuf.Duration to absl::Duration (no range checks).
absl::Duration FromProto(const google::protobuf::Duration& in);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_PROTO_CONVERT_H_
