#include "client_config.hpp"

#include <filesystem>
#include <fstream>

namespace guichet::sandbox {

namespace {

nlohmann::json identity_files(const nlohmann::json& identity) {
    return {{"certificate", identity["certificate"]}, {"private_key", identity["private_key"]}};
}

}  // namespace

nlohmann::json make_client_config(const ClientConfigInputs& in) {
    nlohmann::json endpoints = nlohmann::json::object();
    for (const auto& [id, path] : in.services) endpoints[id] = in.services_url + path;
    const auto& ids = in.manifest["identities"];
    return {
        {"endpoints", endpoints},
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
}

void write_client_config(const nlohmann::json& config, const std::string& state_dir) {
    if (state_dir.empty()) return;
    const auto file = std::filesystem::path(state_dir) / "client.json";
    const auto temporary = file.string() + ".tmp";
    std::ofstream(temporary) << config.dump(2) << "\n";
    std::filesystem::rename(temporary, file);
}

}  // namespace guichet::sandbox
