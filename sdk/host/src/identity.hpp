#pragma once
// A professional's or structure's X.509 identity held by the host: certificate chain and a
// private key that never crosses the ABI (plugins get signatures, TLS gets an SSL_CTX).
#include "error_detail.hpp"

#include <guichet/runtime.h>
#include <guichet/services.h>

#include <nlohmann/json_fwd.hpp>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace guichet::host {

class ConnectionPool;  // http_client.cpp: the HTTP client's connections authenticated as one identity

struct SecretSource {
    guichet_secret_fn ask = nullptr;
    void* user_data = nullptr;
};

class Identity {
public:
    ~Identity();
    Identity(const Identity&) = delete;
    Identity& operator=(const Identity&) = delete;

    /**
     * Loads an identity described in the session context:
     *   {"pkcs12": "file.p12"}, {"certificate": "cert.pem", "private_key": "key.pem"}, or
     *   {"pkcs11": {"module", "token_label", "key_label"[, "certificate_label"]}} (the key stays on the token)
     * A passphrase, when needed, is asked through `secrets` and forgotten after loading.
     * Throws HostError: GUICHET_E_INVALID_ARGUMENT (bad description, `field` names it),
     * GUICHET_E_IO (file), GUICHET_E_PIN_INCORRECT, GUICHET_E_CERT_EXPIRED,
     * GUICHET_E_CERT_NOT_YET_VALID, GUICHET_E_IDENTITY (key and certificate do not match).
     */
    static std::shared_ptr<Identity> load(const std::string& name, const nlohmann::json& description,
                                          const std::string& json_pointer, const SecretSource& secrets,
                                          int64_t now_wall_ns);

    const std::string& name() const { return name_; }

    /** Installs certificate, chain and key into a TLS context (libcurl's SSL_CTX callback). */
    bool install_into(SSL_CTX* ctx) const;

    /**
     * The HTTP client's connections authenticated as this identity, made by `make` on first use.
     * The identity owns them because each one's SSL_CTX holds the key: ~Identity closes them
     * before it frees the key and before the token session (a PKCS#11 key's slots and module)
     * goes. Callers hold the identity while they use the pool. [any-thread]
     */
    ConnectionPool& connections(const std::function<std::shared_ptr<ConnectionPool>()>& make) const;

    /** Signs with the private key. Throws HostError (GUICHET_E_UNSUPPORTED for an algorithm the key cannot do). */
    std::vector<uint8_t> sign(guichet_sign_algorithm algorithm, const uint8_t* data, size_t len) const;

    /** Leaf first, DER. */
    const guichet_cert_chain& chain() const { return chain_view_; }

private:
    Identity() = default;
    void finish_chain();

    std::string name_;
    // PKCS#11: keeps the token logged in while the key is used. A member, so it goes after
    // ~Identity's body has closed the connections and freed the key.
    std::shared_ptr<void> token_session_;
    X509* certificate_ = nullptr;
    STACK_OF(X509) * extra_certs_ = nullptr;
    EVP_PKEY* key_ = nullptr;
    std::vector<std::vector<uint8_t>> chain_der_;
    std::vector<const uint8_t*> chain_ptrs_;
    std::vector<uint64_t> chain_lens_;
    guichet_cert_chain chain_view_{};
    // shared_ptr: ConnectionPool is incomplete here, its deleter comes from `make`.
    mutable std::mutex connections_mutex_;
    mutable std::shared_ptr<ConnectionPool> connections_;
};

}  // namespace guichet::host
