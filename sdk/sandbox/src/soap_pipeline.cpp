#include "soap_pipeline.hpp"

#include "soap_fault.hpp"

#include <guichet/contracts/cnam.hpp>
#include <guichet/contracts/saml.hpp>
#include <guichet/contracts/soap12.hpp>
#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/utc_time.hpp>
#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_dsig.hpp>
#include <guichet/toolkit/xml_load.hpp>

#include <sstream>

namespace guichet::sandbox {

namespace tk = guichet::toolkit;
namespace soap12 = guichet::contracts::soap12;
namespace wsa = guichet::contracts::wsa;
namespace cnam = guichet::contracts::cnam;
namespace saml = guichet::contracts::saml;

namespace {

// Each step returns the refusal to answer, or nothing when the request may go on.
using Refusal = std::optional<HttpAnswer>;

std::string qualified_namespace(pugi::xml_node node) { return tk::namespace_uri(node, tk::name_prefix(node.name())); }

pugi::xml_node child_in(pugi::xml_node parent, const char* local, const char* ns) {
    for (pugi::xml_node c : parent.children())
        if (c.type() == pugi::node_element && tk::local_name(c.name()) == local && qualified_namespace(c) == ns)
            return c;
    return {};
}

// The whole text of an element, every text piece joined. Without comment parsing, pugixml keeps
// "admin<!---->.evil" as two text nodes where C14N (and so the signature) sees "admin.evil":
// reading only the first one would consume a value nobody signed.
std::string whole_text(pugi::xml_node element) {
    std::string text;
    for (pugi::xml_node c : element.children())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) text += c.value();
    return text;
}

std::string attribute_value(pugi::xml_node statement, const std::string& name) {
    for (pugi::xml_node a : statement.children())
        if (tk::local_name(a.name()) == "Attribute" && name == a.attribute("Name").value())
            return whole_text(tk::child_by_local_name(a, "AttributeValue"));
    return {};
}

// A Sender refusal; `explanation` (a validation error, a signature problem) goes into the
// siram:Erreur text after the reason, the Erreur's code being the subcode.
HttpAnswer sender(const std::string& subcode, const std::string& reason, const std::string& explanation = {}) {
    return soap_fault_answer(CnamFault{
        soap12::fault_sender, subcode, reason, {}, {}, explanation.empty() ? "" : reason + " : " + explanation});
}

HttpAnswer malformed(const std::string& why, const std::string& explanation = {}) {
    return sender(cnam::malformed_request, "Message SOAP mal forme: " + why, explanation);
}

// siram_100 with its detail code, as the real services refuse access.
HttpAnswer access_refused(const std::string& detail_code, const std::string& reason) {
    return soap_fault_answer(CnamFault{soap12::fault_sender, cnam::access_refused, reason, detail_code, {}, {}});
}

// 1. A SOAP 1.2 envelope, posted as such, with a Header and a non-empty Body.
Refusal check_envelope(const HttpRequestIn& request, SoapCall& call, pugi::xml_node& header) {
    if (request.method != "POST") return sender(cnam::malformed_request, "Methode HTTP non acceptee: POST attendu");
    const std::string content_type = request.header("Content-Type").value_or("");
    if (content_type.find(soap12::content_type) == std::string::npos)
        return sender(cnam::malformed_request,
                      "Content-Type application/soap+xml attendu (SOAP 1.2), recu: " + content_type);
    if (const auto problem = tk::load_xml(*call.document, request.body)) return malformed(*problem);
    const pugi::xml_node envelope = tk::document_element(*call.document);
    if (tk::local_name(envelope.name()) != "Envelope") return malformed("Envelope attendu");
    if (qualified_namespace(envelope) == soap12::soap11_envelope_namespace)
        return soap_fault_answer(soap12::fault_version_mismatch, "", "SOAP 1.2 attendu (espace de noms SOAP 1.1 recu)");
    if (qualified_namespace(envelope) != soap12::envelope_namespace)
        return malformed("espace de noms de l'enveloppe inconnu");
    header = child_in(envelope, "Header", soap12::envelope_namespace);
    const pugi::xml_node body = child_in(envelope, "Body", soap12::envelope_namespace);
    if (!header || !body) return malformed("Header et Body attendus");
    for (pugi::xml_node c : body.children())
        if (c.type() == pugi::node_element) {
            call.payload = c;
            break;
        }
    if (!call.payload) return malformed("Body vide");
    return std::nullopt;
}

// 2. WS-Addressing: an action this service knows, and a message id to relate the answer to.
Refusal check_addressing(pugi::xml_node header, const SoapServiceRules& rules, SoapCall& call) {
    const pugi::xml_node action = child_in(header, "Action", wsa::namespace_uri);
    const pugi::xml_node message_id = child_in(header, "MessageID", wsa::namespace_uri);
    if (!action) return sender(wsa::header_required, "En-tete wsa:Action absent");
    if (!message_id || std::string(message_id.text().get()).empty())
        return sender(wsa::header_required, "En-tete wsa:MessageID absent");
    call.action = action.text().get();
    call.message_id = message_id.text().get();
    const auto operation = rules.actions.find(call.action);
    if (operation == rules.actions.end())
        return sender(wsa::action_not_supported, "Action non supportee: " + call.action);
    call.operation = operation->second;
    return std::nullopt;
}

// 3. ContexteLPS: valid against CTXLPS v01.00 when that schema is loaded (its Version attribute
//    is required), and the software's authorisation number (IDAM) must be known.
Refusal check_context_lps(pugi::xml_node header, const SoapPipelineConfig& config, SoapCall& call) {
    const pugi::xml_node context = child_in(header, "ContexteLPS", cnam::ctxlps_namespace);
    if (context && config.schemas != nullptr)
        if (const auto problem = config.schemas->validate(cnam::ctxlps_namespace, tk::standalone_xml(context)))
            return malformed("ContexteLPS non conforme", *problem);
    const pugi::xml_node idam = tk::child_by_local_name(tk::child_by_local_name(context, "LPS"), "IDAM");
    call.authorisation_number = idam.text().get();
    if (!context || call.authorisation_number.empty() ||
        config.authorisation_numbers.count(call.authorisation_number) == 0)
        return access_refused(cnam::unknown_software_detail, cnam::reason::unknown_software);
    return std::nullopt;
}

// 3b. ContexteBAM, where the service's WSDL binds it.
Refusal check_context_bam(pugi::xml_node header, const SoapServiceRules& rules, const SoapPipelineConfig& config,
                          SoapCall& call) {
    call.context_bam = child_in(header, "ContexteBAM", cnam::ctxbam_namespace);
    if (!rules.context_bam_required) return std::nullopt;
    if (!call.context_bam) return malformed("en-tete ContexteBAM absent");
    if (config.schemas != nullptr)
        if (const auto problem = config.schemas->validate(cnam::ctxbam_namespace, tk::standalone_xml(call.context_bam)))
            return malformed("ContexteBAM non conforme", *problem);
    return std::nullopt;
}

// The CN of an RFC 2253 subject ("CN=INSI-AUTO,OU=...,O=...,C=FR"), unescaped commas aside.
std::string common_name(const std::string& subject) {
    size_t at = 0;
    while (at < subject.size()) {
        const size_t end = subject.find(',', at);
        const std::string rdn = subject.substr(at, end == std::string::npos ? std::string::npos : end - at);
        if (rdn.rfind("CN=", 0) == 0) return rdn.substr(3);
        if (end == std::string::npos) break;
        at = end + 1;
    }
    return {};
}

bool structure_endpoint(const HttpRequestIn& request, const SoapServiceRules& rules) {
    return rules.structure_certificate_replaces_vihf && request.listener == mutual_tls_listener;
}

// 3c. On a structure endpoint, the organisation certificate's CN must be exactly one of the
//     service's (INSI-AUTO, INSI-MANU): "CN=INSI-AUTOMATE" is not INSI-AUTO.
Refusal check_structure_certificate(const HttpRequestIn& request, const SoapServiceRules& rules) {
    if (!structure_endpoint(request, rules)) return std::nullopt;
    const std::string cn = common_name(request.client_subject);
    for (const auto& allowed : rules.structure_common_names)
        if (cn == allowed) return std::nullopt;
    return access_refused(cnam::insufficient_rights_detail,
                          "Certificat de structure non habilite a acceder au teleservice (CN " + cn + ")");
}

Refusal signature_refusal(const tk::SignatureVerdict& verdict) {
    if (verdict.valid) return std::nullopt;
    switch (verdict.problem) {
        case tk::SignatureProblem::certificate_expired:
        case tk::SignatureProblem::certificate_not_yet_valid:
            return sender(cnam::assertion_out_of_window,
                          "Certificat du signataire du VIHF hors de sa periode de validite", verdict.detail);
        case tk::SignatureProblem::untrusted:
            return sender(cnam::assertion_untrusted_signer, "Signataire du VIHF non reconnu", verdict.detail);
        default:
            return sender(cnam::assertion_bad_signature, "Signature du VIHF invalide", verdict.detail);
    }
}

struct ValidityWindow {
    std::optional<int64_t> not_before;
    std::optional<int64_t> not_on_or_after;
    std::string described;
};

// Conditions is optional in SAML 2.0 (minOccurs="0"): without it, the assertion is valid from
// its IssueInstant for the configured lifetime.
ValidityWindow validity_window(pugi::xml_node assertion, int64_t lifetime_seconds) {
    const pugi::xml_node conditions = tk::child_by_local_name(assertion, "Conditions");
    if (conditions) {
        const char* from = conditions.attribute("NotBefore").value();
        const char* until = conditions.attribute("NotOnOrAfter").value();
        return {tk::parse_utc_timestamp(from), tk::parse_utc_timestamp(until),
                std::string("NotBefore=") + from + " NotOnOrAfter=" + until};
    }
    const char* issued = assertion.attribute("IssueInstant").value();
    const auto issue_instant = tk::parse_utc_timestamp(issued);
    if (!issue_instant) return {std::nullopt, std::nullopt, std::string("IssueInstant=") + issued};
    return {issue_instant, *issue_instant + lifetime_seconds,
            std::string("IssueInstant=") + issued + " + " + std::to_string(lifetime_seconds) + " s"};
}

Refusal window_refusal(pugi::xml_node assertion, int64_t now_unix, int64_t lifetime_seconds) {
    const ValidityWindow window = validity_window(assertion, lifetime_seconds);
    if (!window.not_before || !window.not_on_or_after)
        return sender(cnam::assertion_bad_signature, "VIHF sans periode de validite lisible", window.described);
    if (now_unix < *window.not_before || now_unix >= *window.not_on_or_after)
        return sender(cnam::assertion_out_of_window, "VIHF expire ou pas encore valide", window.described);
    return std::nullopt;
}

VihfSummary summarise(pugi::xml_node assertion) {
    VihfSummary summary;
    summary.name_id = whole_text(tk::child_by_local_name(tk::child_by_local_name(assertion, "Subject"), "NameID"));
    const pugi::xml_node statement = tk::child_by_local_name(assertion, "AttributeStatement");
    summary.subject_id = attribute_value(statement, saml::subject_id);
    summary.authentication_mode = attribute_value(statement, saml::authentication_mode);
    summary.resource_id = attribute_value(statement, saml::resource_id);
    return summary;
}

// The VIHF's own signature: the ds:Signature child of the assertion, which must cover that very
// assertion. Returns the signed node, the only one the pipeline reads from then on: a forged
// assertion carrying a moved signature, or wrapped around the genuine one, is refused here.
Refusal signed_assertion(pugi::xml_node assertion, const SoapPipelineConfig& config, int64_t now_unix,
                         pugi::xml_node& signed_node) {
    pugi::xml_node signature;
    for (pugi::xml_node c : assertion.children()) {
        if (tk::local_name(c.name()) != "Signature" || qualified_namespace(c) != tk::dsig_namespace) continue;
        if (signature) return sender(cnam::assertion_bad_signature, "Signature du VIHF invalide", "deux signatures");
        signature = c;
    }
    if (!signature) return sender(cnam::assertion_bad_signature, "Signature du VIHF invalide", "VIHF non signe");
    tk::VerifyOptions verify;
    verify.trusted_pem = config.trusted_pem;
    verify.at_unix_seconds = now_unix;
    const tk::SignatureVerdict verdict = tk::verify_signature(signature, verify);
    if (auto refusal = signature_refusal(verdict)) return refusal;
    if (verdict.signed_element != assertion)  // verify_signature already holds this; kept as the contract
        return sender(cnam::assertion_bad_signature, "Signature du VIHF invalide",
                      "la signature ne couvre pas l'assertion qui la porte");
    signed_node = verdict.signed_element;
    return std::nullopt;
}

// 4. The VIHF: signed, by a trusted signer, within its window — or a structure certificate
//    where the service allows one instead. The VIHF is the first Assertion of the Security
//    header (an ApCV assertion may follow it); a forged one put first is unsigned, refused.
Refusal check_vihf(const HttpRequestIn& request, pugi::xml_node header, const SoapServiceRules& rules,
                   const SoapPipelineConfig& config, int64_t now_unix, SoapCall& call) {
    const pugi::xml_node security = tk::child_by_local_name(header, "Security");
    const pugi::xml_node assertion = child_in(security, "Assertion", saml::assertion_namespace);
    if (!assertion) {
        if (rules.vihf_required && !structure_endpoint(request, rules))
            return sender(cnam::assertion_missing, "Assertion VIHF absente");
        return std::nullopt;
    }
    pugi::xml_node signed_node;
    if (auto refusal = signed_assertion(assertion, config, now_unix, signed_node)) return refusal;
    if (auto refusal = window_refusal(signed_node, now_unix, config.assertion_lifetime_seconds)) return refusal;
    call.vihf = summarise(signed_node);
    return std::nullopt;
}

// 5. The body against its schema, where one is registered.
Refusal check_body(const SoapPipelineConfig& config, const SoapCall& call) {
    if (config.schemas == nullptr) return std::nullopt;
    if (const auto problem =
            config.schemas->validate(qualified_namespace(call.payload), tk::standalone_xml(call.payload)))
        return sender(cnam::schema_invalid, "Requete non conforme au schema", *problem);
    return std::nullopt;
}

}  // namespace

std::variant<SoapCall, HttpAnswer> accept_soap(const HttpRequestIn& request, const SoapServiceRules& rules,
                                               const SoapPipelineConfig& config, int64_t now_unix) {
    SoapCall call;
    call.document = std::make_shared<pugi::xml_document>();
    pugi::xml_node header;
    // In the order the CNAM services check.
    if (auto refusal = check_envelope(request, call, header)) return *refusal;
    if (auto refusal = check_addressing(header, rules, call)) return *refusal;
    if (auto refusal = check_context_lps(header, config, call)) return *refusal;
    if (auto refusal = check_context_bam(header, rules, config, call)) return *refusal;
    if (auto refusal = check_structure_certificate(request, rules)) return *refusal;
    if (auto refusal = check_vihf(request, header, rules, config, now_unix, call)) return *refusal;
    if (auto refusal = check_body(config, call)) return *refusal;
    return call;
}

HttpAnswer soap_answer(const std::string& action, const std::string& request_message_id,
                       const std::string& payload_xml) {
    pugi::xml_document doc;
    pugi::xml_node envelope = doc.append_child("soap:Envelope");
    envelope.append_attribute("xmlns:soap") = soap12::envelope_namespace;
    envelope.append_attribute("xmlns:wsa") = wsa::namespace_uri;
    pugi::xml_node header = envelope.append_child("soap:Header");
    header.append_child("wsa:Action").text().set((action + wsa::response_action_suffix).c_str());
    header.append_child("wsa:RelatesTo").text().set(request_message_id.c_str());
    pugi::xml_document payload;
    tk::load_xml(payload, payload_xml);
    envelope.append_child("soap:Body").append_copy(tk::document_element(payload));
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return HttpAnswer{200, "application/soap+xml; charset=utf-8", {}, out.str()};
}

}  // namespace guichet::sandbox
