#include <guichet/sandbox/schema_set.hpp>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace guichet::sandbox {

namespace {
// Collects libxml2's structured errors into one message.
void collect(void* context, xmlErrorPtr error) {
    auto* out = static_cast<std::string*>(context);
    if (error == nullptr || error->message == nullptr || out->size() > 2000) return;
    if (!out->empty()) *out += "; ";
    *out += "line " + std::to_string(error->line) + ": " + error->message;
    while (!out->empty() && (out->back() == '\n' || out->back() == ' ')) out->pop_back();
}

// Parses and frees `parser`; throws with libxml2's errors when the schema does not compile.
xmlSchemaPtr parse_schema(xmlSchemaParserCtxtPtr parser, const std::string& what) {
    std::string errors;
    xmlSchemaSetParserStructuredErrors(parser, collect, &errors);
    xmlSchemaPtr schema = xmlSchemaParse(parser);
    xmlSchemaFreeParserCtxt(parser);
    if (schema == nullptr) throw std::runtime_error("schema " + what + " does not compile: " + errors);
    return schema;
}
}  // namespace

struct SchemaSet::Compiled {
    xmlSchemaPtr schema = nullptr;
    ~Compiled() {
        if (schema != nullptr) xmlSchemaFree(schema);
    }
};

SchemaSet::SchemaSet() { xmlInitParser(); }
SchemaSet::~SchemaSet() = default;

void SchemaSet::add(const std::string& namespace_uri, const std::string& xsd_file) {
    std::lock_guard lock(mutex_);
    auto compiled = std::make_unique<Compiled>();
    compiled->schema = parse_schema(xmlSchemaNewParserCtxt(xsd_file.c_str()), xsd_file);
    schemas_[namespace_uri] = std::move(compiled);
}

void SchemaSet::add_imports(const std::string& namespace_uri,
                            const std::vector<std::pair<std::string, std::string>>& imports) {
    // libxml2 keeps the first location given for a namespace: the order of `imports` decides
    // which file wins when an imported schema imports the same namespace from elsewhere.
    std::string wrapper = R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">)";
    for (const auto& [ns, file] : imports)
        wrapper += R"(<xs:import namespace=")" + ns + R"(" schemaLocation=")" +
                   std::filesystem::absolute(file).string() + R"("/>)";
    wrapper += "</xs:schema>";
    std::lock_guard lock(mutex_);
    auto compiled = std::make_unique<Compiled>();
    compiled->schema = parse_schema(xmlSchemaNewMemParserCtxt(wrapper.data(), static_cast<int>(wrapper.size())),
                                    "importing " + imports.front().second);
    schemas_[namespace_uri] = std::move(compiled);
}

bool SchemaSet::covers(const std::string& namespace_uri) const {
    std::lock_guard lock(mutex_);
    return schemas_.count(namespace_uri) != 0;
}

std::optional<std::string> SchemaSet::validate(const std::string& namespace_uri, const std::string& xml) const {
    std::lock_guard lock(mutex_);
    const auto it = schemas_.find(namespace_uri);
    if (it == schemas_.end()) return std::nullopt;
    xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "payload.xml", nullptr, XML_PARSE_NONET);
    if (doc == nullptr) return std::string("payload is not well-formed");
    xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(it->second->schema);
    std::string errors;
    xmlSchemaSetValidStructuredErrors(validator, collect, &errors);
    const int rc = xmlSchemaValidateDoc(validator, doc);
    xmlSchemaFreeValidCtxt(validator);
    xmlFreeDoc(doc);
    if (rc == 0) return std::nullopt;
    return errors.empty() ? std::string("payload does not validate") : errors;
}

}  // namespace guichet::sandbox
