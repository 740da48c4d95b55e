// The native baseline of the upload benchmark (reliability-performance.md
// §B5 P1): the same work the service does for an upload, with nothing in
// between. THREADS workers take 25,000,000-byte chunks of FILE in turn,
// gzip each with libdeflate (or zlib) at LEVEL into a reused buffer and PUT
// it with libcurl on their own keep-alive connection; then the file is
// completed. Prints one JSON line with the wall time and bytes sent.
//
//   bench_native_upload --url=http://127.0.0.1:PORT --file=PATH
//       [--level=1] [--threads=2] [--chunk=25000000] [--encoder=libdeflate]
//       [--file_id=113000000000] [--user=demo@example.com:demo-password]

#include <fcntl.h>
#include <libdeflate.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>

#include <sys/stat.h>

namespace {

struct Options {
  std::string url;
  std::string file;
  std::string encoder = "libdeflate";
  std::string file_id = "113000000000";
  std::string user = "demo@example.com:demo-password";
  std::string workspace = "8a868cd985f53e7701860542f59e276e";
  std::string model = "75A40874E6B64FA3AE0743278996850F";
  int level = 1;
  int threads = 2;
  long long chunk = 25'000'000;
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "native_upload: %s\n", what.c_str());
  std::exit(1);
}

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// One request on `curl` (reused between calls so the connection is kept).
std::string Request(CURL* curl, const std::string& method,
                    const std::string& url, const std::string& body,
                    const std::vector<std::string>& headers, long* status) {
  std::string response;
  curl_slist* list = nullptr;
  for (const std::string& h : headers)
    list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(list);
  if (rc != CURLE_OK) Die(method + " " + url + ": " + curl_easy_strerror(rc));
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
  return response;
}

std::string Token(const Options& o) {
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_USERPWD, o.user.c_str());
  long status = 0;
  std::string body =
      Request(curl, "POST", o.url + "/token/authenticate", "", {}, &status);
  curl_easy_cleanup(curl);
  // {"tokenInfo":{..."tokenValue":"..."}}: a JSON parser is not worth it.
  size_t at = body.find("\"tokenValue\"");
  size_t open = at == std::string::npos ? at : body.find('"', at + 12);
  size_t close = open == std::string::npos ? open : body.find('"', open + 1);
  if (status != 201 || close == std::string::npos) Die("auth: " + body);
  return body.substr(open + 1, close - open - 1);
}

class Compressor {
 public:
  Compressor(const std::string& encoder, int level) : level_(level) {
    if (encoder == "libdeflate") {
      deflater_ = libdeflate_alloc_compressor(level);
    } else if (encoder != "zlib") {
      Die("unknown encoder " + encoder);
    }
  }
  ~Compressor() {
    if (deflater_ != nullptr) libdeflate_free_compressor(deflater_);
  }
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;

  // Compresses into `out`, whose capacity is reused between chunks.
  void Compress(const char* data, size_t size, std::string& out) {
    if (deflater_ != nullptr) {
      out.resize(libdeflate_gzip_compress_bound(deflater_, size));
      size_t n = libdeflate_gzip_compress(deflater_, data, size, out.data(),
                                          out.size());
      if (n == 0) Die("libdeflate failed");
      out.resize(n);
      return;
    }
    z_stream s{};
    deflateInit2(&s, level_, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    out.resize(deflateBound(&s, size));
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    s.avail_in = static_cast<uInt>(size);
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = static_cast<uInt>(out.size());
    if (deflate(&s, Z_FINISH) != Z_STREAM_END) Die("zlib failed");
    out.resize(s.total_out);
    deflateEnd(&s);
  }

 private:
  int level_;
  libdeflate_compressor* deflater_ = nullptr;
};

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    size_t eq = arg.find('=');
    if (arg.rfind("--", 0) != 0 || eq == std::string::npos) Die("bad " + arg);
    std::string key = arg.substr(2, eq - 2);
    std::string value = arg.substr(eq + 1);
    if (key == "url")
      o.url = value;
    else if (key == "file")
      o.file = value;
    else if (key == "encoder")
      o.encoder = value;
    else if (key == "file_id")
      o.file_id = value;
    else if (key == "user")
      o.user = value;
    else if (key == "level")
      o.level = std::atoi(value.c_str());
    else if (key == "threads")
      o.threads = std::atoi(value.c_str());
    else if (key == "chunk")
      o.chunk = std::atoll(value.c_str());
    else
      Die("unknown flag " + arg);
  }
  if (o.url.empty() || o.file.empty()) Die("--url and --file are required");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = Parse(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int fd = open(o.file.c_str(), O_RDONLY);
  struct stat st {};
  if (fd < 0 || fstat(fd, &st) != 0) Die("cannot open " + o.file);
  const long long size = st.st_size;
  const long long chunks = (size + o.chunk - 1) / o.chunk;

  auto start = std::chrono::steady_clock::now();
  const std::string auth = "Authorization: AnaplanAuthToken " + Token(o);
  const std::string file_url = o.url + "/2/0/workspaces/" + o.workspace +
                               "/models/" + o.model + "/files/" + o.file_id;
  CURL* control = curl_easy_init();
  long status = 0;
  Request(control, "POST", file_url,
          "{\"chunkCount\":" + std::to_string(chunks) + "}",
          {auth, "Content-Type: application/json"}, &status);
  if (status != 200) Die("set chunk count: HTTP " + std::to_string(status));

  std::atomic<long long> next{0};
  std::atomic<long long> sent{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < o.threads; ++t) {
    workers.emplace_back([&] {
      CURL* curl = curl_easy_init();
      Compressor compressor(o.encoder, o.level);
      std::string raw(static_cast<size_t>(o.chunk), '\0');
      std::string gz;
      // The same headers the service sends: gzip type, no Expect stall.
      const std::vector<std::string> headers = {
          auth, "Content-Type: application/x-gzip", "Expect:"};
      for (long long i = next++; i < chunks; i = next++) {
        long long offset = i * o.chunk;
        size_t n = static_cast<size_t>(std::min(o.chunk, size - offset));
        if (pread(fd, raw.data(), n, offset) != static_cast<ssize_t>(n)) {
          Die("short read");
        }
        compressor.Compress(raw.data(), n, gz);
        long code = 0;
        Request(curl, "PUT", file_url + "/chunks/" + std::to_string(i), gz,
                headers, &code);
        if (code != 204) Die("chunk PUT: HTTP " + std::to_string(code));
        sent += static_cast<long long>(gz.size());
      }
      curl_easy_cleanup(curl);
    });
  }
  for (std::thread& w : workers) w.join();
  Request(control, "POST", file_url + "/complete", "{}",
          {auth, "Content-Type: application/json"}, &status);
  if (status != 200) Die("complete: HTTP " + std::to_string(status));
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  curl_easy_cleanup(control);
  close(fd);
  std::printf(
      "{\"seconds\":%.4f,\"bytes\":%lld,\"bytes_sent\":%lld,\"chunks\":%lld,"
      "\"encoder\":\"%s\",\"level\":%d,\"threads\":%d}\n",
      secs, size, sent.load(), chunks, o.encoder.c_str(), o.level, o.threads);
  curl_global_cleanup();
  return 0;
}
