#pragma once
// The sandbox's editable test data (docs/sandbox.md): software authorisation numbers,
// identities, and the schemas payloads are validated against. Reloaded on POST /admin/reload.
#include "schema_set.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <set>
#include <string>

namespace guichet::sandbox {

struct SandboxData {
    std::set<std::string> authorisation_numbers;
    nlohmann::json identities = nlohmann::json::array();
    nlohmann::json beneficiaries = nlohmann::json::array();  ///< ADRi rights (rights.json)
    std::shared_ptr<SchemaSet> schemas;

    /** Reads <dir>/software.json, <dir>/identities.json, <dir>/rights.json, the schemas under
     *  <dir>/schemas and the sandbox profiles' schemas (protocols_dir(), e.g. ADRi);
     *  with `public_schemas_dir` (a copy of the public specs, e.g. ../shared/specs), also the
     *  CNAM INSi request schema from <public_schemas_dir>/insi/xsd.
     *  Throws std::runtime_error naming the file and the problem. */
    static std::shared_ptr<const SandboxData> load(const std::string& dir, const std::string& public_schemas_dir = {});
};

/** The data directory shipped with the sandbox (next to the binary once installed). */
std::string default_data_dir();

/** Where the sandbox profiles of non-public contracts live (docs/protocols in the sources,
 *  share/guichet/protocols once installed). */
std::string protocols_dir();

}  // namespace guichet::sandbox
