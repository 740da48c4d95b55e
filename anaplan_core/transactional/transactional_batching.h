#ifndef ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_BATCHING_H_
#define ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_BATCHING_H_

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "absl/status/status.h"

#include "anaplan_core/transactional/transactional_types.h"

namespace anaplan::core {

/// Cuts a stream of items into calls of at most `limit` items: Add() sends a
/// full batch as soon as it fills, Finish() sends the rest (nothing for an
/// empty stream). `send` gets the batch and the stream index of its first
/// item. The first failed send is returned by that and every later call.
template <typename T>
class Batcher {
 public:
  using Send = std::function<absl::Status(std::vector<T>, int64_t offset)>;

  Batcher(int64_t limit, Send send) : limit_(limit), send_(std::move(send)) {}

  absl::Status Add(T item) {
    if (!status_.ok()) return status_;
    pending_.push_back(std::move(item));
    ++count_;
    if (static_cast<int64_t>(pending_.size()) >= limit_) return Flush();
    return absl::OkStatus();
  }

  absl::Status Finish() {
    if (!status_.ok() || pending_.empty()) return status_;
    return Flush();
  }

  /// Items added so far.
  int64_t count() const { return count_; }

 private:
  absl::Status Flush() {
    std::vector<T> batch;
    batch.swap(pending_);
    const int64_t offset = sent_;
    sent_ += static_cast<int64_t>(batch.size());
    status_ = send_(std::move(batch), offset);
    return status_;
  }

  int64_t limit_;
  Send send_;
  std::vector<T> pending_;
  int64_t count_ = 0;
  int64_t sent_ = 0;
  absl::Status status_;
};

/// Adds the result of one call, whose first item had stream index `offset`,
/// to `total`: counters summed, failures appended with request_index made
/// relative to the whole stream.
void MergeResult(ListItemsResult& total, const ListItemsResult& part,
                 int64_t offset);
void MergeResult(WriteCellsResult& total, const WriteCellsResult& part,
                 int64_t offset);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_BATCHING_H_
