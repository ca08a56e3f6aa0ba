#include "session_context.hpp"

#include "error_detail.hpp"

#include <filesystem>
#include <utility>

namespace guichet::host {

namespace {

common::SessionDocument read_document(const std::string& text) {
    common::SessionDocument document;
    if (const auto read = common::read_session_document(text, document); !read)
        fail(read.status, read.message, read.field);
    return document;
}

}  // namespace

SessionContext::SessionContext(std::string text, const SecretSource& secrets, int64_t now_wall_ns)
    : text_(text.empty() ? std::string("{}") : std::move(text)) {
    common::SessionDocument document = read_document(text_);
    tls_identity_name_ = document.tls_identity.value_or("");
    signing_identity_name_ = document.signing_identity.value_or("");
    endpoints_ = std::move(document.endpoints);
    // A structure-mode session reaches a service's structure endpoint where it has one (INSi's
    // mutual-TLS endpoint), and the common endpoint elsewhere.
    if (document.authentication_mode == common::AuthenticationMode::structure)
        for (auto& [service, url] : document.structure_endpoints) endpoints_[service] = std::move(url);
    ca_bundle_ = document.ca_bundle.value_or("");
    // Identities are loaded now, not at first use: a wrong passphrase or an expired card shows
    // when the professional opens the session, not in the middle of a teleservice call.
    load_identities(document.identities, secrets, now_wall_ns);
    check_identity_names();
    check_ca_bundle();
}

void SessionContext::load_identities(const nlohmann::json& descriptions, const SecretSource& secrets,
                                     int64_t now_wall_ns) {
    for (const auto& [name, description] : descriptions.items()) {
        const std::string pointer = "/identities/" + common::escape_pointer_token(name);
        identities_[name] = Identity::load(name, description, pointer, secrets, now_wall_ns);
    }
}

void SessionContext::check_identity_names() const {
    for (const auto& [field, name] :
         {std::pair{"/tls_identity", &tls_identity_name_}, std::pair{"/signing_identity", &signing_identity_name_}}) {
        if (!name->empty() && identities_.count(*name) == 0)
            fail(GUICHET_E_INVALID_ARGUMENT, "no identity named '" + *name + "' under identities", field);
    }
}

void SessionContext::check_ca_bundle() const {
    if (!ca_bundle_.empty() && !std::filesystem::is_regular_file(ca_bundle_))
        fail(GUICHET_E_IO, "CA bundle '" + ca_bundle_ + "' is not a readable file", "/ca_bundle");
}

const std::string* SessionContext::endpoint(const std::string& service_id) const {
    const auto it = endpoints_.find(service_id);
    return it == endpoints_.end() ? nullptr : &it->second;
}

std::shared_ptr<const Identity> SessionContext::named(const std::string& name) const {
    const auto it = identities_.find(name);
    if (it == identities_.end()) fail(GUICHET_E_IDENTITY, "this session has no identity named '" + name + "'");
    return it->second;
}

std::shared_ptr<const Identity> SessionContext::tls_identity(const std::string& name) const {
    const std::string& wanted = name.empty() ? tls_identity_name_ : name;
    if (wanted.empty()) return nullptr;
    return named(wanted);
}

std::shared_ptr<const Identity> SessionContext::signing_identity(const std::string& name) const {
    std::string wanted = name;
    if (wanted.empty()) wanted = signing_identity_name_.empty() ? tls_identity_name_ : signing_identity_name_;
    if (wanted.empty()) fail(GUICHET_E_IDENTITY, "this session has no signing identity (set signing_identity)");
    return named(wanted);
}

}  // namespace guichet::host
