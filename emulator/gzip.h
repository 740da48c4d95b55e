#ifndef ANAPLAN_EMULATOR_GZIP_H_
#define ANAPLAN_EMULATOR_GZIP_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace anaplan::emulator {

/// Decompresses a gzip stream (one or more members); `members`, when not
/// null, receives how many members it held.
/// \error InvalidArgument when the data is not valid, complete gzip.
absl::StatusOr<std::string> Gunzip(std::string_view compressed,
                                   int* members = nullptr);

/// Compresses `data` as one gzip member (used by tests and tools).
std::string Gzip(std::string_view data);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_GZIP_H_
