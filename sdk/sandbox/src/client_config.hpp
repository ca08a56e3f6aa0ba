#pragma once
// The session context a client needs to reach a running sandbox (client.json): endpoints of
// every simulated service, the CA, the test identities, a test professional and structure.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace guichet::sandbox {

struct ClientConfigInputs {
    std::string services_url;
    std::string admin_url;
    std::vector<std::pair<std::string, std::string>> services;  ///< id, path
    std::string pki_dir;
    nlohmann::json manifest;  ///< the test PKI's manifest.json
    uint64_t seed = 1;
};

nlohmann::json make_client_config(const ClientConfigInputs& in);

/** Writes `config` to <state_dir>/client.json atomically (readers never see half a file). */
void write_client_config(const nlohmann::json& config, const std::string& state_dir);

}  // namespace guichet::sandbox
