// Bulk file upload/download state machine (anaplan-api.md §4.8, §4.9,
// §11.5). Chunks are stored uncompressed by index, so parallel uploads may
// arrive in any order; `x-gzip` bodies are gunzipped (bad gzip = 400).

#include <algorithm>
#include <cctype>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

#include "emulator/gzip.h"
#include "emulator/http_util.h"
#include "emulator/import_engine.h"
#include "emulator/json_util.h"
#include "emulator/paging.h"
#include "emulator/routes.h"

namespace anaplan::emulator {
namespace {

constexpr int kMaxChunks = 1000;  // Anaplan's documented per-file maximum.

// Anaplan compresses responses for clients that accept gzip. Doing it here
// (httplib leaves octet-stream alone) makes the gzip CRC and length check
// the one integrity check a download has: a body damaged in transit fails
// to inflate at the client instead of passing as data.
bool AcceptsGzip(const httplib::Request& req) {
  std::string accept = req.get_header_value("Accept-Encoding");
  std::transform(accept.begin(), accept.end(), accept.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return accept.find("gzip") != std::string::npos &&
         accept.find("gzip;q=0") == std::string::npos;
}

void SendBytes(Call& call, const std::string& bytes) {
  if (!bytes.empty() && AcceptsGzip(call.req)) {
    call.res.set_header("Content-Encoding", "gzip");
    call.res.set_content(Gzip(bytes), kOctetStreamContentType);
    return;
  }
  call.res.set_content(bytes, kOctetStreamContentType);
}

std::string FileSchema(const Model& model) {
  return absl::StrCat("https://api.anaplan.com/2/0/models/", model.id,
                      "/objects/file");
}

void WriteFileObject(JsonWriter& w, const FileEntry& file) {
  w.StartObject();
  FieldStr(w, "id", absl::StrCat(file.id));
  FieldStr(w, "name", file.name);
  FieldInt(w, "chunkCount", file.chunk_count);
  if (!file.export_output) {
    FieldStr(w, "delimiter", file.delimiter);
    FieldStr(w, "encoding", file.encoding);
  }
  FieldInt(w, "firstDataRow", file.first_data_row);
  if (!file.export_output) FieldStr(w, "format", file.format);
  FieldInt(w, "headerRow", file.header_row);
  if (!file.export_output) FieldStr(w, "separator", file.separator);
  w.EndObject();
}

void SendFile(Call& call, const Model& model, const FileEntry& file) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, FileSchema(model));
  w.Key("file");
  WriteFileObject(w, file);
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

// A file by numeric id, or by a segment a POST turned into a new file.
FileEntry* ResolveFile(Model& model, const std::string& segment) {
  if (auto alias = model.file_aliases.find(segment);
      alias != model.file_aliases.end()) {
    return model.FindFile(alias->second);
  }
  int64_t id = ParseObjectId(segment);
  return id < 0 ? nullptr : model.FindFile(id);
}

FileEntry* FileOr404(Call& call, Model& model) {
  FileEntry* file = ResolveFile(model, call.params[0]);
  if (file == nullptr) {
    SendIntegrationError(call.req, call.res, 404, "Resource not found");
  }
  return file;
}

// Gzip members in the body DecodeUploadBody last decoded on this thread (0
// for a body that was not gzip). The decoder runs just before the handler,
// on the same thread, outside the state lock; this carries its finding over.
thread_local int tls_upload_gzip_members = 0;

absl::StatusOr<std::string> DecodeUploadBody(const httplib::Request& req) {
  tls_upload_gzip_members = 0;
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/x-gzip", 0) == 0 ||
      type.rfind("application/gzip", 0) == 0) {
    return Gunzip(req.body, &tls_upload_gzip_members);
  }
  return req.body;
}

void ListFiles(Call& call, Model& model, int max_page_size) {
  std::vector<ListRow> rows;
  for (const auto& [id, file] : model.files) {
    JsonOut out;
    WriteFileObject(out.w(), file);
    rows.push_back({out.str(),
                    {{"id", SortNumber(static_cast<double>(id))},
                     {"name", SortText(file.name)}},
                    {}});
  }
  SendPagedList(call, std::move(rows),
                {"files", FileSchema(model), false, {"id", "name"}, false},
                max_page_size, false);
}

// Metadata fields Anaplan accepts next to chunkCount (§4.8 step A).
void ApplyFileMetadata(const rapidjson::Value& body, FileEntry& file) {
  file.name = JsonString(body, "name", file.name);
  file.header_row =
      static_cast<int>(JsonInt(body, "headerRow", file.header_row));
  file.first_data_row =
      static_cast<int>(JsonInt(body, "firstDataRow", file.first_data_row));
  file.delimiter = JsonString(body, "delimiter", file.delimiter);
  file.separator = JsonString(body, "separator", file.separator);
  file.encoding = JsonString(body, "encoding", file.encoding);
  file.format = JsonString(body, "format", file.format);
}

// POST files/{id}: sets the chunk count and clears the content. An unknown
// id outside 113... creates a private file named after the segment with a
// fresh id (the SDK's "file was created" branch).
void SetChunkCount(Call& call, Model& model, bool sink) {
  rapidjson::Document body;
  if (!ParseJson(call.req.body, body).ok() || !JsonHas(body, "chunkCount")) {
    return SendIntegrationError(call.req, call.res, 400,
                                "Expected a JSON body with 'chunkCount'");
  }
  const int64_t count = JsonInt(body, "chunkCount", -2);
  if (count < -1 || count > kMaxChunks) {
    return SendIntegrationError(call.req, call.res, 400,
                                "chunkCount must be -1 or 0..1000");
  }
  const std::string& segment = call.params[0];
  FileEntry* file = ResolveFile(model, segment);
  if (file == nullptr) {
    int64_t id = ParseObjectId(segment);
    if (id >= 0 && id / 1000000000 == 113) {
      return SendIntegrationError(call.req, call.res, 404,
                                  "Resource not found");
    }
    FileEntry created;
    created.id = model.next_file_id++;
    created.name = segment;
    model.file_aliases[segment] = created.id;
    file = &(model.files[created.id] = created);
  }
  ApplyFileMetadata(body, *file);
  file->ClearChunks();
  file->sink = sink ? std::make_shared<CountSink>() : nullptr;
  file->export_output = false;
  file->chunk_count = static_cast<int>(count);
  SendFile(call, model, *file);
}

void PutChunk(Call& call, Model& model) {
  FileEntry* file = FileOr404(call, model);
  if (file == nullptr) return;
  ++file->chunk_put_attempts;
  int index = -1;
  if (!absl::SimpleAtoi(call.params[1], &index) || index < 0 ||
      index >= kMaxChunks ||
      (file->chunk_count >= 0 && index >= file->chunk_count)) {
    return SendIntegrationError(
        call.req, call.res, 400,
        absl::StrCat("Chunk index ", call.params[1], " is out of range"));
  }
  if (!call.decode_status.ok()) {
    return SendIntegrationError(call.req, call.res, 400,
                                std::string(call.decode_status.message()));
  }
  if (file->sink) {
    file->sink->Add(index, std::move(call.decoded_body));
  } else {
    // A one-member gzip body is the chunk's gzip form as is (a download
    // stops after the first member, so several members are not).
    file->SetChunk(index, std::move(call.decoded_body),
                   tls_upload_gzip_members == 1 ? call.req.body : "");
  }
  call.res.status = 204;
}

void Complete(Call& call, Model& model) {
  FileEntry* file = FileOr404(call, model);
  if (file == nullptr) return;
  ++file->complete_calls;
  if (file->sink) {
    if (absl::Status s = file->sink->CheckContiguous(); !s.ok()) {
      return SendIntegrationError(call.req, call.res, 400,
                                  std::string(s.message()));
    }
    file->chunk_count = static_cast<int>(file->sink->Indexes().size());
    return SendFile(call, model, *file);
  }
  int expected = 0;
  for (const auto& [index, bytes] : file->chunks) {
    if (index != expected++) {
      return SendIntegrationError(
          call.req, call.res, 400,
          absl::StrCat("Chunk ", expected - 1, " is missing"));
    }
  }
  file->chunk_count = static_cast<int>(file->chunks.size());
  SendFile(call, model, *file);
}

void GetFile(Call& call, Model& model) {
  FileEntry* file = FileOr404(call, model);
  if (file == nullptr) return;
  if (file->chunk_count == 0 || file->chunks.empty()) {
    return SendIntegrationError(call.req, call.res, 404, "Resource not found");
  }
  SendBytes(call, FileContent(*file));
}

void ListChunks(Call& call, Model& model, int max_page_size) {
  FileEntry* file = FileOr404(call, model);
  if (file == nullptr) return;
  std::vector<ListRow> rows;
  if (file->chunk_count != 0) {
    for (const auto& [index, bytes] : file->chunks) {
      JsonOut out;
      JsonWriter& w = out.w();
      w.StartObject();
      FieldStr(w, "id", absl::StrCat(index));
      FieldStr(w, "name", absl::StrCat("Chunk ", index));
      w.EndObject();
      rows.push_back({out.str(), {{"id", SortNumber(index)}}, {}});
    }
  }
  SendPagedList(call, std::move(rows),
                {"chunks", FileSchema(model), false, {"id"}, false, true},
                max_page_size, false);
}

void GetChunk(Call& call, Model& model) {
  FileEntry* file = FileOr404(call, model);
  if (file == nullptr) return;
  int index = -1;
  auto it = absl::SimpleAtoi(call.params[1], &index) ? file->chunks.find(index)
                                                     : file->chunks.end();
  if (it == file->chunks.end()) {
    return SendIntegrationError(call.req, call.res, 404, "Resource not found");
  }
  if (it->second.empty() || !AcceptsGzip(call.req)) {
    return SendBytes(call, it->second);
  }
  auto gz = file->gzip_chunks.find(index);
  if (gz == file->gzip_chunks.end()) {
    gz = file->gzip_chunks.emplace(index, Gzip(it->second)).first;
  }
  call.res.set_header("Content-Encoding", "gzip");
  call.res.set_content(gz->second, kOctetStreamContentType);
}

void PutWholeFile(Call& call, Model& model) {
  FileEntry* file = FileOr404(call, model);
  if (file == nullptr) return;
  if (!call.decode_status.ok()) {
    return SendIntegrationError(call.req, call.res, 400,
                                std::string(call.decode_status.message()));
  }
  file->ClearChunks();
  file->sink.reset();
  if (!call.decoded_body.empty()) {
    file->SetChunk(0, std::move(call.decoded_body));
  }
  file->chunk_count = static_cast<int>(file->chunks.size());
  call.res.status = 204;
}

void DeleteFile(Call& call, Model& model) {
  FileEntry* file = FileOr404(call, model);
  if (file == nullptr) return;
  file->ClearChunks();
  file->sink.reset();
  file->chunk_count = 0;
  call.res.status = 204;
}

}  // namespace

void RegisterBulkFileRoutes(Router& router, ServerContext& ctx) {
  State& state = ctx.state;
  // Called from model handlers, which run with the state lock held.
  auto page_size = [&state]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return state.settings().max_page_size;
  };
  AddModelRoute(router, ctx, "GET", "/files/?", [page_size](Call& c, Model& m) {
    ListFiles(c, m, page_size());
  });
  AddModelRoute(router, ctx, "POST", "/files/([^/]+)",
                [&state](Call& c, Model& m) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                  SetChunkCount(c, m, state.settings().sink_count);
                });
  AddModelRoute(router, ctx, "GET", "/files/([^/]+)", GetFile);
  AddModelRoute(router, ctx, "PUT", "/files/([^/]+)", PutWholeFile,
                DecodeUploadBody);
  AddModelRoute(router, ctx, "DELETE", "/files/([^/]+)", DeleteFile);
  AddModelRoute(
      router, ctx, "GET", "/files/([^/]+)/chunks/?",
      [page_size](Call& c, Model& m) { ListChunks(c, m, page_size()); });
  AddModelRoute(router, ctx, "GET", "/files/([^/]+)/chunks/([^/]+)", GetChunk);
  AddModelRoute(router, ctx, "PUT", "/files/([^/]+)/chunks/([^/]+)", PutChunk,
                DecodeUploadBody);
  AddModelRoute(router, ctx, "POST", "/files/([^/]+)/complete", Complete);
}

}  // namespace anaplan::emulator
