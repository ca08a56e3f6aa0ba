// Requests checked against their published schemas with valijson (Debian libvalijson-dev):
// a maintained validator, so Guichet does not keep a JSON Schema implementation of its own.
#include <guichet/toolkit/request_schema.hpp>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

namespace guichet::toolkit {

namespace {

using valijson::adapters::NlohmannJsonAdapter;

// valijson reads the schema text through `$ref`s; the embedded folder is the only place it may
// look (a ref is a file name beside the schema, as in docs/schemas): nothing is fetched.
const Json* fetch_from(std::span<const SchemaFile> files, const std::string& uri) {
    const std::string name = uri.substr(uri.find_last_of('/') + 1);
    for (const SchemaFile& f : files) {
        if (f.name != name) continue;
        Json parsed = Json::parse(f.text, nullptr, false);
        if (parsed.is_discarded()) throw std::runtime_error(std::string(f.name) + " is not valid JSON");
        return new Json(std::move(parsed));
    }
    throw std::runtime_error("$ref to " + uri + ", which is not among the embedded schemas");
}

// valijson's context is "<root>", then "[name]" per property or "[index]" per item.
std::string pointer_of(const std::vector<std::string>& context) {
    std::string pointer;
    for (const std::string& step : context) {
        if (step.size() < 2 || step.front() != '[' || step.back() != ']') continue;
        pointer += '/';
        for (const char c : step.substr(1, step.size() - 2)) {
            if (c == '~')
                pointer += "~0";
            else if (c == '/')
                pointer += "~1";
            else
                pointer += c;
        }
    }
    return pointer;
}

std::string escaped(const std::string& name) { return pointer_of({"[" + name + "]"}); }

// The text between a known prefix and the closing "'." of valijson's description, or "".
std::string quoted_after(const std::string& description, const std::string& prefix) {
    const auto at = description.find(prefix);
    if (at == std::string::npos || description.size() < at + prefix.size() + 2) return "";
    const auto start = at + prefix.size();
    return description.substr(start, description.size() - 2 - start);
}

const std::string unknown_prefix = "'additionalProperties' constraints: '";
const std::string missing_prefix = "Missing required property '";

// Which error to report first: a missing field, then a field the schema lacks, then a wrong
// value; valijson's summaries of a child's failure ("Failed to validate against schema
// associated with property...") last, as the child's own error says more.
int rank(const std::string& description) {
    if (description.rfind(missing_prefix, 0) == 0) return 0;
    if (description.find(unknown_prefix) != std::string::npos) return 1;
    if (description.rfind("Failed to validate", 0) == 0) return 3;
    return 2;
}

std::vector<std::string> tokens_of(const std::string& pointer) {
    std::vector<std::string> tokens;
    for (size_t at = 0; at < pointer.size() && pointer[at] == '/';) {
        const size_t next = std::min(pointer.find('/', at + 1), pointer.size());
        std::string token = pointer.substr(at + 1, next - at - 1);
        for (size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i)
            token.replace(i, 2, token.compare(i, 2, "~1") == 0 ? "/" : "~");
        tokens.push_back(std::move(token));
        at = next;
    }
    return tokens;
}

std::string type_words(const Json& type) {
    const std::string t = type.is_string() ? type.get<std::string>() : "";
    if (t == "string") return "must be a string";
    if (t == "integer") return "must be an integer";
    if (t == "number") return "must be a number";
    if (t == "boolean") return "must be true or false";
    if (t == "object") return "must be an object";
    if (t == "array") return "must be an array";
    return "has the wrong type";
}

std::string enum_words(const Json& values) {
    std::string words;
    for (const Json& v : values)
        words += (words.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
    return "must be one of " + words;
}

}  // namespace

struct RequestValidator::Compiled {
    valijson::Schema schema;
    // The schema texts again, parsed, to word an error from the schema node of the faulty field.
    std::map<std::string, Json, std::less<>> documents;
    std::string entry_file;
    std::string entry_pointer;

    struct Place {
        const Json* node = nullptr;
        std::string file;
    };

    // Follows $refs ("file.json#/pointer" or "#/pointer") among the folder's files.
    Place resolved(Place place) const {
        for (int hops = 0; hops < 16 && place.node != nullptr && place.node->is_object(); ++hops) {
            const auto ref = place.node->find("$ref");
            if (ref == place.node->end() || !ref->is_string()) return place;
            const std::string text = ref->get<std::string>();
            const auto hash = text.find('#');
            const std::string file = text.substr(0, std::min(hash, text.size()));
            const std::string name = file.empty() ? place.file : file.substr(file.find_last_of('/') + 1);
            const auto document = documents.find(name);
            const Json::json_pointer pointer(hash == std::string::npos ? "" : text.substr(hash + 1));
            if (document == documents.end() || !document->second.contains(pointer)) return {};
            place = {&document->second.at(pointer), name};
        }
        return place;
    }

    Place child(const Place& parent, const std::string& token) const {
        const Json& node = *parent.node;
        if (const auto properties = node.find("properties"); properties != node.end() && properties->contains(token))
            return resolved({&properties->at(token), parent.file});
        if (const auto items = node.find("items"); items != node.end() && items->is_object())
            return resolved({&*items, parent.file});
        return {};
    }

    // The schema node of the request value at `pointer`; a null node when the schema has none.
    Place node_at(const std::string& pointer) const {
        Place place = resolved({&documents.at(entry_file).at(Json::json_pointer(entry_pointer)), entry_file});
        for (const std::string& token : tokens_of(pointer)) {
            if (place.node == nullptr || !place.node->is_object()) return {};
            place = child(place, token);
        }
        return place;
    }

    // A missing object is named by its first required member, recursively (/ins -> /ins/nir):
    // the field the caller must supply, as the handlers name it.
    std::string first_required_leaf(std::string pointer) const {
        for (int depth = 0; depth < 16; ++depth) {
            const Place place = node_at(pointer);
            if (place.node == nullptr || !place.node->is_object()) break;
            const auto required = place.node->find("required");
            if (required == place.node->end() || !required->is_array() || required->empty() ||
                !required->front().is_string())
                break;
            pointer += escaped(required->front().get<std::string>());
        }
        return pointer;
    }

    Error as_invalid_field(const valijson::ValidationResults::Error& error, const std::string& schema_name) const;

    // valijson checks "format": "date" and "date-time" with std::regex patterns that repeat
    // without bound ("^([0-9]+)-..."), and libstdc++'s regex executor recurses once per
    // character such a repetition consumes: a care_date of 60,000 digits overflowed the stack of
    // the application's thread, in the application's process (found by tests/fuzz/json_request).
    // No date is that long: a string longer than this where the schema sets a format is refused
    // before valijson sees it.
    static constexpr size_t max_formatted_length = 64;

    // The pointer of the first such string, if any. Walks the request and the
    // schema together (properties and items, $refs followed), iteratively, only as deep as the
    // schema goes.
    std::optional<std::string> overlong_formatted_string(const Json& request) const {
        struct Step {
            const Json* value;
            Place place;
            std::string pointer;
        };
        std::vector<Step> pending{
            {&request, resolved({&documents.at(entry_file).at(Json::json_pointer(entry_pointer)), entry_file}), ""}};
        while (!pending.empty()) {
            const Step step = std::move(pending.back());
            pending.pop_back();
            if (step.place.node == nullptr || !step.place.node->is_object()) continue;
            if (step.value->is_string()) {
                if (step.value->get_ref<const std::string&>().size() > max_formatted_length &&
                    step.place.node->contains("format"))
                    return step.pointer;
            } else if (step.value->is_object()) {
                for (const auto& [key, member] : step.value->items())
                    pending.push_back({&member, child(step.place, key), step.pointer + escaped(key)});
            } else if (step.value->is_array()) {
                for (size_t i = 0; i < step.value->size(); ++i) {
                    const std::string index = std::to_string(i);
                    pending.push_back({&(*step.value)[i], child(step.place, index), step.pointer + "/" + index});
                }
            }
        }
        return std::nullopt;
    }
};

// One valijson error in our words: the pointer of the field itself (an unknown or missing
// property is named, not the object holding it) and a sentence a developer can act on, taken
// from the schema node of that field (its type, values, pattern and description).
Error RequestValidator::Compiled::as_invalid_field(const valijson::ValidationResults::Error& error,
                                                   const std::string& schema_name) const {
    // Every message ends with the schema that refused it: the caller can read the rule there.
    const std::string by = " [" + schema_name + "]";
    const std::string at = pointer_of(error.context);
    const std::string& d = error.description;
    if (auto unknown = quoted_after(d, unknown_prefix); !unknown.empty())
        return invalid_field(at + escaped(unknown), "is not a field of this request, which allows no other" + by);
    if (auto missing = quoted_after(d, missing_prefix); !missing.empty())
        return invalid_field(first_required_leaf(at + escaped(missing)), "is required" + by);
    const Json* node = node_at(at).node;
    if (node == nullptr || !node->is_object()) return invalid_field(at, d + by);
    const std::string described = node->contains("description") && node->at("description").is_string()
                                      ? ": " + node->at("description").get<std::string>()
                                      : "";
    if (d.rfind("Value type not permitted", 0) == 0 && node->contains("type"))
        return invalid_field(at, type_words(node->at("type")) + by);
    if (d.rfind("Failed to match against any enum values", 0) == 0 && node->contains("enum"))
        return invalid_field(at, enum_words(node->at("enum")) + by);
    if (d.rfind("String should be a valid date", 0) == 0 && node->value("format", "") == "date")
        return invalid_field(at, "is not a calendar date, YYYY-MM-DD" + described + by);
    if (d.rfind("String should be a valid date", 0) == 0)
        return invalid_field(at, "is not a date and time, YYYY-MM-DDTHH:MM:SSZ" + described + by);
    if (d.rfind("Failed to match regex", 0) == 0 && node->contains("pattern"))
        return invalid_field(at, "must match " + node->at("pattern").dump() + described + by);
    return invalid_field(at, d + described + by);
}

RequestValidator::RequestValidator(const RequestSchema& schema)
    : compiled_(std::make_unique<Compiled>()), name_(std::string(schema.folder) + "/" + std::string(schema.file)) {
    compiled_->entry_file = schema.file;
    compiled_->entry_pointer = schema.pointer;
    // An absolute URI (the schemas' own $id form): valijson resolves a relative one at the root
    // against the entry document itself, not through fetch_from.
    const Json entry{{"$ref", "https://guichet.invalid/schemas/" + name_ + "#" + std::string(schema.pointer)}};
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    try {
        parser.populateSchema(
            NlohmannJsonAdapter(entry), compiled_->schema,
            [&](const std::string& uri) { return fetch_from(schema.files, uri); },
            [](const Json* document) { delete document; });
        for (const SchemaFile& f : schema.files) compiled_->documents.emplace(std::string(f.name), Json::parse(f.text));
        compiled_->node_at("");  // throws when the entry pointer is not in the file
    } catch (const std::exception& e) {
        throw std::runtime_error("request schema " + name_ + " does not compile: " + e.what());
    }
}

RequestValidator::~RequestValidator() = default;

void RequestValidator::check(const Json& request) const {
    // A Validator per call: it caches regexes and is not safe to share between threads.
    if (const auto overlong = compiled_->overlong_formatted_string(request))
        throw invalid_field(*overlong, "is too long for a date (at most " +
                                           std::to_string(Compiled::max_formatted_length) + " characters) [" + name_ +
                                           "]");
    valijson::Validator validator;
    valijson::ValidationResults results;
    if (validator.validate(compiled_->schema, NlohmannJsonAdapter(request), &results)) return;
    valijson::ValidationResults::Error first;
    valijson::ValidationResults::Error error;
    for (bool found = false; results.popError(error); found = true)
        if (!found || rank(error.description) < rank(first.description)) first = error;
    throw compiled_->as_invalid_field(first, name_);
}

}  // namespace guichet::toolkit
