#pragma once
// JSON as the CLI prints it. Text from outside (a plugin's error message, a service's answer, a
// file name) may not be valid UTF-8: nlohmann's default dump throws on it, which aborted the
// CLI. Invalid bytes are printed as U+FFFD instead: the output stays valid JSON and readable.
#include <nlohmann/json.hpp>

#include <string>

namespace guichet::cli {

/** `value` as JSON text, `indent` spaces per level (-1: one line), invalid UTF-8 replaced. */
inline std::string json_text(const nlohmann::json& value, int indent = 2) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

/** Whether `text` is valid UTF-8, that is whether a JSON string carries it unchanged. */
inline bool is_utf8(const std::string& text) {
    try {
        (void)nlohmann::json(text).dump();  // the strict dump: nlohmann's own UTF-8 check
        return true;
    } catch (const nlohmann::json::type_error&) {
        return false;
    }
}

}  // namespace guichet::cli
