#include "emulator/connection.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>

#include "emulator/request_log.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace anaplan::emulator {
namespace {

thread_local ConnectionControl* current_control = nullptr;

constexpr size_t kReadBufferSize = 64 * 1024;
// How often an idle keep-alive connection checks whether the server stops.
constexpr int kIdleSliceMs = 100;

std::string AddressToString(const sockaddr_storage& addr, int& port) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text));
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text));
    port = ntohs(in6->sin6_port);
  }
  return text;
}

// Content-Length announced in a block of response headers, or 0.
size_t AnnouncedContentLength(const std::string& headers) {
  std::string lower = headers;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  const std::string key = "\r\ncontent-length:";
  size_t pos = lower.find(key);
  if (pos == std::string::npos) return 0;
  return std::strtoull(lower.c_str() + pos + key.size(), nullptr, 10);
}

}  // namespace

ConnectionControl* CurrentConnectionControl() { return current_control; }

ConnectionStream::ConnectionStream(int fd, const ConnectionControl* control,
                                   int read_timeout_ms, int write_timeout_ms)
    : fd_(fd),
      control_(control),
      read_timeout_ms_(read_timeout_ms),
      write_timeout_ms_(write_timeout_ms) {}

bool ConnectionStream::PollFor(short events, int timeout_ms) const {
  pollfd pfd{fd_, events, 0};
  for (;;) {
    int n = ::poll(&pfd, 1, timeout_ms);
    if (n < 0 && errno == EINTR) continue;
    return n > 0;
  }
}

bool ConnectionStream::is_readable() const {
  return read_offset_ < read_buffer_.size() ||
         PollFor(POLLIN, read_timeout_ms_);
}

bool ConnectionStream::is_writable() const {
  return PollFor(POLLOUT, write_timeout_ms_);
}

bool ConnectionStream::WaitForRequest(int timeout_ms) const {
  return read_offset_ < read_buffer_.size() || PollFor(POLLIN, timeout_ms);
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (read_offset_ < read_buffer_.size()) {
    size_t n = std::min(size, read_buffer_.size() - read_offset_);
    std::copy_n(read_buffer_.data() + read_offset_, n, ptr);
    read_offset_ += n;
    return static_cast<ssize_t>(n);
  }
  if (!PollFor(POLLIN, read_timeout_ms_)) return -1;
  // Large reads (request bodies) go straight into the caller's buffer; small
  // ones (httplib reads header lines byte by byte) are served from ours.
  if (size >= kReadBufferSize) {
    for (;;) {
      ssize_t n = ::recv(fd_, ptr, size, 0);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  }
  read_buffer_.resize(kReadBufferSize);
  ssize_t n;
  do {
    n = ::recv(fd_, read_buffer_.data(), kReadBufferSize, 0);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    read_buffer_.clear();
    read_offset_ = 0;
    return n;
  }
  read_buffer_.resize(static_cast<size_t>(n));
  read_offset_ = 0;
  return read(ptr, size);
}

bool ConnectionStream::SleepUnlessPeerCloses(int ms) {
  const auto until =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return true;
    // Rounded up: truncation would end the sleep up to 1 ms early.
    const int64_t left =
        std::chrono::ceil<std::chrono::milliseconds>(until - now).count();
    // POLLRDHUP: the peer shut down its side (FIN); POLLHUP/POLLERR: reset.
    // Request body bytes waiting to be read do not wake this poll.
    pollfd pfd{fd_, POLLRDHUP, 0};
    int n = ::poll(&pfd, 1, static_cast<int>(std::min<int64_t>(left, 50)));
    if (n < 0 && errno == EINTR) continue;
    if (n > 0 && (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0) {
      return false;
    }
  }
}

size_t ConnectionStream::DiscardRequestBytes(size_t n) {
  std::string sink(std::min<size_t>(n, kReadBufferSize), '\0');
  size_t done = 0;
  while (done < n) {
    ssize_t got = read(sink.data(), std::min(sink.size(), n - done));
    if (got <= 0) break;
    done += static_cast<size_t>(got);
  }
  return done;
}

ssize_t ConnectionStream::SendAll(const char* ptr, size_t size) {
  size_t sent = 0;
  while (sent < size) {
    if (!PollFor(POLLOUT, write_timeout_ms_)) return -1;
    ssize_t n = ::send(fd_, ptr + sent, size - sent, MSG_NOSIGNAL);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return -1;
    sent += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(size);
}

void ConnectionStream::StartResponse() {
  header_bytes_.clear();
  headers_done_ = false;
  body_allowed_ = 0;
  body_written_ = 0;
}

ssize_t ConnectionStream::WriteTruncated(const char* ptr, size_t size) {
  if (truncated_) return -1;
  size_t consumed = 0;
  if (!headers_done_) {
    // Headers pass through; remember them to learn Content-Length.
    size_t before = header_bytes_.size();
    header_bytes_.append(ptr, size);
    size_t end = header_bytes_.find("\r\n\r\n");
    if (end == std::string::npos) return SendAll(ptr, size);
    headers_done_ = true;
    consumed = end + 4 - before;
    size_t length = AnnouncedContentLength(header_bytes_);
    body_allowed_ =
        control_->truncate_after > 0
            ? std::min(length, static_cast<size_t>(control_->truncate_after))
            : length / 2;
    if (length == 0) {
      // Nothing to cut in the body: cut the headers instead.
      truncated_ = true;
      SendAll(ptr, std::min<size_t>(consumed, 12));
      return -1;
    }
    if (SendAll(ptr, consumed) < 0) return -1;
  }
  size_t remaining = size - consumed;
  size_t allowed = std::min(remaining, body_allowed_ - body_written_);
  if (allowed > 0 && SendAll(ptr + consumed, allowed) < 0) return -1;
  body_written_ += allowed;
  if (allowed < remaining || body_written_ >= body_allowed_) {
    truncated_ = true;
    return -1;
  }
  return static_cast<ssize_t>(size);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  switch (control_->mode) {
    case ConnectionControl::Mode::kDiscardAndReset:
      return static_cast<ssize_t>(size);
    case ConnectionControl::Mode::kTruncate:
      return WriteTruncated(ptr, size);
    case ConnectionControl::Mode::kNormal:
      break;
  }
  return SendAll(ptr, size);
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip,
                                              int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    ip = AddressToString(addr, port);
  }
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    ip = AddressToString(addr, port);
  }
}

// Mirrors httplib's keep-alive loop, with two additions: the control block
// that fault injection uses, and the ability to end the connection with a
// TCP reset. Stop() invalidates svr_sock_, which ends idle connections within
// kIdleSliceMs.
bool EmulatorHttpServer::process_and_close_socket(socket_t sock) {
  int one = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  ConnectionControl control;
  current_control = &control;
  const int read_ms =
      static_cast<int>(read_timeout_sec_ * 1000 + read_timeout_usec_ / 1000);
  const int write_ms =
      static_cast<int>(write_timeout_sec_ * 1000 + write_timeout_usec_ / 1000);
  ConnectionStream stream(sock, &control, read_ms, write_ms);
  control.stream = &stream;
  bool ok = true;
  bool reset = false;
  size_t remaining = keep_alive_max_count_;
  while (remaining > 0 && svr_sock_ != INVALID_SOCKET) {
    --remaining;
    int waited_ms = 0;
    bool ready = false;
    while (!ready && waited_ms < keep_alive_timeout_sec_ * 1000 &&
           svr_sock_ != INVALID_SOCKET) {
      ready = stream.WaitForRequest(kIdleSliceMs);
      waited_ms += kIdleSliceMs;
    }
    if (!ready) break;
    control.Reset();
    control.received_us = MonotonicMicros();
    stream.StartResponse();
    bool connection_closed = false;
    ok = process_request(stream, remaining == 0, connection_closed, nullptr);
    if (control.mode == ConnectionControl::Mode::kDiscardAndReset) {
      reset = true;
      break;
    }
    if (!ok || connection_closed || stream.truncated()) {
      break;
    }
  }
  current_control = nullptr;
  if (reset) {
    linger hard{1, 0};
    ::setsockopt(sock, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
  } else {
    ::shutdown(sock, SHUT_RDWR);
  }
  ::close(sock);
  return ok;
}

}  // namespace anaplan::emulator
