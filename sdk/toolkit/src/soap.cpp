#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_load.hpp>

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <vector>

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

namespace {

std::vector<pugi::xml_node> element_children(pugi::xml_node parent) {
    std::vector<pugi::xml_node> elements;
    for (pugi::xml_node c : parent.children())
        if (c.type() == pugi::node_element) elements.push_back(c);
    return elements;
}

std::string unprefixed_value(const char* qualified) {
    const std::string text = qualified;
    const auto colon = text.find(':');
    return colon == std::string::npos ? text : text.substr(colon + 1);
}

// The Detail's siram:Erreur: its code and severity are attributes (schema_faultSOAP_V01_01);
// its text explains. A Detail holding bare text (older recordings) keeps that text.
void read_fault_detail(pugi::xml_node detail, SoapFault& fault) {
    for (pugi::xml_node d = detail.first_child(); d; d = d.next_sibling()) {
        if (d.type() != pugi::node_element) {
            fault.detail += d.value();
            continue;
        }
        if (fault.detail_code.empty()) fault.detail_code = d.attribute("code").value();
        if (fault.severity.empty()) fault.severity = unprefixed_value(d.attribute("severite").value());
        fault.detail += d.text().get();
    }
}

SoapFault read_fault(pugi::xml_node fault_node) {
    SoapFault fault;
    const pugi::xml_node code = child_by_local_name(fault_node, "Code");
    fault.code = child_by_local_name(code, "Value").text().get();
    fault.subcode = child_by_local_name(child_by_local_name(code, "Subcode"), "Value").text().get();
    fault.reason = child_by_local_name(child_by_local_name(fault_node, "Reason"), "Text").text().get();
    read_fault_detail(child_by_local_name(fault_node, "Detail"), fault);
    return fault;
}

// A header element is read only when it is the one WS-Addressing element of its name.
std::optional<std::string> addressing_header(pugi::xml_node header, const char* local, std::string& value) {
    int found = 0;
    for (pugi::xml_node h : element_children(header))
        if (local_name(h.name()) == local && namespace_uri(h, name_prefix(h.name())) == wsa_namespace) {
            value = h.text().get();
            ++found;
        }
    if (found > 1) return std::string("the answer carries ") + std::to_string(found) + " wsa:" + local + " headers";
    return std::nullopt;
}

// Where `text` stops being UTF-8 made of XML 1.0 characters (section 2.2: tab, LF, CR,
// U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF), or npos. pugixml passes bytes through
// unchecked, and a character reference (&#1;) decodes to a forbidden character after parsing,
// so the parsed text is what is checked.
size_t first_invalid_character(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
        const unsigned char lead = byte(0);
        const size_t length = lead < 0x80           ? 1
                              : (lead >> 5) == 0x6  ? 2
                              : (lead >> 4) == 0xE  ? 3
                              : (lead >> 3) == 0x1E ? 4
                                                    : 0;
        if (length == 0 || i + length > text.size()) return i;
        uint32_t cp = length == 1 ? lead : lead & (0x7F >> length);
        for (size_t k = 1; k < length; ++k) {
            if ((byte(k) & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (byte(k) & 0x3F);
        }
        constexpr uint32_t shortest[] = {0, 0, 0x80, 0x800, 0x10000};
        const bool xml_char = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                              (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
        if (cp < shortest[length] || !xml_char) return i;
        i += length;
    }
    return std::string_view::npos;
}

std::optional<std::string> invalid_characters(pugi::xml_node root) {
    std::optional<std::string> problem;
    const auto check = [&problem](const char* text, const char* where) {
        if (problem) return;
        const std::string_view view(text);
        if (const size_t at = first_invalid_character(view); at != std::string_view::npos)
            // Where, not what: the text around it may be patient data.
            problem = std::string("the answer is not UTF-8 text made of XML characters (in ") + where + ", at byte " +
                      std::to_string(at) + " of it)";
    };
    // Depth first without recursion: a hostile answer may nest deeper than the stack allows.
    for (pugi::xml_node n = root.first_child(); n && !problem;) {
        check(n.name(), "a name");
        check(n.value(), "a text");
        for (pugi::xml_attribute a : n.attributes()) {
            check(a.name(), "an attribute name");
            check(a.value(), "an attribute value");
        }
        if (n.first_child()) {
            n = n.first_child();
            continue;
        }
        while (n && n != root && !n.next_sibling()) n = n.parent();
        n = n && n != root ? n.next_sibling() : pugi::xml_node();
    }
    return problem;
}

}  // namespace

std::optional<std::string> parse_soap_response(const std::string& text, SoapResponse& response) {
    if (const auto problem = load_xml(response.document, text)) return "the answer is not well-formed XML: " + *problem;
    if (auto problem = invalid_characters(response.document)) return problem;
    if (element_children(response.document).size() != 1)
        return std::string("the answer has more than one root element");
    const pugi::xml_node envelope = document_element(response.document);
    if (local_name(envelope.name()) != "Envelope" ||
        namespace_uri(envelope, name_prefix(envelope.name())) != soap12_namespace)
        return std::string("the answer is not a SOAP 1.2 envelope");
    if (const pugi::xml_node header = child_by_local_name(envelope, "Header")) {
        if (auto problem = addressing_header(header, "Action", response.action)) return problem;
        if (auto problem = addressing_header(header, "RelatesTo", response.relates_to)) return problem;
    }
    const pugi::xml_node body = child_by_local_name(envelope, "Body");
    if (!body) return std::string("the SOAP answer has no Body");
    const std::vector<pugi::xml_node> payloads = element_children(body);
    if (payloads.empty()) return std::string("the SOAP Body is empty");
    if (payloads.size() > 1)
        return "the SOAP Body holds " + std::to_string(payloads.size()) + " elements (" + payloads[0].name() + ", " +
               payloads[1].name() + "...) where one is expected";
    if (local_name(payloads[0].name()) == "Fault" &&
        namespace_uri(payloads[0], name_prefix(payloads[0].name())) == soap12_namespace)
        response.fault = read_fault(payloads[0]);
    else
        response.payload = payloads[0];
    return std::nullopt;
}

std::optional<std::string> mismatch_with_request(const SoapResponse& response, const ExpectedAnswer& expected) {
    if (!response.relates_to.empty() && !expected.message_id.empty() && response.relates_to != expected.message_id)
        return "the answer relates to another request (wsa:RelatesTo '" + response.relates_to + "', sent '" +
               expected.message_id + "')";
    if (response.fault) return std::nullopt;
    if (!response.action.empty() && !expected.action.empty() && response.action != expected.action)
        return "the answer's wsa:Action is '" + response.action + "', expected '" + expected.action + "'";
    if (!expected.payload_namespace.empty()) {
        const std::string found = namespace_uri(response.payload, name_prefix(response.payload.name()));
        if (found != expected.payload_namespace)
            return std::string("the answer's ") + response.payload.name() + " is in namespace '" + found +
                   "', expected '" + expected.payload_namespace + "'";
    }
    return std::nullopt;
}

}  // namespace guichet::toolkit
