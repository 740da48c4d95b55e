#ifndef ANAPLAN_CORE_COMMON_CLIENT_OPTIONS_H_
#define ANAPLAN_CORE_COMMON_CLIENT_OPTIONS_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace anaplan::core {

/// Base URLs of the Anaplan API families. Every one is configurable so that
/// regional hosts and the emulator can stand in (anaplan-api.md §1.1).
struct Endpoints {
  /// Token service: POST {auth_url}/token/authenticate.
  std::string auth_url = "https://auth.anaplan.com";
  /// Integration v2 API: {api_url}/workspaces, {api_url}/models/{id}/...
  std::string api_url = "https://api.anaplan.com/2/0";
};

/// Retry settings (design.md §4). Defaults mirror anaplan-sdk.
struct RetryOptions {
  /// Total attempts of one HTTP request, at least 1 (anaplan-sdk's
  /// retry_count: 2 means one retry).
  int max_attempts = 2;
  /// First wait; the n-th retry waits backoff * backoff_factor^(n-1), with
  /// full jitter, or longer when Retry-After asks for more.
  absl::Duration backoff = absl::Seconds(1);
  double backoff_factor = 2.0;
  /// Upper bound of one wait (Retry-After above it fails the call at once).
  absl::Duration max_backoff = absl::Seconds(32);
};

/// Transport settings.
struct HttpOptions {
  /// Timeout of one HTTP attempt (connect + transfer), capped by the
  /// caller's deadline.
  absl::Duration timeout = absl::Seconds(30);
  absl::Duration connect_timeout = absl::Seconds(10);
  /// Proxy URL for every Anaplan call; empty means libcurl's default, which
  /// honours the standard http_proxy/https_proxy/no_proxy variables.
  std::string proxy;
  /// PEM bundle of trusted CAs; empty means the system store.
  std::string ca_bundle_path;
  std::string user_agent = "anaplan-grpc/0.1";
};

/// File transfer settings.
struct TransferOptions {
  /// Bytes of one uploaded chunk before compression (anaplan-sdk default).
  int64_t upload_chunk_size = 25'000'000;
  /// Chunks compressed and PUT at once; also bounds memory.
  int upload_parallelism = 2;
  /// gzip level 1-9 of uploaded chunks.
  int gzip_level = 1;
  /// Chunks downloaded ahead of the one being delivered.
  int download_batch_size = 2;
};

/// Everything an Anaplan client needs besides credentials.
struct ClientOptions {
  Endpoints endpoints;
  RetryOptions retry;
  HttpOptions http;
  TransferOptions transfer;
  /// Page size of list calls; capped at 5000 (Anaplan's maximum).
  int page_size = 5000;
  /// Delay between task status polls.
  absl::Duration poll_delay = absl::Seconds(1);
  /// Refresh a token this long before it expires.
  absl::Duration token_refresh_margin = absl::Minutes(5);
};

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_COMMON_CLIENT_OPTIONS_H_
