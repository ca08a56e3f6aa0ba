#pragma once
// Reading JSON text that comes from outside (a request, a session document): every failure is
// an explanation naming where it happened, never a library exception escaping as
// GUICHET_E_INTERNAL. nlohmann reports a number too large for a double ("1e999") as an
// out_of_range exception, not a parse_error, so catching parse_error alone lets it escape.
//
// The faulty member is found by a second, event-based pass (only on failure) that tracks the
// JSON pointer of the value being read when the parser stops: {"rank": 1e999} names "/rank".
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::common {

struct JsonTextProblem {
    std::string message;  ///< what is wrong, for logs and developers
    std::string field;    ///< JSON pointer of the value being read when parsing stopped; "" at the top
};

namespace json_text {

// Tracks the JSON pointer of the value about to be read. Containers push a level; object keys
// name the next value; array levels count their elements.
class PointerTracker : public nlohmann::json_sax<nlohmann::json> {
public:
    std::string pointer() const {
        std::string out;
        for (const Level& level : levels_) {
            if (level.in_array)
                out += "/" + std::to_string(level.index);
            else if (level.has_key)
                out += "/" + level.key;
        }
        return out;
    }

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override { return open(false); }
    bool key(string_t& name) override {
        levels_.back().key = escaped(name);
        levels_.back().has_key = true;
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(true); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    struct Level {
        bool in_array = false;
        std::size_t index = 0;
        bool has_key = false;
        std::string key;
    };

    static std::string escaped(const std::string& token) {
        std::string out;
        for (const char c : token) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
        return out;
    }
    // A value was read: the next one in an array has the next index.
    bool value() {
        if (!levels_.empty() && levels_.back().in_array) levels_.back().index++;
        return true;
    }
    bool open(bool array) {
        levels_.push_back({array, 0, false, {}});
        return true;
    }
    bool close() {
        levels_.pop_back();
        return value();
    }

    std::vector<Level> levels_;
};

inline std::string failing_pointer(std::string_view text) {
    PointerTracker tracker;
    try {
        nlohmann::json::sax_parse(text, &tracker);
    } catch (const nlohmann::json::exception&) {
        // sax_parse reports most failures to parse_error(); a few (out_of_range) are thrown.
    }
    return tracker.pointer();
}

}  // namespace json_text

/** Parses `text` into `out`; on failure returns the problem and leaves `out` unchanged. */
inline std::optional<JsonTextProblem> parse_json_text(std::string_view text, nlohmann::json& out) {
    try {
        out = nlohmann::json::parse(text);
        return std::nullopt;
    } catch (const nlohmann::json::out_of_range& e) {
        return JsonTextProblem{std::string("a number is out of range: ") + e.what(), json_text::failing_pointer(text)};
    } catch (const nlohmann::json::exception& e) {
        return JsonTextProblem{std::string("not valid JSON: ") + e.what(), json_text::failing_pointer(text)};
    }
}

}  // namespace guichet::common
