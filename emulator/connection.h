#ifndef ANAPLAN_EMULATOR_CONNECTION_H_
#define ANAPLAN_EMULATOR_CONNECTION_H_

#include <httplib.h>

#include <cstddef>
#include <string>

namespace anaplan::emulator {

class ConnectionStream;

/// What the connection loop should do with the response of the request that
/// is being handled on this thread. Fault injection sets it from httplib's
/// pre/post routing handlers, which run on the connection's own thread.
struct ConnectionControl {
  enum class Mode {
    /// Write the response normally.
    kNormal,
    /// Swallow every byte of the response, then reset the TCP connection
    /// (SO_LINGER 0 + close, so the peer sees ECONNRESET / an empty reply).
    kDiscardAndReset,
    /// Write the status line, the headers and half of the body announced by
    /// Content-Length, then close the connection.
    kTruncate,
  };
  Mode mode = Mode::kNormal;
  /// When non-zero, the router answers this status instead of routing (the
  /// request body is still read, so the connection stays usable).
  int fault_status = 0;
  /// Retry-After value to send with `fault_status` (empty = none).
  std::string fault_retry_after;
  /// Flip bytes of the response body before it is written.
  bool corrupt_body = false;
  /// Id of the fault applied to this request (for the request log).
  std::string fault_id;
  /// kTruncate: body bytes to send (0 = half of Content-Length).
  int64_t truncate_after = 0;
  /// When the request's first bytes were ready (MonotonicMicros).
  int64_t received_us = 0;
  /// The peer closed the connection while a fault delayed the request.
  bool peer_closed = false;
  /// The connection's stream (set by the connection loop).
  ConnectionStream* stream = nullptr;

  /// Clears the per-request state; the stream stays.
  void Reset() {
    ConnectionStream* keep = stream;
    *this = ConnectionControl();
    stream = keep;
  }
};

/// The control block of the connection served by the calling thread, or
/// nullptr when the thread is not serving a connection.
ConnectionControl* CurrentConnectionControl();

/// An httplib::Stream over a connected socket with a read buffer, poll-based
/// timeouts, MSG_NOSIGNAL writes and the fault modes of ConnectionControl.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int fd, const ConnectionControl* control,
                   int read_timeout_ms, int write_timeout_ms);

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

  /// Waits up to `timeout_ms` for request bytes; true when some are ready.
  bool WaitForRequest(int timeout_ms) const;
  /// Forgets the header/body accounting used by truncation (per response).
  void StartResponse();
  /// True once a truncation fault cut the response short.
  bool truncated() const { return truncated_; }
  /// Sleeps up to `ms`, watching the socket: returns false as soon as the
  /// peer closes or resets the connection (a client that gave up).
  bool SleepUnlessPeerCloses(int ms);
  /// Reads and drops up to `n` bytes of the request (the body, when called
  /// before httplib reads it); returns the count read.
  size_t DiscardRequestBytes(size_t n);

 private:
  bool PollFor(short events, int timeout_ms) const;
  ssize_t SendAll(const char* ptr, size_t size);
  ssize_t WriteTruncated(const char* ptr, size_t size);

  int fd_;
  const ConnectionControl* control_;
  int read_timeout_ms_;
  int write_timeout_ms_;
  std::string read_buffer_;
  size_t read_offset_ = 0;
  // Truncation accounting for the current response.
  std::string header_bytes_;
  bool headers_done_ = false;
  size_t body_allowed_ = 0;
  size_t body_written_ = 0;
  bool truncated_ = false;
};

/// httplib::Server with its own connection loop, so that faults can reset or
/// truncate a connection (httplib 0.11 exposes no socket to handlers).
class EmulatorHttpServer : public httplib::Server {
 public:
  EmulatorHttpServer() = default;

 private:
  bool process_and_close_socket(socket_t sock) override;
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_CONNECTION_H_
