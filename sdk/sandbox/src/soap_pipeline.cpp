#include "soap_pipeline.hpp"

#include "soap_fault.hpp"

#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/utc_time.hpp>
#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_dsig.hpp>
#include <guichet/toolkit/xml_load.hpp>

#include <ctime>
#include <sstream>

namespace guichet::sandbox {

namespace tk = guichet::toolkit;

namespace {

constexpr const char* soap11_namespace = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr const char* saml_namespace = "urn:oasis:names:tc:SAML:2.0:assertion";

std::string qualified_namespace(pugi::xml_node node) { return tk::namespace_uri(node, tk::name_prefix(node.name())); }

pugi::xml_node child_in(pugi::xml_node parent, const char* local, const char* ns) {
    for (pugi::xml_node c : parent.children())
        if (c.type() == pugi::node_element && tk::local_name(c.name()) == local && qualified_namespace(c) == ns)
            return c;
    return {};
}

std::string attribute_value(pugi::xml_node statement, const std::string& name) {
    for (pugi::xml_node a : statement.children())
        if (tk::local_name(a.name()) == "Attribute" && name == a.attribute("Name").value())
            return tk::child_by_local_name(a, "AttributeValue").text().get();
    return {};
}

HttpAnswer sender(const std::string& subcode, const std::string& reason, const std::string& detail = {}) {
    return soap_fault_answer("soap:Sender", subcode, reason, detail);
}

}  // namespace

std::variant<SoapCall, HttpAnswer> accept_soap(const HttpRequestIn& request, const SoapServiceRules& rules,
                                               const SoapPipelineConfig& config, int64_t now_unix) {
    SoapCall call;
    call.document = std::make_shared<pugi::xml_document>();
    // 1. A SOAP 1.2 envelope with a Header and a non-empty Body.
    if (request.method != "POST") return sender("siram_10", "Methode HTTP non acceptee: POST attendu");
    const std::string content_type = request.header("Content-Type").value_or("");
    if (content_type.find("application/soap+xml") == std::string::npos)
        return sender("siram_10", "Content-Type application/soap+xml attendu (SOAP 1.2), recu: " + content_type);
    if (const auto problem = tk::load_xml(*call.document, request.body))
        return sender("siram_10", "Message SOAP mal forme: " + *problem);
    const pugi::xml_node envelope = tk::document_element(*call.document);
    if (tk::local_name(envelope.name()) != "Envelope")
        return sender("siram_10", "Message SOAP mal forme: Envelope attendu");
    if (qualified_namespace(envelope) == soap11_namespace)
        return soap_fault_answer("soap:VersionMismatch", "", "SOAP 1.2 attendu (espace de noms SOAP 1.1 recu)");
    if (qualified_namespace(envelope) != tk::soap12_namespace)
        return sender("siram_10", "Message SOAP mal forme: espace de noms de l'enveloppe inconnu");
    const pugi::xml_node header = child_in(envelope, "Header", tk::soap12_namespace);
    const pugi::xml_node body = child_in(envelope, "Body", tk::soap12_namespace);
    if (!header || !body) return sender("siram_10", "Message SOAP mal forme: Header et Body attendus");
    for (pugi::xml_node c : body.children())
        if (c.type() == pugi::node_element) {
            call.payload = c;
            break;
        }
    if (!call.payload) return sender("siram_10", "Message SOAP mal forme: Body vide");

    // 2. WS-Addressing.
    const pugi::xml_node action = child_in(header, "Action", tk::wsa_namespace);
    const pugi::xml_node message_id = child_in(header, "MessageID", tk::wsa_namespace);
    if (!action) return sender("wsa:MessageAddressingHeaderRequired", "En-tete wsa:Action absent");
    if (!message_id || std::string(message_id.text().get()).empty())
        return sender("wsa:MessageAddressingHeaderRequired", "En-tete wsa:MessageID absent");
    call.action = action.text().get();
    call.message_id = message_id.text().get();
    const auto operation = rules.actions.find(call.action);
    if (operation == rules.actions.end())
        return sender("wsa:ActionNotSupported", "Action non supportee: " + call.action);
    call.operation = operation->second;

    // 3. ContexteLPS: the software's authorisation number must be known.
    const pugi::xml_node context = child_in(header, "ContexteLPS", tk::ctxlps_namespace);
    const pugi::xml_node idam = tk::child_by_local_name(tk::child_by_local_name(context, "LPS"), "IDAM");
    call.authorisation_number = idam.text().get();
    if (!context || call.authorisation_number.empty() ||
        config.authorisation_numbers.count(call.authorisation_number) == 0)
        return sender("siram_100", "Logiciel non autorise a acceder au teleservice", "desir_550");

    // 3b. ContexteBAM, where the service's WSDL binds it.
    call.context_bam = child_in(header, "ContexteBAM", tk::ctxbam_namespace);
    if (rules.context_bam_required) {
        if (!call.context_bam) return sender("siram_10", "Message SOAP mal forme: en-tete ContexteBAM absent");
        if (config.schemas != nullptr)
            if (const auto problem =
                    config.schemas->validate(tk::ctxbam_namespace, tk::standalone_xml(call.context_bam)))
                return sender("siram_10", "Message SOAP mal forme: ContexteBAM non conforme", *problem);
    }

    // 4. The VIHF: signed, trusted, within its window.
    const pugi::xml_node security = tk::child_by_local_name(header, "Security");
    const pugi::xml_node assertion = child_in(security, "Assertion", saml_namespace);
    const bool structure_client = rules.structure_certificate_replaces_vihf &&
                                  (request.client_subject.find("CN=INSI-AUTO") != std::string::npos ||
                                   request.client_subject.find("CN=INSI-MANU") != std::string::npos);
    if (!assertion) {
        if (rules.vihf_required && !structure_client) return sender("siram_40", "Assertion VIHF absente");
    } else {
        tk::VerifyOptions verify;
        verify.trusted_pem = config.trusted_pem;
        verify.at_unix_seconds = now_unix;
        const tk::SignatureVerdict verdict =
            tk::verify_signature(tk::child_by_local_name(assertion, "Signature"), verify);
        if (!verdict.valid) {
            switch (verdict.problem) {
                case tk::SignatureProblem::certificate_expired:
                case tk::SignatureProblem::certificate_not_yet_valid:
                    return sender("siram_42", "Certificat du signataire du VIHF hors de sa periode de validite",
                                  verdict.detail);
                case tk::SignatureProblem::untrusted:
                    return sender("siram_43", "Signataire du VIHF non reconnu", verdict.detail);
                default:
                    return sender("siram_41", "Signature du VIHF invalide", verdict.detail);
            }
        }
        const pugi::xml_node conditions = tk::child_by_local_name(assertion, "Conditions");
        const auto not_before = tk::parse_utc_timestamp(conditions.attribute("NotBefore").value());
        const auto not_after = tk::parse_utc_timestamp(conditions.attribute("NotOnOrAfter").value());
        if (!not_before || !not_after) return sender("siram_41", "VIHF sans periode de validite (Conditions)");
        if (now_unix < *not_before || now_unix >= *not_after)
            return sender("siram_42", "VIHF expire ou pas encore valide",
                          std::string("NotBefore=") + conditions.attribute("NotBefore").value() +
                              " NotOnOrAfter=" + conditions.attribute("NotOnOrAfter").value());
        VihfSummary summary;
        summary.name_id = tk::child_by_local_name(tk::child_by_local_name(assertion, "Subject"), "NameID").text().get();
        const pugi::xml_node statement = tk::child_by_local_name(assertion, "AttributeStatement");
        summary.subject_id = attribute_value(statement, "urn:oasis:names:tc:xspa:1.0:subject:subject-id");
        summary.authentication_mode = attribute_value(statement, "Authentification_Mode");
        summary.resource_id = attribute_value(statement, "urn:oasis:names:tc:xacml:2.0:resource:resource-id");
        call.vihf = summary;
    }

    // 5. The body against its schema, where one is registered.
    if (config.schemas != nullptr) {
        const std::string ns = qualified_namespace(call.payload);
        if (const auto problem = config.schemas->validate(ns, tk::standalone_xml(call.payload)))
            return sender("siram_20", "Requete non conforme au schema", *problem);
    }
    return call;
}

HttpAnswer soap_answer(const std::string& action, const std::string& request_message_id,
                       const std::string& payload_xml) {
    pugi::xml_document doc;
    pugi::xml_node envelope = doc.append_child("soap:Envelope");
    envelope.append_attribute("xmlns:soap") = tk::soap12_namespace;
    envelope.append_attribute("xmlns:wsa") = tk::wsa_namespace;
    pugi::xml_node header = envelope.append_child("soap:Header");
    header.append_child("wsa:Action").text().set((action + "Response").c_str());
    header.append_child("wsa:RelatesTo").text().set(request_message_id.c_str());
    pugi::xml_document payload;
    tk::load_xml(payload, payload_xml);
    envelope.append_child("soap:Body").append_copy(tk::document_element(payload));
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return HttpAnswer{200, "application/soap+xml; charset=utf-8", {}, out.str()};
}

}  // namespace guichet::sandbox
