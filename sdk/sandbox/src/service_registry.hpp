#pragma once
// How a simulated teleservice joins the sandbox: it declares itself — id, path, the data files
// and schemas it needs, its SOAP rules, how to make its handler — in its own folder under
// sdk/sandbox/services/<name>/, with a `register_<name>_service` function. The build generates
// the one call list from those folders, so adding a service edits no central list
// (docs/new-teleservice.md).
#include "sandbox_data.hpp"
#include "service_handler.hpp"
#include "soap_pipeline.hpp"
#include "submission_ledger.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace guichet::sandbox {

/** Where a schema file is found. */
enum class SchemaRoot {
    data,          ///< the sandbox's data directory (the sandbox's own test services)
    protocols,     ///< docs/protocols: Guichet's sandbox profiles of non-public contracts
    public_specs,  ///< the public specs directory (--public-schemas); skipped when not given
};

struct SchemaFile {
    std::string namespace_uri;  ///< payloads whose root is in this namespace are validated
    SchemaRoot root = SchemaRoot::data;
    std::string path;  ///< relative to the root
};

/** What a handler gets from the sandbox: the SOAP pipeline's configuration and the test data,
 *  both read per request so a reload takes effect at once. */
struct ServiceContext {
    std::function<SoapPipelineConfig()> pipeline;
    std::function<std::shared_ptr<const SandboxData>()> data;
    /** The sandbox's record of submissions (outlives every handler), shared by the services. */
    SubmissionLedger* submissions = nullptr;
    std::string service_id;  ///< the id of the service this context is given to
};

struct ServiceDefinition {
    std::string id;    ///< "insi/1"
    std::string path;  ///< "/insi"
    /** JSON files of the data directory this service reads (each a JSON object), e.g.
     *  "identities.json"; the handler finds them in SandboxData::files. */
    std::vector<std::string> data_files;
    std::vector<SchemaFile> schemas;
    std::function<std::unique_ptr<ServiceHandler>(const ServiceContext&)> make;
    /** INSi's shape: a card endpoint (server-authenticated TLS, the signed VIHF authenticates)
     *  and a structure endpoint (mutual TLS, organisation certificate). Otherwise one endpoint,
     *  over mutual TLS. */
    bool card_and_structure_endpoints = false;
};

class ServiceRegistry {
public:
    void add(ServiceDefinition definition);
    const std::vector<ServiceDefinition>& definitions() const { return definitions_; }

    /** Every service found under sdk/sandbox/services/ at build time. */
    static const ServiceRegistry& built_in();

private:
    std::vector<ServiceDefinition> definitions_;
};

}  // namespace guichet::sandbox
