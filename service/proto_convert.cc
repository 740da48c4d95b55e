#include "service/proto_convert.h"

#include <cstdint>

#include "absl/strings/ascii.h"

namespace anaplan::service {

v1::TaskState ToProto(core::TaskState state) {
  switch (state) {
    case core::TaskState::kNotStarted:
      return v1::TASK_STATE_NOT_STARTED;
    case core::TaskState::kInProgress:
      return v1::TASK_STATE_IN_PROGRESS;
    case core::TaskState::kComplete:
      return v1::TASK_STATE_COMPLETE;
    case core::TaskState::kCancelling:
      return v1::TASK_STATE_CANCELLING;
    case core::TaskState::kCancelled:
      return v1::TASK_STATE_CANCELLED;
    case core::TaskState::kUnknown:
      break;
  }
  return v1::TASK_STATE_UNSPECIFIED;
}

core::TaskState FromProto(v1::TaskState state) {
  switch (state) {
    case v1::TASK_STATE_NOT_STARTED:
      return core::TaskState::kNotStarted;
    case v1::TASK_STATE_IN_PROGRESS:
      return core::TaskState::kInProgress;
    case v1::TASK_STATE_COMPLETE:
      return core::TaskState::kComplete;
    case v1::TASK_STATE_CANCELLING:
      return core::TaskState::kCancelling;
    case v1::TASK_STATE_CANCELLED:
      return core::TaskState::kCancelled;
    default:
      break;
  }
  return core::TaskState::kUnknown;
}

v1::WorkspacePerson ToProto(const core::WorkspacePerson& in) {
  v1::WorkspacePerson out;
  out.set_first_name(in.first_name);
  out.set_last_name(in.last_name);
  out.set_email(in.email);
  out.set_active(in.active);
  for (const auto& name : in.other_workspaces) out.add_other_workspaces(name);
  return out;
}

v1::Workspace ToProto(const core::Workspace& in) {
  v1::Workspace out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_active(in.active);
  out.set_size_allowance(in.size_allowance);
  out.set_current_size(in.current_size);
  return out;
}

v1::Model ToProto(const core::Model& in) {
  v1::Model out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_active_state(in.active_state);
  out.set_last_saved_serial_number(in.last_saved_serial_number);
  out.set_last_modified_by_user_guid(in.last_modified_by_user_guid);
  out.set_memory_usage(in.memory_usage);
  out.set_current_workspace_id(in.current_workspace_id);
  out.set_current_workspace_name(in.current_workspace_name);
  out.set_model_url(in.model_url);
  for (const auto& value : in.category_values_json) {
    out.add_category_values_json(value);
  }
  out.set_iso_creation_date(in.iso_creation_date);
  out.set_last_modified(in.last_modified);
  out.set_model_transaction_running(in.model_transaction_running);
  return out;
}

v1::File ToProto(const core::File& in) {
  v1::File out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_chunk_count(in.chunk_count);
  out.set_first_data_row(in.first_data_row);
  out.set_header_row(in.header_row);
  out.set_delimiter(in.delimiter);
  out.set_encoding(in.encoding);
  out.set_format(in.format);
  out.set_separator(in.separator);
  return out;
}

v1::Action ToProto(const core::Action& in) {
  v1::Action out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_action_type(in.action_type);
  return out;
}

v1::Process ToProto(const core::Process& in) {
  v1::Process out;
  out.set_id(in.id);
  out.set_name(in.name);
  return out;
}

v1::Import ToProto(const core::Import& in) {
  v1::Import out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_import_type(in.import_type);
  out.set_import_data_source_id(in.import_data_source_id);
  return out;
}

v1::Export ToProto(const core::Export& in) {
  v1::Export out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_export_type(in.export_type);
  out.set_export_format(in.export_format);
  out.set_encoding(in.encoding);
  out.set_layout(in.layout);
  return out;
}

v1::ImportMetadata ToProto(const core::ImportMetadata& in) {
  v1::ImportMetadata out;
  out.set_name(in.name);
  out.set_type(in.type);
  out.set_column_count(in.column_count);
  out.set_column_separator(in.column_separator);
  out.set_decimal_separator(in.decimal_separator);
  out.set_first_data_row(in.first_data_row);
  for (const auto& name : in.header_names) out.add_header_names(name);
  out.set_header_row(in.header_row);
  out.set_text_delimiter(in.text_delimiter);
  out.set_text_encoding(in.text_encoding);
  return out;
}

v1::ExportMetadata ToProto(const core::ExportMetadata& in) {
  v1::ExportMetadata out;
  out.set_column_count(in.column_count);
  for (const auto& type : in.data_types) out.add_data_types(type);
  out.set_delimiter(in.delimiter);
  out.set_encoding(in.encoding);
  out.set_export_format(in.export_format);
  for (const auto& name : in.header_names) out.add_header_names(name);
  for (const auto& name : in.list_names) out.add_list_names(name);
  out.set_row_count(in.row_count);
  out.set_separator(in.separator);
  out.set_layout(in.layout);
  return out;
}

v1::ProcessMetadata ToProto(const core::ProcessMetadata& in) {
  v1::ProcessMetadata out;
  out.set_name(in.name);
  for (const auto& action : in.actions) {
    auto* a = out.add_actions();
    a->set_id(action.id);
    a->set_name(action.name);
    a->set_action_type(action.action_type);
    a->set_import_data_source_id(action.import_data_source_id);
  }
  return out;
}

v1::DeleteModelsResponse ToProto(const core::DeleteModelsResult& in) {
  v1::DeleteModelsResponse out;
  out.set_models_deleted(in.models_deleted);
  for (const auto& failure : in.failures) {
    auto* f = out.add_failures();
    f->set_model_id(failure.model_id);
    f->set_message(failure.message);
  }
  return out;
}

v1::TaskResult ToProto(const core::TaskResult& in) {
  v1::TaskResult out;
  out.set_successful(in.successful);
  out.set_failure_dump_available(in.failure_dump_available);
  out.set_object_id(in.object_id);
  out.set_object_name(in.object_name);
  for (const auto& detail : in.details) {
    auto* d = out.add_details();
    d->set_type(detail.type);
    d->set_local_message_text(detail.local_message_text);
    d->set_occurrences(detail.occurrences);
    for (const auto& value : detail.values) d->add_values(value);
  }
  for (const auto& nested : in.nested_results) {
    *out.add_nested_results() = ToProto(nested);
  }
  return out;
}

v1::TaskStatus ToProto(const core::TaskStatus& in) {
  v1::TaskStatus out;
  out.set_task_id(in.task_id);
  out.set_task_state(ToProto(in.task_state));
  out.set_task_state_name(in.task_state_name);
  out.set_creation_time(in.creation_time);
  out.set_progress(in.progress);
  out.set_current_step(in.current_step);
  if (in.result.has_value()) *out.mutable_result() = ToProto(*in.result);
  out.set_action_id(in.action_id);
  return out;
}

v1::TaskSummary ToProto(const core::TaskSummary& in) {
  v1::TaskSummary out;
  out.set_task_id(in.task_id);
  out.set_task_state(ToProto(in.task_state));
  out.set_task_state_name(in.task_state_name);
  out.set_creation_time(in.creation_time);
  return out;
}

v1::UploadFileResponse ToProto(const core::UploadResult& in) {
  v1::UploadFileResponse out;
  out.set_file_id(in.file_id);
  out.set_file_created(in.file_created);
  out.set_bytes_received(in.bytes_received);
  out.set_chunks_uploaded(in.chunks_uploaded);
  out.set_bytes_sent(in.bytes_sent);
  out.set_sha256(in.sha256_hex);
  return out;
}

core::ObjectRef FromProto(const v1::ObjectRef& in) {
  core::ObjectRef out;
  if (in.ref_case() == v1::ObjectRef::kId) out.id = in.id();
  if (in.ref_case() == v1::ObjectRef::kName) out.name = in.name();
  return out;
}

core::UploadOptions FromProto(const v1::UploadHeader& in) {
  core::UploadOptions out;
  out.chunk_size = in.chunk_size();
  out.parallelism = in.parallelism();
  out.gzip_level = in.compression_level();
  out.allow_file_creation = in.allow_file_creation();
  if (in.has_expected_size()) out.expected_size = in.expected_size();
  // Core compares lower-case hex; accept either case from callers.
  out.expected_sha256 = absl::AsciiStrToLower(in.expected_sha256());
  return out;
}

absl::Duration FromProto(const google::protobuf::Duration& in) {
  return absl::Seconds(in.seconds()) + absl::Nanoseconds(in.nanos());
}

}  // namespace anaplan::service
