#include "client_config.hpp"

#include "private_files.hpp"

#include <filesystem>

namespace guichet::sandbox {

namespace {

nlohmann::json identity_files(const nlohmann::json& identity) {
    return {{"certificate", identity["certificate"]}, {"private_key", identity["private_key"]}};
}

}  // namespace

nlohmann::json make_client_config(const ClientConfigInputs& in) {
    nlohmann::json endpoints = nlohmann::json::object();
    nlohmann::json structure_endpoints = nlohmann::json::object();
    for (const auto& service : in.services) {
        endpoints[service.id] = (service.card_and_structure_endpoints ? in.card_url : in.services_url) + service.path;
        if (service.card_and_structure_endpoints) structure_endpoints[service.id] = in.services_url + service.path;
    }
    const auto& ids = in.manifest["identities"];
    nlohmann::json config = {
        {"endpoints", endpoints},
        {"structure_endpoints", structure_endpoints},
        {"ca_bundle", (std::filesystem::path(in.pki_dir) / "root-ca.pem").string()},
        {"identities",
         {{"professional", identity_files(ids["professional"])},
          {"structure", identity_files(ids["structure-insi-auto"])}}},
        {"tls_identity", "professional"},
        {"signing_identity", "professional"},
        {"authentication_mode", "card"},
        {"professional",
         {{"national_id", ids["professional"]["id_nat"]},
          {"given_name", "ISABELLE"},
          {"family_name", "MEDECIN-TEST"},
          {"profession", {{"code", "10"}, {"code_system", "1.2.250.1.71.1.2.7"}, {"display_name", "Medecin"}}}}},
        {"structure", {{"id", ids["structure-insi-auto"]["finess"]}, {"activity_sector", "SA07^1.2.250.1.71.4.2.4"}}},
        {"sandbox",
         {{"admin", in.admin_url}, {"seed", in.seed}, {"pkcs12_passphrase", in.manifest["pkcs12_passphrase"]}}}};
    if (!in.software.empty()) config["software"] = in.software;
    // Beside, not under identities: the host would load it when the session opens and ask for
    // its passphrase, which a runtime without a secret callback cannot answer.
    if (ids["professional"].contains("pkcs12"))
        config["sandbox"]["professional_pkcs12"] = ids["professional"]["pkcs12"];
    return config;
}

void write_client_config(const nlohmann::json& config, const std::string& state_dir) {
    if (state_dir.empty()) return;
    // Owner-only: it holds the PKCS#12 passphrase.
    write_private_file(std::filesystem::path(state_dir) / "client.json", config.dump(2) + "\n");
}

}  // namespace guichet::sandbox
