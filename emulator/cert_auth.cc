#include "emulator/cert_auth.h"

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "rapidjson/document.h"
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "emulator/json_util.h"

namespace anaplan::emulator {
namespace {

constexpr size_t kMinPayloadBytes = 100;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

CertificateVerdict Reject(int status, const char* failure,
                          std::string message) {
  CertificateVerdict verdict;
  verdict.http_status = status;
  verdict.failure = failure;
  verdict.message = std::move(message);
  return verdict;
}

std::string NameEntry(X509* cert, int nid) {
  X509_NAME* name = X509_get_subject_name(cert);
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return "";
  ASN1_STRING* data =
      X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, data);
  if (len < 0) return "";
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

}  // namespace

CertificateVerdict VerifyCertificateAuth(const std::string& credentials,
                                         const std::string& body,
                                         absl::Time now,
                                         absl::Duration window) {
  constexpr char kBadHeader[] = "FAILURE_BAD_HEADER";
  constexpr char kBadCredential[] = "FAILURE_BAD_CREDENTIAL";
  std::string pem;
  if (!absl::Base64Unescape(credentials, &pem)) {
    return Reject(400, kBadHeader, "Malformed Authorization header");
  }
  std::unique_ptr<BIO, BioFree> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::unique_ptr<X509, X509Free> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (cert == nullptr) {
    return Reject(400, kBadHeader, "Malformed certificate in header");
  }
  rapidjson::Document doc;
  if (!ParseJson(body, doc).ok() || !doc.IsObject()) {
    return Reject(400, kBadHeader, "Malformed certificate request body");
  }
  std::string data;
  std::string signature;
  if (!absl::Base64Unescape(JsonString(doc, "encodedData", ""), &data) ||
      !absl::Base64Unescape(JsonString(doc, "encodedSignedData", ""),
                            &signature) ||
      data.empty() || signature.empty()) {
    return Reject(400, kBadHeader,
                  "encodedData and encodedSignedData must be base64");
  }
  const std::string format = JsonString(doc, "encodedDataFormat", "v1");
  if (format != "v1" && format != "v2") {
    return Reject(400, kBadHeader, "Unknown encodedDataFormat");
  }
  if (data.size() < kMinPayloadBytes) {
    return Reject(401, kBadCredential,
                  "encodedData must hold at least 100 bytes");
  }
  std::unique_ptr<EVP_PKEY, PkeyFree> key(X509_get_pubkey(cert.get()));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  if (key == nullptr || md == nullptr ||
      EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha512(), nullptr,
                           key.get()) != 1 ||
      EVP_DigestVerify(
          md.get(), reinterpret_cast<const unsigned char*>(signature.data()),
          signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
          data.size()) != 1) {
    return Reject(401, kBadCredential,
                  "The signature does not match the certificate");
  }
  if (format == "v2") {
    uint64_t seconds = 0;
    for (int i = 0; i < 8; ++i) {
      seconds = (seconds << 8) | static_cast<unsigned char>(data[i]);
    }
    const absl::Time stamped = absl::FromUnixSeconds(
        static_cast<int64_t>(seconds & 0x7fffffffffffffffULL));
    if (stamped < now - window || stamped > now + window) {
      return Reject(401, kBadCredential,
                    "The v2 payload timestamp is outside the allowed window");
    }
  }
  CertificateVerdict verdict;
  verdict.email = NameEntry(cert.get(), NID_pkcs9_emailAddress);
  if (verdict.email.empty())
    verdict.email = NameEntry(cert.get(), NID_commonName);
  return verdict;
}

}  // namespace anaplan::emulator
