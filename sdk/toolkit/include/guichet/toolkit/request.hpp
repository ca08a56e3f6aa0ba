#pragma once
// Typed, named access to a JSON request: every failure names the faulty field by JSON pointer.
#include "error.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace guichet::toolkit {

using Json = nlohmann::json;

class Request {
public:
    explicit Request(Json document) : document_(std::move(document)) {}

    /** Parses request text; malformed JSON is GUICHET_E_INVALID_ARGUMENT. */
    static Request parse(std::string_view text);

    const Json& document() const { return document_; }
    bool has(const std::string& pointer) const;

    /** Required fields: throw invalid_field when absent or of the wrong type. */
    const Json& at(const std::string& pointer) const;
    std::string string(const std::string& pointer) const;
    int64_t integer(const std::string& pointer) const;
    bool boolean(const std::string& pointer) const;
    std::vector<std::string> strings(const std::string& pointer) const;

    /** Optional fields: nullopt when absent; still throw when present with the wrong type. */
    std::optional<std::string> optional_string(const std::string& pointer) const;
    std::optional<int64_t> optional_integer(const std::string& pointer) const;
    std::optional<bool> optional_boolean(const std::string& pointer) const;

private:
    const Json* find(const std::string& pointer) const;
    Json document_;
};

}  // namespace guichet::toolkit
