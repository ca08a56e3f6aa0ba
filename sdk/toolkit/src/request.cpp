#include <guichet/toolkit/request.hpp>

namespace guichet::toolkit {

Request Request::parse(std::string_view text) {
    try {
        return Request(text.empty() ? Json::object() : Json::parse(text));
    } catch (const Json::parse_error& e) {
        throw Error(GUICHET_E_INVALID_ARGUMENT, std::string("request is not valid JSON: ") + e.what());
    }
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

std::string Request::string(const std::string& pointer) const {
    const Json& v = at(pointer);
    if (!v.is_string()) throw invalid_field(pointer, "must be a string");
    return v.get<std::string>();
}

int64_t Request::integer(const std::string& pointer) const {
    const Json& v = at(pointer);
    if (!v.is_number_integer()) throw invalid_field(pointer, "must be an integer");
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
        if (!v[i].is_string()) throw invalid_field(pointer + "/" + std::to_string(i), "must be a string");
        out.push_back(v[i].get<std::string>());
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
