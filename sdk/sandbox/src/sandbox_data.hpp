#pragma once
// The sandbox's editable test data (docs/sandbox.md): software authorisation numbers, the data
// files each service declares (identities.json, rights.json...), and the schemas payloads are
// validated against. Reloaded on POST /admin/reload.
#include <guichet/sandbox/schema_set.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace guichet::sandbox {

struct ServiceDefinition;

struct SandboxData {
    std::set<std::string> authorisation_numbers;
    /** software.json's client_software: {name, version, authorisation_number}, for client.json. */
    nlohmann::json client_software = nlohmann::json::object();
    std::map<std::string, nlohmann::json> files;  ///< data file name -> its JSON object
    std::shared_ptr<SchemaSet> schemas;

    /** The data file `name` a service declared. Throws std::logic_error when it was not declared
     *  (a bug in the service's registration, not in the data). */
    const nlohmann::json& file(const std::string& name) const;
    /** The array `member` of data file `name`, or an empty array. */
    const nlohmann::json& array(const std::string& name, const std::string& member) const;

    /** Reads <dir>/software.json, every data file the services declare, and the schemas they
     *  declare: under <dir>, under protocols_dir(), and under `public_schemas_dir` (a copy of the
     *  public specs, e.g. ../shared/specs) when given — public ones are skipped otherwise.
     *  Throws std::runtime_error naming the file and the problem. */
    static std::shared_ptr<const SandboxData> load(const std::string& dir, const std::string& public_schemas_dir,
                                                   const std::vector<ServiceDefinition>& services);
    /** Entry counts per data file, for the admin API's status. */
    nlohmann::json summary() const;
};

/** The data directory shipped with the sandbox (next to the binary once installed). */
std::string default_data_dir();

/** Where the sandbox profiles of non-public contracts live (docs/protocols in the sources,
 *  share/guichet/protocols once installed). */
std::string protocols_dir();

}  // namespace guichet::sandbox
