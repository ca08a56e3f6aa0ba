#include "soap_fault.hpp"

#include <guichet/contracts/cnam.hpp>
#include <guichet/contracts/soap12.hpp>

#include <pugixml.hpp>

#include <sstream>

namespace guichet::sandbox {

HttpAnswer soap_fault_answer(const std::string& code, const std::string& subcode, const std::string& reason,
                             const std::string& detail) {
    pugi::xml_document doc;
    pugi::xml_node envelope = doc.append_child("soap:Envelope");
    envelope.append_attribute("xmlns:soap") = contracts::soap12::envelope_namespace;
    envelope.append_attribute("xmlns:siram") = contracts::cnam::siram_namespace;
    pugi::xml_node fault = envelope.append_child("soap:Body").append_child("soap:Fault");
    pugi::xml_node code_node = fault.append_child("soap:Code");
    code_node.append_child("soap:Value").text().set(code.c_str());
    if (!subcode.empty()) {
        // WS-Addressing subcodes keep their own prefix; the service's own ones are siram codes.
        const bool qualified = subcode.find(':') != std::string::npos;
        if (qualified) envelope.append_attribute("xmlns:wsa") = contracts::wsa::namespace_uri;
        code_node.append_child("soap:Subcode")
            .append_child("soap:Value")
            .text()
            .set((qualified ? subcode : "siram:" + subcode).c_str());
    }
    pugi::xml_node text = fault.append_child("soap:Reason").append_child("soap:Text");
    text.append_attribute("xml:lang") = "fr";
    text.text().set(reason.c_str());
    if (!detail.empty()) fault.append_child("soap:Detail").append_child("siram:Erreur").text().set(detail.c_str());
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw);
    // SOAP 1.2 HTTP binding: a Sender fault is the client's mistake (400), anything else 500.
    const int status = code == contracts::soap12::fault_sender ? 400 : 500;
    return HttpAnswer{status, "application/soap+xml; charset=utf-8", {}, out.str()};
}

}  // namespace guichet::sandbox
