#ifndef ANAPLAN_TESTS_UNIT_AUTH_TEST_PKI_H_
#define ANAPLAN_TESTS_UNIT_AUTH_TEST_PKI_H_

// Test-only PKI: an RSA key and a self-signed certificate made with the
// OpenSSL API, as PEM text.

#include <string>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace anaplan::testing {

struct TestIdentity {
  std::string certificate_pem;
  std::string key_pem;  ///< Encrypted (AES-256-CBC) when a password is given.
};

inline std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

/// A fresh 2048-bit RSA key and a certificate for subject CN=`common_name`.
inline TestIdentity MakeTestIdentity(const std::string& common_name,
                                     const std::string& password = "") {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(
      name, "CN", MBSTRING_ASC,
      reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  TestIdentity identity;
  BIO* cert_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cert_bio, cert);
  identity.certificate_pem = BioText(cert_bio);
  BIO* key_bio = BIO_new(BIO_s_mem());
  if (password.empty()) {
    PEM_write_bio_PrivateKey(key_bio, key, nullptr, nullptr, 0, nullptr,
                             nullptr);
  } else {
    PEM_write_bio_PKCS8PrivateKey(
        key_bio, key, EVP_aes_256_cbc(), const_cast<char*>(password.data()),
        static_cast<int>(password.size()), nullptr, nullptr);
  }
  identity.key_pem = BioText(key_bio);
  X509_free(cert);
  EVP_PKEY_free(key);
  return identity;
}

/// True when `signature` is a SHA512withRSA signature of `data` by the key
/// of `certificate_pem`.
inline bool VerifySha512(const std::string& certificate_pem,
                         const std::string& data,
                         const std::string& signature) {
  BIO* bio = BIO_new_mem_buf(certificate_pem.data(),
                             static_cast<int>(certificate_pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  EVP_PKEY* key = X509_get_pubkey(cert);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  const bool ok =
      EVP_DigestVerifyInit(md, nullptr, EVP_sha512(), nullptr, key) == 1 &&
      EVP_DigestVerify(
          md, reinterpret_cast<const unsigned char*>(signature.data()),
          signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
          data.size()) == 1;
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(key);
  X509_free(cert);
  return ok;
}

}  // namespace anaplan::testing

#endif  // ANAPLAN_TESTS_UNIT_AUTH_TEST_PKI_H_
