// soap-echo/1: the sandbox's own SOAP test service. Goes through the whole CNAM pipeline
// (envelope, WS-Addressing, ContexteLPS, VIHF, schema) and answers who it saw: the message, the
// professional and authentication mode from the VIHF, the software's authorisation number.
#include "service_registry.hpp"
#include "soap_service.hpp"

#include <guichet/contracts/soap_echo.hpp>
#include <guichet/toolkit/soap.hpp>

#include <pugixml.hpp>

#include <sstream>

namespace guichet::sandbox {

namespace echo = guichet::contracts::soap_echo;
namespace wire = guichet::contracts::soap_echo::element;

namespace {

pugi::xml_node add(pugi::xml_node parent, const char* local, const std::string& text = {}) {
    pugi::xml_node n = parent.append_child(("e:" + std::string(local)).c_str());
    if (!text.empty()) n.text().set(text.c_str());
    return n;
}

class SoapEchoService : public SoapService {
public:
    explicit SoapEchoService(const ServiceContext& context) : SoapService(context, rules()) {}

private:
    static SoapServiceRules rules() {
        SoapServiceRules r;
        r.actions = {{echo::echo_action, "echo"}};
        return r;
    }

    HttpAnswer answer(const SoapCall& call) override {
        pugi::xml_document payload;
        pugi::xml_node response = add(payload, wire::answer);
        response.append_attribute("xmlns:e") = echo::namespace_uri;
        add(response, wire::message, toolkit::child_by_local_name(call.payload, wire::message).text().get());
        add(response, wire::professional, call.vihf ? call.vihf->name_id : "");
        add(response, wire::authentication_mode, call.vihf ? call.vihf->authentication_mode : "");
        add(response, wire::authorisation_number, call.authorisation_number);
        std::ostringstream out;
        payload.save(out, "", pugi::format_raw | pugi::format_no_declaration);
        return soap_answer(call.action, call.message_id, out.str());
    }
};

}  // namespace

void register_soap_echo_service(ServiceRegistry& registry) {
    registry.add({"soap-echo/1",
                  "/soap/echo",
                  {},
                  {{echo::namespace_uri, SchemaRoot::data, echo::schema}},
                  [](const ServiceContext& context) { return std::make_unique<SoapEchoService>(context); },
                  false});
}

}  // namespace guichet::sandbox
