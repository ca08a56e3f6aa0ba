#pragma once
// An operation's request checked against its published JSON Schema (docs/schemas/<svc>/<op>.json)
// before its handler runs: a field the schema does not know, a wrong type or a missing field is
// GUICHET_E_INVALID_ARGUMENT naming it by JSON pointer, and nothing is sent.
//
// The schema text is embedded into the plugin at build time (guichet_add_plugin(... SCHEMAS dir),
// sdk/cmake/GuichetPlugin.cmake), so the published schema and the code cannot drift apart.
#include "request.hpp"

#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace guichet::toolkit {

/** One schema file of a folder, as embedded: its name ("search_by_traits.json") and its text. */
struct SchemaFile {
    std::string_view name;
    std::string_view text;
};

/** Which schema validates a request: `file` among `files` (all of docs/schemas/<folder>, so that
 *  `$ref`s from one file to another resolve), at `pointer` inside it (the request is in $defs). */
struct RequestSchema {
    std::string_view folder;  ///< "insi": the errors name the schema as insi/search_by_traits.json
    std::string_view file;
    std::span<const SchemaFile> files;
    std::string_view pointer = "/$defs/request";
};

/** A compiled RequestSchema. Compiling throws std::runtime_error naming the file when the schema
 *  is not valid JSON, has a `$ref` that does not resolve, or is not a schema valijson reads. */
class RequestValidator {
public:
    explicit RequestValidator(const RequestSchema& schema);
    ~RequestValidator();
    RequestValidator(const RequestValidator&) = delete;
    RequestValidator& operator=(const RequestValidator&) = delete;

    /** Throws invalid_field (GUICHET_E_INVALID_ARGUMENT) naming the first faulty field. */
    void check(const Json& request) const;

private:
    struct Compiled;
    std::unique_ptr<Compiled> compiled_;
    std::string name_;
};

}  // namespace guichet::toolkit
