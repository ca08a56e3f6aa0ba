#pragma once
// XSD validation of SOAP payloads with libxml2 (the sandbox is the server side; plugins never
// link it). Schemas come from a directory the configuration names: the product does not carry
// third-party schemas, it loads them where an installation keeps them.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace guichet::sandbox {

class SchemaSet {
public:
    SchemaSet();
    ~SchemaSet();
    SchemaSet(const SchemaSet&) = delete;
    SchemaSet& operator=(const SchemaSet&) = delete;

    /** Registers the XSD file validating payloads whose root is in `namespace_uri`.
     *  Throws std::runtime_error when the schema does not compile. */
    void add(const std::string& namespace_uri, const std::string& xsd_file);
    /** Registers, for `namespace_uri`, one schema importing each (namespace, XSD file) in order:
     *  how a payload whose content comes from several namespaces (a soap:Fault and its
     *  siram:Erreur) is checked at once. Throws std::runtime_error when it does not compile. */
    void add_imports(const std::string& namespace_uri, const std::vector<std::pair<std::string, std::string>>& imports);
    bool covers(const std::string& namespace_uri) const;

    /** nullopt when `xml` is valid (or no schema covers its namespace), else the first errors. */
    std::optional<std::string> validate(const std::string& namespace_uri, const std::string& xml) const;

private:
    struct Compiled;
    mutable std::mutex mutex_;  // libxml2 validation contexts are not shared across threads
    std::map<std::string, std::unique_ptr<Compiled>> schemas_;
};

}  // namespace guichet::sandbox
