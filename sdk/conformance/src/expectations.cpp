#include "expectations.hpp"

#include <guichet/runtime.h>
#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_dsig.hpp>
#include <guichet/toolkit/xml_load.hpp>

#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace guichet::conformance {

namespace {

using Failures = std::vector<std::string>;

// {"pointer", "equals" | "present" | "absent" | "contains"} against a JSON document.
void check_values(const nlohmann::json& checks, const nlohmann::json& document, const std::string& where,
                  Failures& out) {
    for (const auto& c : checks) {
        const std::string pointer = c.value("pointer", "");
        nlohmann::json::json_pointer p(pointer);
        const bool present = document.is_structured() && document.contains(p);
        const std::string at = where + " " + pointer;
        if (c.contains("absent") && c["absent"].get<bool>()) {
            if (present) out.push_back(at + " is present, expected absent");
            continue;
        }
        if (!present) {
            out.push_back(at + " is absent");
            continue;
        }
        const nlohmann::json& value = document.at(p);
        if (c.contains("equals") && value != c["equals"])
            out.push_back(at + " is " + value.dump() + ", expected " + c["equals"].dump());
        if (c.contains("contains") &&
            (!value.is_string() ||
             value.get<std::string>().find(c["contains"].get<std::string>()) == std::string::npos))
            out.push_back(at + " is " + value.dump() + ", expected to contain " + c["contains"].dump());
    }
}

// {"xpath", "present" | "absent" | "equals"} against an XML body (use local-name() for namespaces).
void check_xpaths(const nlohmann::json& checks, const std::string& body, const std::string& where, Failures& out) {
    pugi::xml_document doc;
    if (const auto problem = toolkit::load_xml(doc, body)) {
        out.push_back(where + " is not well-formed XML: " + *problem);
        return;
    }
    for (const auto& c : checks) {
        const std::string xpath = c.value("xpath", "");
        pugi::xpath_node found;
        try {
            found = doc.select_node(xpath.c_str());
        } catch (const pugi::xpath_exception& e) {
            out.push_back(where + " xpath " + xpath + " is invalid: " + e.what());
            continue;
        }
        if (c.value("absent", false)) {
            if (found) out.push_back(where + " " + xpath + " is present, expected absent");
        } else if (!found) {
            out.push_back(where + " " + xpath + " is absent");
        } else if (c.contains("equals")) {
            const std::string text = found.node() ? found.node().text().get() : found.attribute().value();
            if (text != c["equals"].get<std::string>())
                out.push_back(where + " " + xpath + " is \"" + text + "\", expected " + c["equals"].dump());
        }
    }
}

// The SOAP Body's payload as a standalone document (namespaces it inherits included).
std::optional<std::pair<std::string, std::string>> soap_payload(const std::string& envelope_text,
                                                                std::string& problem) {
    pugi::xml_document doc;
    if (const auto p = toolkit::load_xml(doc, envelope_text)) {
        problem = "is not XML: " + *p;
        return std::nullopt;
    }
    const pugi::xml_node body = toolkit::child_by_local_name(toolkit::document_element(doc), "Body");
    pugi::xml_node payload;
    for (pugi::xml_node c : body.children())
        if (c.type() == pugi::node_element) {
            payload = c;
            break;
        }
    if (!payload) {
        problem = "has no SOAP Body payload";
        return std::nullopt;
    }
    return std::make_pair(toolkit::namespace_uri(payload, toolkit::name_prefix(payload.name())),
                          toolkit::standalone_xml(payload));
}

// The first SAML Assertion of the request's WS-Security header: the VIHF, as the services read it
// (an ApCV assertion may follow it).
pugi::xml_node vihf_of(const pugi::xml_document& doc) {
    const pugi::xml_node header = toolkit::child_by_local_name(toolkit::document_element(doc), "Header");
    for (pugi::xml_node c : toolkit::child_by_local_name(header, "Security").children())
        if (c.type() == pugi::node_element && toolkit::local_name(c.name()) == "Assertion") return c;
    return {};
}

// "request_signatures_valid": every signature valid (enveloped, on its own parent), and the VIHF
// the services read is the very node a valid signature covers — a request whose VIHF is not
// the signed element (signature wrapping, even by mistake) does not conform.
void check_request_signatures(const std::string& request, const std::string& where, const std::string& trusted_pem,
                              Failures& out) {
    pugi::xml_document doc;
    if (const auto problem = toolkit::load_xml(doc, request)) {
        out.push_back(where + " request is not XML: " + *problem);
        return;
    }
    toolkit::VerifyOptions options;
    options.trusted_pem = trusted_pem;
    const auto verdicts = toolkit::verify_signatures(doc, options);
    if (verdicts.empty()) out.push_back(where + " request carries no signature");
    bool vihf_signed = false;
    const pugi::xml_node vihf = vihf_of(doc);
    for (const auto& v : verdicts) {
        if (!v.valid) out.push_back(where + " request signature " + v.reference + " invalid: " + v.detail);
        vihf_signed = vihf_signed || (v.valid && v.signed_element == vihf);
    }
    if (vihf && !vihf_signed)
        out.push_back(where +
                      " request VIHF (first Assertion of the Security header) is not the element a valid "
                      "signature covers");
}

void check_exchange(const nlohmann::json& expect, const nlohmann::json& exchange, const std::string& where,
                    const WireReferences& references, Failures& out) {
    for (const char* field : {"status", "fault", "injected", "service", "operation"})
        if (expect.contains(field) && exchange[field] != expect[field])
            out.push_back(where + " " + field + " is " + exchange[field].dump() + ", expected " + expect[field].dump());
    if (expect.contains("client_contains") &&
        exchange["client"].get<std::string>().find(expect["client_contains"].get<std::string>()) == std::string::npos)
        out.push_back(where + " client " + exchange["client"].dump() + " lacks " + expect["client_contains"].dump());
    for (const char* side : {"request", "response"}) {
        const std::string body = exchange[side].get<std::string>();
        if (expect.contains(side)) {
            const auto parsed = nlohmann::json::parse(body, nullptr, false);
            if (parsed.is_discarded())
                out.push_back(where + " " + side + " is not JSON");
            else
                check_values(expect[side], parsed, where + " " + side, out);
        }
        // "request_excludes": strings that must not appear anywhere in the exchanged text
        // (e.g. an INS that must not leave the practice).
        const std::string excludes_key = std::string(side) + "_excludes";
        if (expect.contains(excludes_key))
            for (const auto& unwanted : expect[excludes_key])
                if (body.find(unwanted.get<std::string>()) != std::string::npos)
                    out.push_back(where + " " + side + " contains " + unwanted.dump() + ", which must not be sent");
        const std::string xpath_key = std::string(side) + "_xpath";
        if (expect.contains(xpath_key)) check_xpaths(expect[xpath_key], body, where + " " + side, out);
    }
    for (const char* side : {"request", "response"}) {
        if (!expect.value(std::string(side) + "_schema_valid", false)) continue;
        std::string problem;
        const auto payload = soap_payload(exchange[side].get<std::string>(), problem);
        if (!payload) {
            out.push_back(where + " " + side + " " + problem);
        } else if (!references.schemas || !references.schemas->covers(payload->first)) {
            out.push_back(where + " " + side + " payload namespace " + payload->first +
                          " has no schema to check against");
        } else if (const auto invalid = references.schemas->validate(payload->first, payload->second)) {
            out.push_back(where + " " + side + " payload is not schema-valid: " + *invalid);
        }
    }
    if (expect.value("request_signatures_valid", false))
        check_request_signatures(exchange["request"].get<std::string>(), where, references.trusted_pem, out);
}

}  // namespace

guichet_status status_from_name(const std::string& name) {
    static const std::map<std::string, guichet_status> names = [] {
        std::map<std::string, guichet_status> m;
        for (guichet_status s = 0; s < 1000; ++s) {
            const std::string n = guichet_status_name(s);
            if (n != "GUICHET_UNKNOWN_STATUS") m[n] = s;
        }
        return m;
    }();
    const auto it = names.find(name);
    if (it == names.end()) throw std::invalid_argument("unknown status name '" + name + "'");
    return it->second;
}

namespace {

// {"state", "attempts", "answer": [pointer checks on the recorded answer]}.
void check_outbox(const nlohmann::json& expect, const nlohmann::json& entry, Failures& out) {
    if (!entry.is_object()) {
        out.push_back("outbox: no submission recorded by this scenario");
        return;
    }
    if (expect.contains("state") && entry.value("state", "") != expect["state"].get<std::string>())
        out.push_back("outbox: state is \"" + entry.value("state", "") + "\", expected " + expect["state"].dump() +
                      (entry.contains("last_error") ? " (last error: " + entry["last_error"].dump() + ")" : ""));
    if (expect.contains("attempts") && entry.value("attempts", -1) != expect["attempts"].get<int>())
        out.push_back("outbox: " + std::to_string(entry.value("attempts", -1)) + " attempt(s), expected " +
                      expect["attempts"].dump());
    if (expect.contains("answer")) {
        const auto answer = entry.find("answer");
        if (answer == entry.end() || answer->is_null())
            out.push_back("outbox: no recorded answer to check");
        else
            check_values(expect["answer"], *answer, "outbox answer", out);
    }
}

// {"count", "accepted", "refused", "replays"}: what the sandbox's submission ledger recorded.
void check_submissions(const nlohmann::json& expect, const nlohmann::json& ledger, Failures& out) {
    const auto count = [&ledger]() -> int64_t {
        const auto it = ledger.find("submissions");
        return it != ledger.end() && it->is_array() ? static_cast<int64_t>(it->size()) : 0;
    };
    for (const auto& [key, wanted] : expect.items()) {
        const int64_t actual = key == "count" ? count() : ledger.value(key, int64_t{-1});
        if (actual != wanted.get<int64_t>())
            out.push_back("sandbox submissions: " + key + " is " + std::to_string(actual) + ", expected " +
                          wanted.dump());
    }
}

}  // namespace

std::vector<std::string> check_step(const nlohmann::json& expect, const StepObservation& seen,
                                    const WireReferences& references) {
    Failures out;
    // 1. The answer given to the host.
    const guichet_status wanted = status_from_name(expect["status"].get<std::string>());
    if (seen.status != wanted)
        out.push_back(std::string("status is ") + guichet_status_name(seen.status) + ", expected " +
                      guichet_status_name(wanted) +
                      (seen.error_message.empty() ? "" : " (" + seen.error_message + ")"));
    if (expect.contains("answer")) {
        if (seen.answer.is_null())
            out.push_back("no answer to check");
        else
            check_values(expect["answer"], seen.answer, "answer", out);
    }
    if (expect.contains("error")) {
        const auto& e = expect["error"];
        if (e.contains("field") && seen.error_field != e["field"].get<std::string>())
            out.push_back("error field is \"" + seen.error_field + "\", expected " + e["field"].dump());
        if (e.contains("message_contains") &&
            seen.error_message.find(e["message_contains"].get<std::string>()) == std::string::npos)
            out.push_back("error message \"" + seen.error_message + "\" lacks " + e["message_contains"].dump());
        if (e.contains("remote_code") && seen.error_remote_code != e["remote_code"].get<std::string>())
            out.push_back("remote code is \"" + seen.error_remote_code + "\", expected " + e["remote_code"].dump());
        if (e.contains("http_status") && seen.error_http_status != e["http_status"].get<int>())
            out.push_back("error HTTP status is " + std::to_string(seen.error_http_status) + ", expected " +
                          e["http_status"].dump());
        if (e.contains("retryable") && seen.error_retryable != e["retryable"].get<bool>())
            out.push_back(std::string("error retryable is ") + (seen.error_retryable ? "true" : "false"));
    }
    // 2. The messages on the wire.
    if (expect.contains("wire")) {
        const auto& wire = expect["wire"];
        if (wire.contains("count") && seen.exchanges.size() != wire["count"].get<size_t>())
            out.push_back("wire: " + std::to_string(seen.exchanges.size()) + " exchange(s), expected " +
                          wire["count"].dump());
        const auto& exchanges = wire.value("exchanges", nlohmann::json::array());
        for (size_t i = 0; i < exchanges.size(); ++i) {
            const size_t index = exchanges[i].value("index", i);
            const std::string where = "wire exchange " + std::to_string(index);
            if (index >= seen.exchanges.size())
                out.push_back(where + " did not happen");
            else
                check_exchange(exchanges[i], seen.exchanges[index], where, references, out);
        }
    }
    // 3. Side effects.
    if (expect.contains("outbox")) check_outbox(expect["outbox"], seen.outbox, out);
    if (expect.contains("sandbox") && expect["sandbox"].contains("submissions"))
        check_submissions(expect["sandbox"]["submissions"], seen.submissions, out);
    if (expect.contains("sandbox") && expect["sandbox"].contains("injected_pending") &&
        seen.injected_pending != expect["sandbox"]["injected_pending"].get<size_t>())
        out.push_back("sandbox: " + std::to_string(seen.injected_pending) + " injected answer(s) pending, expected " +
                      expect["sandbox"]["injected_pending"].dump());
    return out;
}

}  // namespace guichet::conformance
