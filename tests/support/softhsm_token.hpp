#pragma once
// A real PKCS#11 token for tests: a fresh SoftHSM2 token store in a temporary directory
// (SOFTHSM2_CONF points at it for this process), a token initialised with a user PIN, and
// keys and certificates imported with softhsm2-util and pkcs11-tool, as a card would hold them.
#include "external_tool.hpp"

#include <string>

namespace guichet::test {

class SoftHsmToken {
public:
    static constexpr const char* module_path = "/usr/lib/softhsm/libsofthsm2.so";
    static constexpr const char* user_pin = "123456";

    explicit SoftHsmToken(const std::string& token_label);

    /** Imports a PEM private key (PKCS#8) and its certificate under `label`, with object id `id_hex`. */
    void import(const std::string& label, const std::string& key_pem_file, const std::string& cert_pem_file,
                const std::string& id_hex);

    const std::string& label() const { return label_; }

    /** The session-context description of the identity `key_label` on this token. */
    std::string identity_json(const std::string& key_label) const;

private:
    TempDir dir_;
    std::string label_;
};

}  // namespace guichet::test
