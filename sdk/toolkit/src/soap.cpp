#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_load.hpp>

#include <sstream>
#include <stdexcept>

namespace guichet::toolkit {

namespace {

// Copies the root of `xml` under `parent`, keeping every namespace declaration it relies on.
void append_xml(pugi::xml_node parent, const std::string& xml, const char* what) {
    pugi::xml_document fragment;
    if (const auto problem = load_xml(fragment, xml))
        throw std::runtime_error(std::string(what) + " is not well-formed XML: " + *problem);
    parent.append_copy(document_element(fragment));
}

pugi::xml_node text_child(pugi::xml_node parent, const char* name, const std::string& value) {
    pugi::xml_node n = parent.append_child(name);
    n.text().set(value.c_str());
    return n;
}

}  // namespace

pugi::xml_node child_by_local_name(pugi::xml_node parent, const char* local) {
    for (pugi::xml_node c : parent.children())
        if (c.type() == pugi::node_element && local_name(c.name()) == local) return c;
    return {};
}

std::string build_soap_envelope(const SoapEnvelope& e) {
    pugi::xml_document doc;
    pugi::xml_node envelope = doc.append_child("soap:Envelope");
    envelope.append_attribute("xmlns:soap") = soap12_namespace;
    envelope.append_attribute("xmlns:wsa") = wsa_namespace;
    pugi::xml_node header = envelope.append_child("soap:Header");
    for (const auto& write : e.headers) write(header);
    text_child(header, "wsa:Action", e.action).append_attribute("soap:mustUnderstand") = "true";
    text_child(header, "wsa:MessageID", e.message_id);
    if (!e.to.empty()) text_child(header, "wsa:To", e.to);
    if (!e.security.empty()) {
        pugi::xml_node security = header.append_child("wsse:Security");
        security.append_attribute("xmlns:wsse") = wsse_namespace;
        for (const auto& token : e.security) append_xml(security, token, "a WS-Security token");
    }
    append_xml(envelope.append_child("soap:Body"), e.body, "the body");
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

std::optional<std::string> parse_soap_response(const std::string& text, SoapResponse& response) {
    if (const auto problem = load_xml(response.document, text)) return "the answer is not well-formed XML: " + *problem;
    const pugi::xml_node envelope = document_element(response.document);
    if (local_name(envelope.name()) != "Envelope" ||
        namespace_uri(envelope, name_prefix(envelope.name())) != soap12_namespace)
        return std::string("the answer is not a SOAP 1.2 envelope");
    const pugi::xml_node body = child_by_local_name(envelope, "Body");
    if (!body) return std::string("the SOAP answer has no Body");
    pugi::xml_node first;
    for (pugi::xml_node c : body.children())
        if (c.type() == pugi::node_element) {
            first = c;
            break;
        }
    if (!first) return std::string("the SOAP Body is empty");
    if (local_name(first.name()) == "Fault") {
        SoapFault fault;
        const pugi::xml_node code = child_by_local_name(first, "Code");
        fault.code = child_by_local_name(code, "Value").text().get();
        fault.subcode = child_by_local_name(child_by_local_name(code, "Subcode"), "Value").text().get();
        fault.reason = child_by_local_name(child_by_local_name(first, "Reason"), "Text").text().get();
        const pugi::xml_node detail = child_by_local_name(first, "Detail");
        for (pugi::xml_node d = detail.first_child(); d; d = d.next_sibling())
            fault.detail += d.type() == pugi::node_element ? d.text().get() : d.value();
        response.fault = fault;
    } else {
        response.payload = first;
    }
    return std::nullopt;
}

}  // namespace guichet::toolkit
