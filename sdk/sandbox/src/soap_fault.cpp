#include "soap_fault.hpp"

#include <guichet/contracts/cnam.hpp>
#include <guichet/contracts/soap12.hpp>

#include <pugixml.hpp>

#include <cstdio>
#include <random>
#include <sstream>

namespace guichet::sandbox {

namespace cnam = guichet::contracts::cnam;

namespace {

// The real services mark each Erreur with "uuid:" and a fresh UUID; nothing reads it back.
std::string fresh_message_id() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    const uint64_t high = generator();
    const uint64_t low = generator();
    char text[64];
    std::snprintf(text, sizeof text, "uuid:%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                  static_cast<unsigned>((high >> 16) & 0xffff), static_cast<unsigned>(high & 0xfff),
                  static_cast<unsigned>(0x8000 | (low >> 48 & 0x3fff)),
                  static_cast<unsigned long long>(low & 0xffffffffffffULL));
    return text;
}

// "siram:siram_100" -> "siram_100"; "wsa:ActionNotSupported" -> "ActionNotSupported".
std::string local_code(const std::string& qualified) { return qualified.substr(qualified.find(':') + 1); }

void append_code(pugi::xml_node fault, pugi::xml_node envelope, const CnamFault& f) {
    pugi::xml_node code_node = fault.append_child("soap:Code");
    code_node.append_child("soap:Value").text().set(f.code.c_str());
    if (f.subcode.empty()) return;
    // WS-Addressing subcodes keep their own prefix; the service's own ones are siram codes.
    const bool qualified = f.subcode.find(':') != std::string::npos;
    if (qualified) envelope.append_attribute("xmlns:wsa") = contracts::wsa::namespace_uri;
    code_node.append_child("soap:Subcode")
        .append_child("soap:Value")
        .text()
        .set((qualified ? f.subcode : "siram:" + f.subcode).c_str());
}

// The Erreur sits where no default namespace is in scope: `severite` is a QName, and an
// unprefixed "erreur" must resolve to no namespace to match the schema's enumeration.
void append_detail(pugi::xml_node fault, const CnamFault& f) {
    pugi::xml_node erreur = fault.append_child("soap:Detail").append_child("siram:Erreur");
    const std::string code =
        !f.detail_code.empty() ? f.detail_code : local_code(f.subcode.empty() ? f.code : f.subcode);
    erreur.append_attribute("code") = code.c_str();
    erreur.append_attribute("severite") = f.severity.empty() ? cnam::severity::error : f.severity.c_str();
    erreur.append_attribute("messageID") = fresh_message_id().c_str();
    erreur.text().set((f.explanation.empty() ? f.reason : f.explanation).c_str());
}

}  // namespace

HttpAnswer soap_fault_answer(const CnamFault& f) {
    pugi::xml_document doc;
    pugi::xml_node envelope = doc.append_child("soap:Envelope");
    envelope.append_attribute("xmlns:soap") = contracts::soap12::envelope_namespace;
    envelope.append_attribute("xmlns:siram") = cnam::siram_namespace;
    pugi::xml_node fault = envelope.append_child("soap:Body").append_child("soap:Fault");
    append_code(fault, envelope, f);
    pugi::xml_node text = fault.append_child("soap:Reason").append_child("soap:Text");
    text.append_attribute("xml:lang") = "fr";
    text.text().set(f.reason.c_str());
    append_detail(fault, f);
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw);
    // Recorded CNAM answers: HTTP 500 for every fault, Sender ones included (SOAP 1.2's HTTP
    // binding would allow 400; the real services do not use it).
    return HttpAnswer{500, "application/soap+xml; charset=utf-8", {}, out.str()};
}

HttpAnswer soap_fault_answer(const std::string& code, const std::string& subcode, const std::string& reason,
                             const std::string& detail_code) {
    return soap_fault_answer(CnamFault{code, subcode, reason, detail_code, {}, {}});
}

}  // namespace guichet::sandbox
