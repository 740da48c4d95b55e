#ifndef ANAPLAN_EMULATOR_CERT_AUTH_H_
#define ANAPLAN_EMULATOR_CERT_AUTH_H_

#include <string>

#include "absl/time/time.h"

namespace anaplan::emulator {

/// How far a v2 payload's timestamp may be from the emulator's clock.
inline constexpr absl::Duration kCertificateWindow = absl::Minutes(5);

/// The verdict on one CACertificate authentication (anaplan-api.md §2.3).
struct CertificateVerdict {
  /// 0 when accepted; else 400 (undecodable) or 401 (bad signature, stale).
  int http_status = 0;
  /// FAILURE_BAD_HEADER or FAILURE_BAD_CREDENTIAL when rejected.
  std::string failure;
  std::string message;
  /// Who the certificate names: subject emailAddress, else CN.
  std::string email;
};

/// Verifies `Authorization: CACertificate <credentials>` with its JSON
/// body: base64 PEM -> X.509 -> RSA public key; encodedSignedData must be
/// a SHA512withRSA signature of encodedData. With encodedDataFormat "v2"
/// the first 8 bytes of encodedData are big-endian Unix seconds that must
/// lie within `window` of `now`; at least 100 bytes are required in all.
CertificateVerdict VerifyCertificateAuth(const std::string& credentials,
                                         const std::string& body,
                                         absl::Time now, absl::Duration window);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_CERT_AUTH_H_
