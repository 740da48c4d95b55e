// TransactionalService list items, cell data and read requests: the
// streaming RPCs and the batched client streams.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

#include "anaplan_core/status/error_info.h"
#include "anaplan_core/transactional/transactional_batching.h"
#include "service/request_validation.h"
#include "service/stream_adapters.h"
#include "service/transactional_convert.h"
#include "service/transactional_service.h"

namespace anaplan::service {
namespace {

constexpr int kDefaultRowsPerMessage = 1000;
constexpr int kMaxRowsPerMessage = 100000;
constexpr int kListItemsPerMessage = 1000;

absl::Status Both(absl::Status a, absl::Status b) { return a.ok() ? b : a; }

/// Reads the header of a header-then-batches stream.
/// \error INVALID_ARGUMENT when the first message is not a header.
template <typename Request>
absl::Status ReadHeader(grpc::ServerContext* context,
                        grpc::ServerReader<Request>* reader, Request* first) {
  if (!reader->Read(first)) {
    if (BrokenAfterReadFailed(*context)) return StreamCancelled();
    return core::InvalidField("header", "the stream carried no header");
  }
  if (!first->has_header()) {
    return core::InvalidField("header", "the first message must be the header");
  }
  return absl::OkStatus();
}

absl::Status CheckCellsRequest(const v1::GetCellsRequest& request) {
  absl::Status status = Both(CheckScope(request.scope(), false),
                             CheckId(request.view_id(), "view_id"));
  if (!status.ok()) return status;
  if (request.max_rows() < 0) {
    return core::InvalidField("max_rows", "max_rows must not be negative");
  }
  if (request.rows_per_message() < 0 ||
      request.rows_per_message() > kMaxRowsPerMessage) {
    return core::InvalidField(
        "rows_per_message",
        absl::StrCat("rows_per_message must be in 0..", kMaxRowsPerMessage));
  }
  const std::string& type = request.export_type();
  if (!type.empty() && type != "GRID_CURRENT_PAGE" &&
      type != "GRID_ALL_PAGES" && type != "TABULAR_SINGLE_COLUMN" &&
      type != "TABULAR_MULTI_COLUMN") {
    return core::InvalidField(
        "export_type", absl::StrCat("unknown export_type \"", type, "\""));
  }
  if (absl::StartsWith(type, "TABULAR") && request.module_id() <= 0) {
    return core::InvalidField("module_id",
                              "module_id is required with a tabular "
                              "export_type");
  }
  for (int i = 0; i < request.pages_size(); ++i) {
    const std::string field = absl::StrCat("pages[", i, "]");
    status =
        Both(CheckId(request.pages(i).dimension_id(), field + ".dimension_id"),
             CheckId(request.pages(i).item_id(), field + ".item_id"));
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status TransactionalServiceImpl::GetListItems(
    grpc::ServerContext* context, const v1::GetListItemsRequest* request,
    v1::GetListItemsResponse* response) {
  return Run(
      "GetListItems", context, Kind::kUnary,
      Both(CheckScope(request->scope(), true),
           CheckId(request->list_id(), "list_id")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return c.GetListItems(
            FromProto(request->scope()), request->list_id(),
            request->include_all(),
            [&](core::ListItem item) {
              *response->add_items() = ToProto(item);
              return absl::OkStatus();
            },
            ctx);
      });
}

grpc::Status TransactionalServiceImpl::StreamListItems(
    grpc::ServerContext* context, const v1::GetListItemsRequest* request,
    grpc::ServerWriter<v1::GetListItemsResponse>* writer) {
  return Run(
      "StreamListItems", context, Kind::kStream,
      Both(CheckScope(request->scope(), true),
           CheckId(request->list_id(), "list_id")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        v1::GetListItemsResponse batch;
        auto flush = [&]() -> absl::Status {
          if (batch.items_size() == 0) return absl::OkStatus();
          if (!writer->Write(batch)) return StreamCancelled();
          batch.clear_items();
          return absl::OkStatus();
        };
        absl::Status status = c.GetListItems(
            FromProto(request->scope()), request->list_id(),
            request->include_all(),
            [&](core::ListItem item) -> absl::Status {
              *batch.add_items() = ToProto(item);
              if (batch.items_size() >= kListItemsPerMessage) return flush();
              return absl::OkStatus();
            },
            ctx);
        return status.ok() ? flush() : status;
      });
}

grpc::Status TransactionalServiceImpl::WriteListItems(
    absl::string_view method, core::ListWriteOp op,
    grpc::ServerContext* context,
    grpc::ServerReader<v1::ListItemsWriteRequest>* reader,
    v1::ListItemsResult* response) {
  v1::ListItemsWriteRequest first;
  absl::Status checked = ReadHeader(context, reader, &first);
  if (checked.ok()) {
    checked = Both(CheckScope(first.header().scope(), true, "header.scope"),
                   CheckId(first.header().list_id(), "header.list_id"));
  }
  return Run(
      method, context, Kind::kStream, checked,
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        const core::TxScope scope = FromProto(first.header().scope());
        const int64_t list_id = first.header().list_id();
        core::ListItemsResult total;
        core::Batcher<core::ListItemInput> batcher(
            core::kMaxListItemsPerCall,
            [&](std::vector<core::ListItemInput> items,
                int64_t offset) -> absl::Status {
              absl::StatusOr<core::ListItemsResult> part =
                  c.WriteListItems(scope, list_id, op, items, ctx);
              if (!part.ok()) {
                return core::Annotate(
                    part.status(),
                    absl::StrCat(
                        "items ", offset, "..",
                        offset + static_cast<int64_t>(items.size()) - 1));
              }
              core::MergeResult(total, *part, offset);
              return absl::OkStatus();
            });
        v1::ListItemsWriteRequest message;
        while (reader->Read(&message)) {
          if (message.has_header()) {
            return core::InvalidField("header", "a second header was sent");
          }
          for (const v1::ListItemInput& item : message.batch().items()) {
            absl::Status added = batcher.Add(FromProto(item));
            if (!added.ok()) return added;
          }
        }
        if (BrokenAfterReadFailed(*context)) return StreamCancelled();
        absl::Status finished = batcher.Finish();
        if (!finished.ok()) return finished;
        *response = ToProto(total);
        return absl::OkStatus();
      });
}

grpc::Status TransactionalServiceImpl::InsertListItems(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::ListItemsWriteRequest>* reader,
    v1::ListItemsResult* response) {
  return WriteListItems("InsertListItems", core::ListWriteOp::kAdd, context,
                        reader, response);
}

grpc::Status TransactionalServiceImpl::UpdateListItems(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::ListItemsWriteRequest>* reader,
    v1::ListItemsResult* response) {
  return WriteListItems("UpdateListItems", core::ListWriteOp::kUpdate, context,
                        reader, response);
}

grpc::Status TransactionalServiceImpl::DeleteListItems(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::ListItemsWriteRequest>* reader,
    v1::ListItemsResult* response) {
  return WriteListItems("DeleteListItems", core::ListWriteOp::kDelete, context,
                        reader, response);
}

grpc::Status TransactionalServiceImpl::ResetListIndex(
    grpc::ServerContext* context, const v1::GetListMetadataRequest* request,
    v1::ModelActionResponse*) {
  return Run(
      "ResetListIndex", context, Kind::kUnary,
      Both(CheckScope(request->scope(), true),
           CheckId(request->list_id(), "list_id")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return c.ResetListIndex(FromProto(request->scope()), request->list_id(),
                                ctx);
      });
}

grpc::Status TransactionalServiceImpl::GetCells(
    grpc::ServerContext* context, const v1::GetCellsRequest* request,
    v1::ViewData* response) {
  return Run(
      "GetCells", context, Kind::kUnary, CheckCellsRequest(*request),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        absl::StatusOr<core::ViewData> data = c.GetCells(
            FromProto(request->scope()), CellsQueryOf(*request), ctx);
        if (!data.ok()) return data.status();
        response->mutable_pages()->Add(data->pages.begin(), data->pages.end());
        for (const auto& column : data->column_coordinates) {
          response->add_column_coordinates()->mutable_values()->Add(
              column.begin(), column.end());
        }
        for (const core::CellRow& row : data->rows) {
          *response->add_rows() = ToProto(row);
        }
        return absl::OkStatus();
      });
}

grpc::Status TransactionalServiceImpl::StreamCells(
    grpc::ServerContext* context, const v1::GetCellsRequest* request,
    grpc::ServerWriter<v1::ViewData>* writer) {
  return Run(
      "StreamCells", context, Kind::kStream, CheckCellsRequest(*request),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        absl::StatusOr<core::ViewData> data = c.GetCells(
            FromProto(request->scope()), CellsQueryOf(*request), ctx);
        if (!data.ok()) return data.status();
        const size_t per_message =
            request->rows_per_message() > 0
                ? static_cast<size_t>(request->rows_per_message())
                : kDefaultRowsPerMessage;
        v1::ViewData message;
        message.mutable_pages()->Add(data->pages.begin(), data->pages.end());
        for (const auto& column : data->column_coordinates) {
          message.add_column_coordinates()->mutable_values()->Add(
              column.begin(), column.end());
        }
        size_t next = 0;
        do {
          for (size_t end = std::min(data->rows.size(), next + per_message);
               next < end; ++next) {
            *message.add_rows() = ToProto(data->rows[next]);
          }
          if (!writer->Write(message)) return StreamCancelled();
          message.Clear();
        } while (next < data->rows.size());
        return absl::OkStatus();
      });
}

grpc::Status TransactionalServiceImpl::GetCellsCsv(
    grpc::ServerContext* context, const v1::GetCellsRequest* request,
    grpc::ServerWriter<v1::DataChunk>* writer) {
  return Run(
      "GetCellsCsv", context, Kind::kStream, CheckCellsRequest(*request),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        ChunkingSink sink([&](DataPiece& piece) {
          v1::DataChunk chunk;
          return WriteWithPieceData(writer, chunk, chunk.mutable_data(), piece);
        });
        absl::Status status = c.GetCellsCsv(FromProto(request->scope()),
                                            CellsQueryOf(*request), sink, ctx);
        return status.ok() ? sink.Finish() : status;
      });
}

grpc::Status TransactionalServiceImpl::WriteCells(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::WriteCellsRequest>* reader,
    v1::WriteCellsResponse* response) {
  v1::WriteCellsRequest first;
  absl::Status checked = ReadHeader(context, reader, &first);
  if (checked.ok()) {
    checked = Both(CheckScope(first.header().scope(), false, "header.scope"),
                   CheckId(first.header().module_id(), "header.module_id"));
  }
  return Run(
      "WriteCells", context, Kind::kStream, checked,
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        const core::TxScope scope = FromProto(first.header().scope());
        const int64_t module_id = first.header().module_id();
        core::WriteCellsResult total;
        core::Batcher<core::CellWrite> batcher(
            core::kMaxCellsPerCall,
            [&](std::vector<core::CellWrite> cells,
                int64_t offset) -> absl::Status {
              absl::StatusOr<core::WriteCellsResult> part =
                  c.WriteCells(scope, module_id, cells, ctx);
              if (!part.ok()) return part.status();
              core::MergeResult(total, *part, offset);
              return absl::OkStatus();
            });
        v1::WriteCellsRequest message;
        while (reader->Read(&message)) {
          if (message.has_header()) {
            return core::InvalidField("header", "a second header was sent");
          }
          for (const v1::CellWrite& cell : message.batch().cells()) {
            absl::Status valid = CheckCellWrite(
                cell, absl::StrCat("cells[", batcher.count(), "]"));
            if (!valid.ok()) return valid;
            absl::Status added = batcher.Add(FromProto(cell));
            if (!added.ok()) return added;
          }
        }
        if (BrokenAfterReadFailed(*context)) return StreamCancelled();
        absl::Status finished = batcher.Finish();
        if (!finished.ok()) return finished;
        *response = ToProto(total);
        return absl::OkStatus();
      });
}

grpc::Status TransactionalServiceImpl::ReadLargeVolume(
    grpc::ServerContext* context, const v1::ReadLargeVolumeRequest* request,
    grpc::ServerWriter<v1::ReadLargeVolumeResponse>* writer) {
  absl::Status checked = CheckScope(request->scope(), true);
  if (checked.ok()) {
    switch (request->target_case()) {
      case v1::ReadLargeVolumeRequest::kViewId:
        checked = CheckId(request->view_id(), "view_id");
        break;
      case v1::ReadLargeVolumeRequest::kListId:
        checked = CheckId(request->list_id(), "list_id");
        if (checked.ok() && !request->export_type().empty()) {
          checked = core::InvalidField(
              "export_type", "export_type applies to view reads only");
        }
        break;
      default:
        checked = core::InvalidField("target", "give a view_id or a list_id");
    }
  }
  if (checked.ok() && request->poll_interval_ms() < 0) {
    checked = core::InvalidField("poll_interval_ms",
                                 "poll_interval_ms must not be negative");
  }
  return Run(
      "ReadLargeVolume", context, Kind::kStream, checked,
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return c.ReadLargeVolume(
            FromProto(request->scope()), request->view_id(), request->list_id(),
            request->export_type(),
            absl::Milliseconds(request->poll_interval_ms()),
            [&](const core::ReadRequestStatus& status, int64_t page,
                std::string data) -> absl::Status {
              v1::ReadLargeVolumeResponse message;
              message.set_request_id(status.request_id);
              message.set_page(page);
              message.set_data(std::move(data));
              message.set_request_state(status.request_state);
              if (!writer->Write(message)) return StreamCancelled();
              return absl::OkStatus();
            },
            ctx);
      });
}

}  // namespace anaplan::service
