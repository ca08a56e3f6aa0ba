#include <guichet/common/json_text.hpp>
#include <guichet/toolkit/request.hpp>

#include <limits>

namespace guichet::toolkit {

Request Request::parse(std::string_view text) {
    Json document = Json::object();
    if (text.empty()) return Request(std::move(document));
    if (const auto problem = common::parse_json_text(text, document)) {
        if (problem->field.empty()) throw Error(GUICHET_E_INVALID_ARGUMENT, "request: " + problem->message);
        throw invalid_field(problem->field, problem->message);
    }
    return Request(std::move(document));
}

const Json* Request::find(const std::string& pointer) const {
    try {
        const Json::json_pointer p(pointer);
        if (!document_.contains(p)) return nullptr;
        const Json& value = document_.at(p);
        return value.is_null() ? nullptr : &value;
    } catch (const Json::exception&) {
        throw invalid_field(pointer, "is not a valid JSON pointer into the request");
    }
}

bool Request::has(const std::string& pointer) const { return find(pointer) != nullptr; }

const Json& Request::at(const std::string& pointer) const {
    const Json* v = find(pointer);
    if (v == nullptr) throw invalid_field(pointer, "is required");
    return *v;
}

namespace {

// A NUL cuts a value short in every C string downstream ("CORSE\u0000XYZ" was sent as CORSE);
// other control characters have no place in a name, a code or a date either. Tab, line feed
// and carriage return stay allowed for free text.
bool has_control_character(const std::string& text) {
    for (const unsigned char c : text)
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return true;
    return false;
}

}  // namespace

std::string Request::string(const std::string& pointer) const {
    const Json& v = at(pointer);
    if (!v.is_string()) throw invalid_field(pointer, "must be a string");
    std::string text = v.get<std::string>();
    if (has_control_character(text)) throw invalid_field(pointer, "must not contain control characters (NUL...)");
    return text;
}

int64_t Request::integer(const std::string& pointer) const {
    const Json& v = at(pointer);
    if (!v.is_number_integer()) throw invalid_field(pointer, "must be an integer");
    // An unsigned value above INT64_MAX would wrap to a negative number.
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        throw invalid_field(pointer, "is out of range");
    return v.get<int64_t>();
}

bool Request::boolean(const std::string& pointer) const {
    const Json& v = at(pointer);
    if (!v.is_boolean()) throw invalid_field(pointer, "must be true or false");
    return v.get<bool>();
}

std::vector<std::string> Request::strings(const std::string& pointer) const {
    const Json& v = at(pointer);
    if (!v.is_array()) throw invalid_field(pointer, "must be an array of strings");
    std::vector<std::string> out;
    for (size_t i = 0; i < v.size(); ++i) {
        out.push_back(string(pointer + "/" + std::to_string(i)));
    }
    return out;
}

std::optional<std::string> Request::optional_string(const std::string& pointer) const {
    if (!has(pointer)) return std::nullopt;
    return string(pointer);
}

std::optional<int64_t> Request::optional_integer(const std::string& pointer) const {
    if (!has(pointer)) return std::nullopt;
    return integer(pointer);
}

std::optional<bool> Request::optional_boolean(const std::string& pointer) const {
    if (!has(pointer)) return std::nullopt;
    return boolean(pointer);
}

}  // namespace guichet::toolkit
