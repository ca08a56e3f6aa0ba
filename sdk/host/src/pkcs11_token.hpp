#pragma once
// A private key that stays on a PKCS#11 token (a CPS card through its Cryptolib, SoftHSM2 in
// tests), reached through libp11: OpenSSL gets an EVP_PKEY whose operations run on the token,
// usable for XML signatures (EVP_DigestSign) and for TLS client authentication alike.
#include "identity.hpp"

#include <nlohmann/json_fwd.hpp>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace guichet::host {

/** What a token identity hands to Identity: handles owned by the token session. */
struct TokenKey {
    std::shared_ptr<void> session;  ///< keeps the module, slots and login alive
    EVP_PKEY* key = nullptr;        ///< owned by `session`'s holder; do not free
    X509* certificate = nullptr;    ///< a copy the caller owns
};

/**
 * Opens the token described by
 *   {"module": "/usr/lib/softhsm/libsofthsm2.so", "token_label": "...", "key_label": "...",
 *    "certificate_label": "..." (default: key_label)}
 * asking the PIN through `secrets` (kind "pin"; never stored). Throws HostError:
 * GUICHET_E_IDENTITY (module cannot load, key or certificate missing), GUICHET_E_TOKEN_ABSENT,
 * GUICHET_E_PIN_INCORRECT (wrong or locked PIN), GUICHET_E_INVALID_ARGUMENT (description).
 */
TokenKey open_token_key(const std::string& identity_name, const nlohmann::json& description,
                        const std::string& json_pointer, const SecretSource& secrets);

}  // namespace guichet::host
