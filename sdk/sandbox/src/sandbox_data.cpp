#include "sandbox_data.hpp"

#include "service_registry.hpp"

#include <guichet/contracts/cnam.hpp>
#include <guichet/contracts/soap12.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace guichet::sandbox {

namespace fs = std::filesystem;

namespace {

nlohmann::json read(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw std::runtime_error(file.string() + " is not a JSON object");
    return j;
}

std::set<std::string> read_authorisation_numbers(const fs::path& file) {
    const auto software = read(file);
    const auto numbers = software.find("authorisation_numbers");
    if (numbers == software.end() || !numbers->is_array())
        throw std::runtime_error(file.string() + ": authorisation_numbers must be an array");
    std::set<std::string> known;
    for (const auto& n : *numbers) {
        if (!n.is_string()) throw std::runtime_error(file.string() + ": authorisation_numbers holds a non-string");
        known.insert(n.get<std::string>());
    }
    return known;
}

// The identity client.json offers; optional, but one the sandbox would refuse is a data error.
nlohmann::json read_client_software(const fs::path& file, const std::set<std::string>& accepted) {
    const auto software = read(file);
    const auto client = software.find("client_software");
    if (client == software.end()) return nlohmann::json::object();
    nlohmann::json out = nlohmann::json::object();
    for (const char* member : {"name", "version", "authorisation_number"}) {
        if (!client->contains(member) || !(*client)[member].is_string())
            throw std::runtime_error(file.string() + ": client_software/" + member + " must be a string");
        out[member] = (*client)[member];
    }
    if (accepted.count(out["authorisation_number"].get<std::string>()) == 0)
        throw std::runtime_error(file.string() + ": client_software/authorisation_number is not accepted");
    return out;
}

// The CNAM services' common headers, ContexteLPS and ContexteBAM, are validated by the SOAP
// pipeline itself; the fault schema (urn:siram) checks the sandbox's own faults.
const SchemaFile cnam_header_schemas[] = {
    {contracts::cnam::ctxlps_namespace, SchemaRoot::public_specs, "insi/xsd/CTX/ROOT_ctxlps_CTXLPS_V01_00.xsd"},
    {contracts::cnam::ctxbam_namespace, SchemaRoot::public_specs, "insi/xsd/CTX/ROOT_ctxbam_CTXBAM_V01_02.xsd"},
    {contracts::cnam::siram_namespace, SchemaRoot::public_specs, "insi/xsd/schema_faultSOAP_V01_01.xsd"}};

// A soap:Fault payload (what a fault's Body holds) against the public SOAP 1.2 envelope schema
// and, inside its Detail, siram:Erreur against the public CNAM fault schema. The envelope
// schema's xml:lang comes from a file the specs folder lacks: ours is imported first.
void add_fault_schema(SchemaSet& schemas, const fs::path& data_dir, const std::string& public_schemas_dir) {
    if (public_schemas_dir.empty()) return;
    const fs::path specs(public_schemas_dir);
    fs::path xml_lang = data_dir / "schemas/xml-lang.xsd";
    if (!fs::exists(xml_lang)) xml_lang = fs::path(default_data_dir()) / "schemas/xml-lang.xsd";  // a trimmed data dir
    schemas.add_imports(
        contracts::soap12::envelope_namespace,
        {{"http://www.w3.org/XML/1998/namespace", xml_lang.string()},
         {contracts::soap12::envelope_namespace, (specs / "soap/soap-1.2-envelope.xsd").string()},
         {contracts::cnam::siram_namespace, (specs / "insi/xsd/schema_faultSOAP_V01_01.xsd").string()}});
}

void add_schema(SchemaSet& schemas, const SchemaFile& schema, const fs::path& data_dir,
                const std::string& public_schemas_dir) {
    fs::path root;
    switch (schema.root) {
        case SchemaRoot::data:
            root = data_dir;
            break;
        case SchemaRoot::protocols:
            root = protocols_dir();
            break;
        case SchemaRoot::public_specs:
            if (public_schemas_dir.empty()) return;
            root = public_schemas_dir;
            break;
    }
    if (!schemas.covers(schema.namespace_uri)) schemas.add(schema.namespace_uri, (root / schema.path).string());
}

}  // namespace

const nlohmann::json& SandboxData::file(const std::string& name) const {
    const auto it = files.find(name);
    if (it == files.end()) throw std::logic_error("data file " + name + " was not declared by any sandbox service");
    return it->second;
}

const nlohmann::json& SandboxData::array(const std::string& name, const std::string& member) const {
    static const nlohmann::json empty = nlohmann::json::array();
    const nlohmann::json& j = file(name);
    const auto it = j.find(member);
    return it != j.end() && it->is_array() ? *it : empty;
}

std::shared_ptr<const SandboxData> SandboxData::load(const std::string& dir, const std::string& public_schemas_dir,
                                                     const std::vector<ServiceDefinition>& services) {
    const fs::path root(dir);
    auto data = std::make_shared<SandboxData>();
    data->authorisation_numbers = read_authorisation_numbers(root / "software.json");
    data->client_software = read_client_software(root / "software.json", data->authorisation_numbers);
    data->schemas = std::make_shared<SchemaSet>();
    for (const auto& schema : cnam_header_schemas) add_schema(*data->schemas, schema, root, public_schemas_dir);
    add_fault_schema(*data->schemas, root, public_schemas_dir);
    for (const auto& service : services) {
        for (const auto& name : service.data_files)
            if (!data->files.count(name)) data->files[name] = read(root / name);
        for (const auto& schema : service.schemas) add_schema(*data->schemas, schema, root, public_schemas_dir);
    }
    return data;
}

nlohmann::json SandboxData::summary() const {
    nlohmann::json counts = nlohmann::json::object();
    counts["software.json"] = authorisation_numbers.size();
    for (const auto& [name, content] : files) {
        size_t entries = 0;  // a data file is an object around one list (identities, beneficiaries...)
        for (const auto& [member, value] : content.items())
            if (value.is_array()) entries += value.size();
        counts[name] = entries;
    }
    return counts;
}

namespace {

// Next to the binary once installed (<prefix>/share/guichet/<leaf>), else the source tree's.
std::string installed_or(const std::string& leaf, const std::string& marker, const std::string& source_dir) {
    std::error_code ec;
    const auto self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = self.parent_path() / ".." / "share" / "guichet" / leaf;
        if (fs::exists(installed / marker)) return installed.lexically_normal().string();
    }
    return source_dir;
}

}  // namespace

std::string default_data_dir() { return installed_or("sandbox", "software.json", GUICHET_SANDBOX_SOURCE_DATA_DIR); }

std::string protocols_dir() { return installed_or("protocols", ".", GUICHET_PROTOCOLS_SOURCE_DIR); }

}  // namespace guichet::sandbox
