#pragma once
// The one strict reader of the session document (docs/sessions.md), used by the host when the
// session opens and by the toolkit when a plugin instance is created.
//
// Every member the document defines is checked for its type, and an enumerated one for its
// value, whether or not the reader needs it now: a wrong member is GUICHET_E_INVALID_ARGUMENT
// naming it by JSON pointer ("/authentication_mode"), found when the session opens, and never a
// JSON library exception surfacing as GUICHET_E_INTERNAL in the middle of a call.
// Presence is not checked here: which members are required depends on the service and on the
// authentication mode, so whoever needs a member requires it where it reads it.
// A null member reads as absent (as in requests); members the document does not define are left
// alone (a vendor may keep its own there).
#include "json_text.hpp"

#include <guichet/types.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace guichet::common {

enum class AuthenticationMode { card, structure, automated };

inline std::string_view authentication_mode_name(AuthenticationMode mode) {
    switch (mode) {
        case AuthenticationMode::card:
            return "card";
        case AuthenticationMode::structure:
            return "structure";
        case AuthenticationMode::automated:
            return "automated";
    }
    return "card";
}

/** A coded value (profession, specialty); its parts are required by whoever reads them. */
struct SessionCode {
    std::optional<std::string> code;
    std::optional<std::string> code_system;
    std::optional<std::string> display_name;
};

struct SessionProfessional {
    std::optional<std::string> national_id;
    std::optional<std::string> given_name;
    std::optional<std::string> family_name;
    std::optional<SessionCode> profession;
    std::optional<SessionCode> specialty;
};

struct SessionStructure {
    std::optional<std::string> id;
    std::optional<std::string> activity_sector;
};

/** The members of the session document, each of the type docs/sessions.md gives it. */
struct SessionDocument {
    // Read by the host.
    nlohmann::json identities = nlohmann::json::object();  ///< name -> description (the host loads each)
    std::optional<std::string> tls_identity;
    std::optional<std::string> signing_identity;
    std::map<std::string, std::string> endpoints;  ///< service id -> base URL, never empty
    /** service id -> URL used instead of `endpoints` when authentication_mode is "structure"
     *  (INSi has two endpoints: card mode, and structure mode over mutual TLS). */
    std::map<std::string, std::string> structure_endpoints;
    std::optional<std::string> ca_bundle;
    // Read by the plugins (vihf/1, INSi, ADRi...).
    std::optional<AuthenticationMode> authentication_mode;
    SessionProfessional professional;
    SessionStructure structure;
    std::optional<std::string> dmp_homologation;
    std::optional<int64_t> vitale_choice_max_age_s;  ///< positive
};

/** What reading found, as pugixml's xml_parse_result: converts to true when the document is valid. */
struct SessionReadResult {
    guichet_status status = GUICHET_OK;
    std::string message;  ///< "session context: /authentication_mode must be ..."
    std::string field;    ///< JSON pointer of the faulty member, or empty
    explicit operator bool() const { return status == GUICHET_OK; }
};

/** A member name as a JSON pointer token: "~" is written "~0" and "/" is written "~1". */
inline std::string escape_pointer_token(std::string_view token) {
    std::string out;
    for (const char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

namespace session_reading {

// Unwinds from the member that is wrong to read_session_document, which makes it a result.
struct Wrong {
    std::string field;
    std::string problem;
};

// The member `name` of `parent`, or null when absent or null.
inline const nlohmann::json* member(const nlohmann::json& parent, const char* name) {
    const auto it = parent.find(name);
    return it == parent.end() || it->is_null() ? nullptr : &*it;
}

inline std::optional<std::string> text(const nlohmann::json& parent, const char* name, const std::string& pointer) {
    const nlohmann::json* value = member(parent, name);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) throw Wrong{pointer, "must be a string"};
    return value->get<std::string>();
}

inline const nlohmann::json& object(const nlohmann::json& parent, const char* name, const std::string& pointer) {
    static const nlohmann::json empty = nlohmann::json::object();
    const nlohmann::json* value = member(parent, name);
    if (value == nullptr) return empty;
    if (!value->is_object()) throw Wrong{pointer, "must be an object"};
    return *value;
}

inline std::optional<SessionCode> code(const nlohmann::json& parent, const char* name, const std::string& pointer) {
    if (member(parent, name) == nullptr) return std::nullopt;
    const nlohmann::json& value = object(parent, name, pointer);
    return SessionCode{text(value, "code", pointer + "/code"), text(value, "code_system", pointer + "/code_system"),
                       text(value, "display_name", pointer + "/display_name")};
}

inline std::map<std::string, std::string> endpoints(const nlohmann::json& document, const char* name) {
    const std::string pointer = std::string("/") + name;
    std::map<std::string, std::string> out;
    for (const auto& [service, url] : object(document, name, pointer).items()) {
        if (!url.is_string() || url.get<std::string>().empty())
            throw Wrong{pointer + "/" + escape_pointer_token(service), "must be a URL"};
        out[service] = url.get<std::string>();
    }
    return out;
}

inline std::optional<AuthenticationMode> authentication_mode(const nlohmann::json& document) {
    const auto mode = text(document, "authentication_mode", "/authentication_mode");
    if (!mode) return std::nullopt;
    for (const auto m : {AuthenticationMode::card, AuthenticationMode::structure, AuthenticationMode::automated})
        if (*mode == authentication_mode_name(m)) return m;
    throw Wrong{"/authentication_mode", "must be \"card\", \"structure\" or \"automated\""};
}

inline SessionProfessional professional(const nlohmann::json& document) {
    const nlohmann::json& p = object(document, "professional", "/professional");
    return {text(p, "national_id", "/professional/national_id"), text(p, "given_name", "/professional/given_name"),
            text(p, "family_name", "/professional/family_name"), code(p, "profession", "/professional/profession"),
            code(p, "specialty", "/professional/specialty")};
}

inline SessionStructure structure(const nlohmann::json& document) {
    const nlohmann::json& s = object(document, "structure", "/structure");
    return {text(s, "id", "/structure/id"), text(s, "activity_sector", "/structure/activity_sector")};
}

inline std::optional<int64_t> positive_seconds(const nlohmann::json& document, const char* name) {
    const nlohmann::json* value = member(document, name);
    if (value == nullptr) return std::nullopt;
    const std::string pointer = std::string("/") + name;
    if (!value->is_number_integer()) throw Wrong{pointer, "must be a whole number of seconds"};
    const auto seconds = value->get<int64_t>();
    if (seconds <= 0) throw Wrong{pointer, "must be a positive number of seconds"};
    return seconds;
}

inline SessionDocument members(const nlohmann::json& document) {
    SessionDocument out;
    out.identities = object(document, "identities", "/identities");
    out.tls_identity = text(document, "tls_identity", "/tls_identity");
    out.signing_identity = text(document, "signing_identity", "/signing_identity");
    out.endpoints = endpoints(document, "endpoints");
    out.structure_endpoints = endpoints(document, "structure_endpoints");
    out.ca_bundle = text(document, "ca_bundle", "/ca_bundle");
    out.authentication_mode = authentication_mode(document);
    out.professional = professional(document);
    out.structure = structure(document);
    out.dmp_homologation = text(document, "dmp_homologation", "/dmp_homologation");
    out.vitale_choice_max_age_s = positive_seconds(document, "vitale_choice_max_age_s");
    return out;
}

}  // namespace session_reading

/** Reads `text` (empty reads as {}) into `out`; on failure `out` is left unchanged. */
inline SessionReadResult read_session_document(std::string_view text, SessionDocument& out) {
    nlohmann::json document = nlohmann::json::object();
    if (!text.empty()) {
        if (const auto problem = parse_json_text(text, document))
            return {GUICHET_E_INVALID_ARGUMENT, "session context: " + problem->message, problem->field};
    }
    if (!document.is_object()) return {GUICHET_E_INVALID_ARGUMENT, "session context must be a JSON object", ""};
    try {
        out = session_reading::members(document);
    } catch (const session_reading::Wrong& wrong) {
        return {GUICHET_E_INVALID_ARGUMENT, "session context: " + wrong.field + " " + wrong.problem, wrong.field};
    }
    return {};
}

}  // namespace guichet::common
