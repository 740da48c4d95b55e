// Certificate ("CA certificate") authentication (anaplan-api.md §2.3): the
// certificate goes base64-encoded in the Authorization header, and a fresh
// random payload signed with the private key (SHA512withRSA) in the body.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "anaplan_core/auth/credentials_internal.h"
#include "anaplan_core/status/error_info.h"

namespace anaplan::core::internal {
namespace {

// Anaplan asks for at least 100 random bytes; v1 sends what the SDK sends.
constexpr size_t kV1RandomBytes = 150;
// v2: the 8-byte timestamp, then 150 random bytes.
constexpr size_t kV2RandomBytes = 150;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

std::unique_ptr<BIO, BioFree> MemoryBio(const std::string& text) {
  return std::unique_ptr<BIO, BioFree>(
      BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// Hands the key password to PEM_read_bio_PrivateKey without a prompt.
int PasswordCallback(char* buf, int size, int /*rwflag*/, void* userdata) {
  const auto* password = static_cast<const std::string*>(userdata);
  if (password == nullptr || password->empty()) return 0;
  const int n = std::min<int>(size, static_cast<int>(password->size()));
  std::memcpy(buf, password->data(), static_cast<size_t>(n));
  return n;
}

std::string SubjectOf(X509* cert) {
  char buf[256] = {0};
  X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof(buf) - 1);
  return buf;
}

}  // namespace

struct CertificateCredentials::Key {
  struct Free {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
  };
  std::unique_ptr<EVP_PKEY, Free> pkey;
};

CertificateCredentials::CertificateCredentials(std::string pem,
                                               std::unique_ptr<Key> key,
                                               CertificatePayload payload,
                                               std::string describe)
    : pem_(std::move(pem)),
      key_(std::move(key)),
      payload_(payload),
      describe_(std::move(describe)) {}

CertificateCredentials::~CertificateCredentials() = default;

absl::StatusOr<std::shared_ptr<const CertificateCredentials>>
CertificateCredentials::Create(const CertificateOptions& options) {
  absl::StatusOr<std::string> pem =
      PemOrFile(options.certificate, "certificate");
  if (!pem.ok()) return pem.status();
  absl::StatusOr<std::string> key_pem =
      PemOrFile(options.private_key, "private_key");
  if (!key_pem.ok()) return key_pem.status();

  auto cert_bio = MemoryBio(*pem);
  std::unique_ptr<X509, X509Free> cert(
      PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  if (cert == nullptr) {
    return InvalidField("certificate",
                        "the certificate is not a PEM X.509 "
                        "certificate");
  }
  auto key = std::make_unique<Key>();
  auto key_bio = MemoryBio(*key_pem);
  std::string password = options.private_key_password;
  key->pkey.reset(PEM_read_bio_PrivateKey(key_bio.get(), nullptr,
                                          &PasswordCallback, &password));
  if (key->pkey == nullptr) {
    return InvalidField(
        "private_key",
        "the private key cannot be read (not PEM, or a wrong or missing "
        "password)");
  }
  if (EVP_PKEY_base_id(key->pkey.get()) != EVP_PKEY_RSA) {
    return InvalidField("private_key", "the private key is not an RSA key");
  }
  if (X509_check_private_key(cert.get(), key->pkey.get()) != 1) {
    return InvalidField("private_key",
                        "the private key does not match the certificate");
  }
  std::string describe =
      absl::StrCat("certificate (", SubjectOf(cert.get()), ")");
  return std::shared_ptr<const CertificateCredentials>(
      new CertificateCredentials(*std::move(pem), std::move(key),
                                 options.payload, std::move(describe)));
}

absl::StatusOr<CertificateRequest> CertificateCredentials::Sign(
    absl::Time now) const {
  std::string data;
  if (payload_ == CertificatePayload::kV2) {
    // Big-endian unsigned Unix seconds (Anaplan's published example).
    const uint64_t seconds = static_cast<uint64_t>(absl::ToUnixSeconds(now));
    for (int shift = 56; shift >= 0; shift -= 8) {
      data.push_back(static_cast<char>((seconds >> shift) & 0xff));
    }
  }
  const size_t random =
      payload_ == CertificatePayload::kV2 ? kV2RandomBytes : kV1RandomBytes;
  const size_t prefix = data.size();
  data.resize(prefix + random);
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&data[prefix]),
                 static_cast<int>(random)) != 1) {
    return absl::InternalError("no random bytes for the certificate payload");
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  size_t sig_len = 0;
  if (md == nullptr ||
      EVP_DigestSignInit(md.get(), nullptr, EVP_sha512(), nullptr,
                         key_->pkey.get()) != 1 ||
      EVP_DigestSign(md.get(), nullptr, &sig_len,
                     reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1) {
    return absl::InternalError("cannot sign the certificate payload");
  }
  std::string signature(sig_len, '\0');
  if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(&signature[0]),
                     &sig_len,
                     reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1) {
    return absl::InternalError("cannot sign the certificate payload");
  }
  signature.resize(sig_len);
  CertificateRequest request;
  request.authorization =
      absl::StrCat("CACertificate ", absl::Base64Escape(pem_));
  request.json_body = absl::StrCat(
      "{\"encodedData\":\"", absl::Base64Escape(data),
      "\",\"encodedSignedData\":\"", absl::Base64Escape(signature), "\"",
      payload_ == CertificatePayload::kV2 ? ",\"encodedDataFormat\":\"v2\""
                                          : "",
      "}");
  return request;
}

}  // namespace anaplan::core::internal
