#include "pkcs11_token.hpp"

#include <libp11.h>
#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include <array>
#include <cstring>
#include <map>
#include <mutex>

namespace guichet::host {

namespace {

// PKCS#11 return values libp11 reports through OpenSSL's error queue.
constexpr int ckr_pin_incorrect = 0xA0;
constexpr int ckr_pin_len_range = 0xA2;
constexpr int ckr_pin_locked = 0xA4;

// One loaded module per path for the whole process: C_Initialize/C_Finalize are process-wide,
// so two sessions must not load and unload the same module independently.
class Module {
public:
    static std::shared_ptr<Module> get(const std::string& path, const std::string& field) {
        static std::mutex mutex;
        static std::map<std::string, std::weak_ptr<Module>> loaded;
        std::lock_guard lock(mutex);
        if (auto existing = loaded[path].lock()) return existing;
        auto module = std::shared_ptr<Module>(new Module());
        module->ctx_ = PKCS11_CTX_new();
        if (module->ctx_ == nullptr || PKCS11_CTX_load(module->ctx_, path.c_str()) != 0) {
            ERR_clear_error();
            fail(GUICHET_E_IDENTITY, "cannot load the PKCS#11 module '" + path + "'", field);
        }
        module->loaded_ = true;
        loaded[path] = module;
        return module;
    }
    ~Module() {
        if (loaded_) PKCS11_CTX_unload(ctx_);
        if (ctx_ != nullptr) PKCS11_CTX_free(ctx_);
    }
    PKCS11_CTX* ctx() const { return ctx_; }

private:
    Module() = default;
    PKCS11_CTX* ctx_ = nullptr;
    bool loaded_ = false;
};

// Slots enumerated for one identity, released with it (after the key it lent).
struct TokenSession {
    std::shared_ptr<Module> module;
    PKCS11_SLOT* slots = nullptr;
    unsigned int slot_count = 0;
    ~TokenSession() {
        if (slots != nullptr) PKCS11_release_all_slots(module->ctx(), slots, slot_count);
    }
};

int last_ckr() {
    int reason = 0;
    for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error())
        if (static_cast<int>(ERR_GET_LIB(e)) == ERR_get_CKR_code()) reason = ERR_GET_REASON(e);
    return reason;
}

std::string required_text(const nlohmann::json& d, const char* name, const std::string& pointer) {
    const auto it = d.find(name);
    if (it == d.end() || !it->is_string() || it->get<std::string>().empty())
        fail(GUICHET_E_INVALID_ARGUMENT, std::string(name) + " is required for a PKCS#11 identity",
             pointer + "/" + name);
    return it->get<std::string>();
}

}  // namespace

TokenKey open_token_key(const std::string& identity_name, const nlohmann::json& d, const std::string& pointer,
                        const SecretSource& secrets) {
    if (!d.is_object()) fail(GUICHET_E_INVALID_ARGUMENT, "pkcs11 must be an object", pointer);
    const std::string module_path = required_text(d, "module", pointer);
    const std::string token_label = required_text(d, "token_label", pointer);
    const std::string key_label = required_text(d, "key_label", pointer);
    const std::string certificate_label = d.value("certificate_label", key_label);

    auto session = std::make_shared<TokenSession>();
    session->module = Module::get(module_path, pointer + "/module");
    if (PKCS11_enumerate_slots(session->module->ctx(), &session->slots, &session->slot_count) != 0) {
        ERR_clear_error();
        fail(GUICHET_E_TOKEN_ABSENT, "the PKCS#11 module lists no slot", pointer);
    }
    PKCS11_SLOT* slot = nullptr;
    for (unsigned int i = 0; i < session->slot_count; ++i) {
        PKCS11_SLOT* s = &session->slots[i];
        if (s->token != nullptr && s->token->initialized && token_label == s->token->label) slot = s;
    }
    if (slot == nullptr)
        fail(GUICHET_E_TOKEN_ABSENT, "no token labelled '" + token_label + "' is present (is the card inserted?)",
             pointer + "/token_label");
    if (slot->token->userPinLocked)
        fail(GUICHET_E_PIN_INCORRECT, "the PIN of token '" + token_label + "' is locked", pointer);

    if (PKCS11_open_session(slot, 0) != 0) {
        ERR_clear_error();
        fail(GUICHET_E_TOKEN_ABSENT, "cannot open a session on token '" + token_label + "'", pointer);
    }
    if (slot->token->loginRequired) {
        if (secrets.ask == nullptr)
            fail(GUICHET_E_PIN_INCORRECT,
                 "token '" + token_label + "' needs a PIN and the application gave no secret callback", pointer);
        std::array<char, 256> pin{};
        const guichet_status asked =
            secrets.ask(secrets.user_data, "pin", token_label.c_str(), pin.data(), static_cast<uint32_t>(pin.size()));
        pin.back() = '\0';
        if (asked != GUICHET_OK) {
            OPENSSL_cleanse(pin.data(), pin.size());
            fail(GUICHET_E_CANCELLED, "PIN for token '" + token_label + "' was not given", pointer);
        }
        const int logged = PKCS11_login(slot, 0, pin.data());
        OPENSSL_cleanse(pin.data(), pin.size());
        if (logged != 0) {
            const int ckr = last_ckr();
            if (ckr == ckr_pin_locked)
                fail(GUICHET_E_PIN_INCORRECT, "the PIN of token '" + token_label + "' is locked", pointer);
            if (ckr == ckr_pin_incorrect || ckr == ckr_pin_len_range)
                fail(GUICHET_E_PIN_INCORRECT, "wrong PIN for token '" + token_label + "'", pointer);
            fail(GUICHET_E_IDENTITY, "login to token '" + token_label + "' failed", pointer);
        }
    }

    PKCS11_KEY* keys = nullptr;
    unsigned int key_count = 0;
    PKCS11_KEY* key = nullptr;
    if (PKCS11_enumerate_keys(slot->token, &keys, &key_count) == 0)
        for (unsigned int i = 0; i < key_count; ++i)
            if (keys[i].isPrivate && keys[i].label != nullptr && key_label == keys[i].label) key = &keys[i];
    ERR_clear_error();
    if (key == nullptr)
        fail(GUICHET_E_IDENTITY, "token '" + token_label + "' holds no private key labelled '" + key_label + "'",
             pointer + "/key_label");

    PKCS11_CERT* certs = nullptr;
    unsigned int cert_count = 0;
    X509* certificate = nullptr;
    if (PKCS11_enumerate_certs(slot->token, &certs, &cert_count) == 0)
        for (unsigned int i = 0; i < cert_count; ++i)
            if (certs[i].label != nullptr && certificate_label == certs[i].label) certificate = certs[i].x509;
    ERR_clear_error();
    if (certificate == nullptr)
        fail(GUICHET_E_IDENTITY,
             "token '" + token_label + "' holds no certificate labelled '" + certificate_label + "'",
             pointer + "/certificate_label");

    TokenKey out;
    out.key = PKCS11_get_private_key(key);
    if (out.key == nullptr) {
        ERR_clear_error();
        fail(GUICHET_E_IDENTITY, "the private key '" + key_label + "' of token '" + token_label + "' cannot be used",
             pointer);
    }
    out.certificate = X509_dup(certificate);
    out.session = session;
    (void)identity_name;
    return out;
}

}  // namespace guichet::host
