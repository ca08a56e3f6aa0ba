#include "soap_echo_service.hpp"

#include <guichet/toolkit/soap.hpp>

#include <pugixml.hpp>

#include <ctime>
#include <sstream>

namespace guichet::sandbox {

HttpAnswer SoapEchoService::handle(const HttpRequestIn& request) {
    SoapServiceRules rules;
    rules.actions = {{action, "echo"}};
    auto accepted = accept_soap(request, rules, pipeline_(), static_cast<int64_t>(std::time(nullptr)));
    if (auto* fault = std::get_if<HttpAnswer>(&accepted)) return *fault;
    const SoapCall& call = std::get<SoapCall>(accepted);

    pugi::xml_document payload;
    pugi::xml_node response = payload.append_child("e:EchoResponse");
    response.append_attribute("xmlns:e") = "urn:guichet:sandbox:echo:1.0";
    response.append_child("e:Message").text().set(toolkit::child_by_local_name(call.payload, "Message").text().get());
    response.append_child("e:Professional").text().set(call.vihf ? call.vihf->name_id.c_str() : "");
    response.append_child("e:AuthenticationMode").text().set(call.vihf ? call.vihf->authentication_mode.c_str() : "");
    response.append_child("e:AuthorisationNumber").text().set(call.authorisation_number.c_str());
    std::ostringstream out;
    payload.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return soap_answer(call.action, call.message_id, out.str());
}

}  // namespace guichet::sandbox
