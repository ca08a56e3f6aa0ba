#pragma once
// What a session document gives the host (docs/sessions.md): the identities, loaded when the
// session opens; which of them TLS and signing use; the endpoints; the CA bundle.
// The document is read by the strict reader the plugins use too
// (guichet/common/session_document.hpp); this adds what only the host can check: the files
// exist, the passphrases open the keys, the names refer to declared identities.
#include "identity.hpp"

#include <guichet/common/session_document.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace guichet::host {

class SessionContext {
public:
    /** Reads and checks `text` ("" reads as {}), loads the identities. Throws HostError naming
     *  the faulty member by JSON pointer. */
    SessionContext(std::string text, const SecretSource& secrets, int64_t now_wall_ns);

    /** The document as the application gave it: every plugin instance receives it. */
    const std::string& text() const { return text_; }
    /** The session's CA bundle file, or "" for the runtime's. */
    const std::string& ca_bundle() const { return ca_bundle_; }
    /** The base URL configured for `service_id`, or null. */
    const std::string* endpoint(const std::string& service_id) const;

    /** The TLS client identity named `name` ("" = session default, which may be none → nullptr). */
    std::shared_ptr<const Identity> tls_identity(const std::string& name) const;
    /** The signing identity named `name` ("" = session default). Throws HostError(GUICHET_E_IDENTITY). */
    std::shared_ptr<const Identity> signing_identity(const std::string& name) const;

private:
    void load_identities(const nlohmann::json& descriptions, const SecretSource& secrets, int64_t now_wall_ns);
    void check_identity_names() const;
    void check_ca_bundle() const;
    std::shared_ptr<const Identity> named(const std::string& name) const;

    std::string text_;
    std::map<std::string, std::shared_ptr<Identity>> identities_;
    std::string tls_identity_name_;
    std::string signing_identity_name_;
    std::map<std::string, std::string> endpoints_;
    std::string ca_bundle_;
};

}  // namespace guichet::host
