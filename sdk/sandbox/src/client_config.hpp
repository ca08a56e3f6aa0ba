#pragma once
// The session context a client needs to reach a running sandbox (client.json): endpoints of
// every simulated service (INSi's structure endpoint apart), the CA, the test identities, a test
// professional and structure, the software identity the sandbox accepts, the professional's
// PKCS#12.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace guichet::sandbox {

struct ClientService {
    std::string id;
    std::string path;
    bool card_and_structure_endpoints = false;  ///< INSi: card endpoint, and a structure one
};

struct ClientConfigInputs {
    std::string services_url;  ///< mutual TLS
    std::string card_url;      ///< client certificate optional
    std::string admin_url;
    std::vector<ClientService> services;
    std::string pki_dir;
    nlohmann::json manifest;  ///< the test PKI's manifest.json
    uint64_t seed = 1;
    nlohmann::json software;  ///< {name, version, authorisation_number} the sandbox accepts, or {}
};

nlohmann::json make_client_config(const ClientConfigInputs& in);

/** Writes `config` to <state_dir>/client.json atomically (readers never see half a file). */
void write_client_config(const nlohmann::json& config, const std::string& state_dir);

}  // namespace guichet::sandbox
