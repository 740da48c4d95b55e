#include "emulator/sink.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include <openssl/evp.h>

namespace anaplan::emulator {

// EVP keeps this header free of OpenSSL types.
struct CountSink::Digest {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Digest() { EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr); }
  ~Digest() { EVP_MD_CTX_free(ctx); }
};

CountSink::CountSink() : digest_(std::make_unique<Digest>()) {}
CountSink::~CountSink() = default;

void CountSink::Add(int index, std::string bytes) {
  if (index < next_hash_) return;  // Already hashed: a retried PUT.
  sizes_[index] = static_cast<int64_t>(bytes.size());
  pending_[index] = std::move(bytes);
  for (auto it = pending_.begin();
       it != pending_.end() && it->first == next_hash_;
       it = pending_.erase(it), ++next_hash_) {
    EVP_DigestUpdate(digest_->ctx, it->second.data(), it->second.size());
  }
}

int64_t CountSink::size() const {
  int64_t total = 0;
  for (const auto& [index, bytes] : sizes_) total += bytes;
  return total;
}

std::string CountSink::Sha256Hex() const {
  // Finalise a copy so more chunks may still follow.
  EVP_MD_CTX* copy = EVP_MD_CTX_new();
  EVP_MD_CTX_copy_ex(copy, digest_->ctx);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(copy, md, &len);
  EVP_MD_CTX_free(copy);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 15];
  }
  return hex;
}

std::vector<int> CountSink::Indexes() const {
  std::vector<int> out;
  for (const auto& [index, bytes] : sizes_) out.push_back(index);
  return out;
}

absl::Status CountSink::CheckContiguous() const {
  int expected = 0;
  for (const auto& [index, bytes] : sizes_) {
    if (index != expected++) {
      return absl::InvalidArgumentError(
          absl::StrCat("Chunk ", expected - 1, " is missing"));
    }
  }
  return absl::OkStatus();
}

}  // namespace anaplan::emulator
