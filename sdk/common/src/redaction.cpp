#include <guichet/common/redaction.hpp>

#include <regex>

namespace guichet::common {

namespace {

// std::regex (ECMAScript) has no look-behind: the character before a match is captured in
// group 1 and written back. `\b` is not used as a boundary because `_` and letters are word
// characters: "1984-12-03T10:00" and "184127512345678_" escaped it. A digit on either side
// still stops a match (a longer number is not a NIR).
const std::regex& patient_number_or_date() {
    // NIR: sex digit (1-4, 7, 8 for NIA), year, month, department (digits or 2A/2B), commune,
    // order, optional key, optionally spaced as printed on cards. Dates: YYYY-MM-DD (with its
    // time part when it has one), DD/MM/YYYY. Every repetition is bounded (fractions of a second
    // to nine digits): an unbounded one recurses per character in libstdc++ (see below).
    static const std::regex pattern(
        R"((^|[^0-9]))"
        R"(([1-478] ?\d{2} ?\d{2} ?(\d{2}|2[AaBb]) ?\d{3} ?\d{3}( ?\d{2})?)"
        R"(|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?|\d{2}/\d{2}/\d{4})(?![0-9]))",
        std::regex::optimize);
    return pattern;
}

// Names cannot be recognised in prose, but they can where they travel: the elements of the
// INSi/ADRi messages and the keys of our JSON requests and answers. They are found by hand, not
// with std::regex: libstdc++'s regex executor recurses once per character a repetition consumes,
// so `[^<]*` over a 30 KB name overflowed the stack (the sandbox died journaling such a request;
// found by tests/fuzz/sandbox_request). The scans below are iterative and linear.
constexpr std::string_view name_xml_elements[] = {"NomNaissance", "NomUsage",    "NomUtilise",
                                                  "Prenom",       "ListePrenom", "PrenomUtilise"};
constexpr std::string_view name_json_keys[] = {"birth_name",  "used_name",  "first_name_used",
                                               "first_names", "first_name", "last_name"};

bool is_one_of(std::string_view word, const auto& words) {
    for (const std::string_view w : words)
        if (word == w) return true;
    return false;
}

// ECMAScript's \s, as the former pattern had it.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_prefix_character(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

// `<(prefix:)?Name( attributes)?>text</` with Name one of name_xml_elements: the text becomes
// the mark (text holding another tag, a comment say, is left as it is).
std::string redact_xml_names(std::string_view text, std::string_view mark) {
    std::string out;
    out.reserve(text.size());
    size_t copied = 0;
    for (size_t open = text.find('<'); open != std::string_view::npos; open = text.find('<', open + 1)) {
        size_t name_end = open + 1;
        while (name_end < text.size() && is_prefix_character(text[name_end])) ++name_end;
        std::string_view name = text.substr(open + 1, name_end - open - 1);
        if (name_end < text.size() && text[name_end] == ':' && !name.empty()) {  // a prefix: the name follows
            const size_t local = name_end + 1;
            name_end = local;
            while (name_end < text.size() && is_prefix_character(text[name_end])) ++name_end;
            name = text.substr(local, name_end - local);
        }
        if (!is_one_of(name, name_xml_elements) || name_end >= text.size()) continue;
        size_t tag_end = name_end;
        if (is_space(text[tag_end])) tag_end = text.find('>', tag_end);
        if (tag_end == std::string_view::npos) break;  // no '>' left: no element either (and no rescans)
        if (text[tag_end] != '>') continue;
        const size_t value_end = text.find('<', tag_end + 1);
        if (value_end == std::string_view::npos) break;
        if (value_end + 1 >= text.size() || text[value_end + 1] != '/') continue;
        out.append(text.substr(copied, tag_end + 1 - copied)).append(mark);
        copied = value_end;
        open = value_end;
    }
    return out.append(text.substr(copied));
}

// The end of the JSON string starting at `quote`, past its closing quote; npos when unterminated.
size_t json_string_end(std::string_view text, size_t quote) {
    for (size_t at = quote + 1; at < text.size(); ++at) {
        if (text[at] == '\\')
            ++at;
        else if (text[at] == '"')
            return at + 1;
    }
    return std::string_view::npos;
}

size_t skip_spaces(std::string_view text, size_t at) {
    while (at < text.size() && is_space(text[at])) ++at;
    return at;
}

// The end of a string value, or of an array of strings (`[ "a" , "b" ,]`, as loosely as the
// former pattern); npos when the value is neither.
size_t json_name_value_end(std::string_view text, size_t at) {
    if (at >= text.size()) return std::string_view::npos;
    if (text[at] == '"') return json_string_end(text, at);
    if (text[at] != '[') return std::string_view::npos;
    for (at = skip_spaces(text, at + 1); at < text.size() && text[at] == '"'; at = skip_spaces(text, at)) {
        at = skip_spaces(text, json_string_end(text, at));
        if (at >= text.size()) return std::string_view::npos;  // unterminated (npos) or cut short
        if (text[at] == ',') ++at;
    }
    return at < text.size() && text[at] == ']' ? at + 1 : std::string_view::npos;
}

// `"key": value` with key one of name_json_keys and a string or array-of-strings value: the
// value becomes the mark, as a string.
std::string redact_json_names(std::string_view text, std::string_view mark) {
    std::string out;
    out.reserve(text.size());
    size_t copied = 0;
    size_t quote = text.find('"');
    while (quote != std::string_view::npos) {
        const size_t key_end = json_string_end(text, quote);
        if (key_end == std::string_view::npos) break;  // no closing quote anywhere after
        const size_t colon = skip_spaces(text, key_end);
        if (is_one_of(text.substr(quote + 1, key_end - quote - 2), name_json_keys) && colon < text.size() &&
            text[colon] == ':') {
            const size_t value = skip_spaces(text, colon + 1);
            if (const size_t value_end = json_name_value_end(text, value); value_end != std::string_view::npos) {
                out.append(text.substr(copied, value - copied)).append("\"").append(mark).append("\"");
                copied = value_end;
                quote = text.find('"', value_end);
                continue;
            }
        }
        // Any quote may open a key, as the former pattern searched: text that is not JSON (a log
        // line with a stray quote) must not hide the key that follows.
        quote = text.find('"', quote + 1);
    }
    return out.append(text.substr(copied));
}

}  // namespace

std::string redact_patient_data(std::string_view text) {
    const std::string out = redact_json_names(redact_xml_names(text, redacted_mark), redacted_mark);
    return std::regex_replace(out, patient_number_or_date(), "$1" + std::string(redacted_mark));
}

}  // namespace guichet::common
