// soap-echo/1: the sandbox's own SOAP test service. Goes through the whole CNAM pipeline
// (envelope, WS-Addressing, ContexteLPS, VIHF, schema) and answers who it saw: the message, the
// professional and authentication mode from the VIHF, the software's authorisation number.
// Its submit action is the model of a submission service (docs/protocols/submission-echo.md):
// de-duplicated on the MessageID by the pipeline, it draws a receipt number, or refuses a message
// starting with REFUSE as a business refusal.
#include "service_registry.hpp"
#include "soap_fault.hpp"
#include "soap_service.hpp"

#include <guichet/contracts/cnam.hpp>
#include <guichet/contracts/soap12.hpp>
#include <guichet/contracts/soap_echo.hpp>
#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/utc_time.hpp>

#include <openssl/rand.h>
#include <pugixml.hpp>

#include <ctime>
#include <sstream>
#include <stdexcept>

namespace guichet::sandbox {

namespace echo = guichet::contracts::soap_echo;
namespace wire = guichet::contracts::soap_echo::element;

namespace {

pugi::xml_node add(pugi::xml_node parent, const char* local, const std::string& text = {}) {
    pugi::xml_node n = parent.append_child(("e:" + std::string(local)).c_str());
    if (!text.empty()) n.text().set(text.c_str());
    return n;
}

std::string saved(const pugi::xml_document& payload) {
    std::ostringstream out;
    payload.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

// "ECHO-" and 16 random hexadecimal digits: never the same twice, restarts and resets included.
std::string draw_receipt() {
    unsigned char bytes[8];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for a receipt number");
    static const char digits[] = "0123456789ABCDEF";
    std::string receipt = "ECHO-";
    for (const unsigned char b : bytes) {
        receipt += digits[b >> 4];
        receipt += digits[b & 0xf];
    }
    return receipt;
}

class SoapEchoService : public SoapService {
public:
    explicit SoapEchoService(const ServiceContext& context) : SoapService(context, rules()) {}

private:
    static SoapServiceRules rules() {
        SoapServiceRules r;
        r.actions = {{echo::echo_action, "echo"}, {echo::submit_action, "submit"}};
        r.submitting_actions = {echo::submit_action};
        return r;
    }

    // Reached once per MessageID: a retry is answered from the submission record.
    SubmissionOutcome submit(const SoapCall& call) override {
        const std::string message = toolkit::child_by_local_name(call.payload, wire::message).text().get();
        if (message.rfind(echo::refused_prefix, 0) == 0)
            return {soap_fault_answer(CnamFault{contracts::soap12::fault_sender,
                                                echo::refused_code,
                                                echo::refused_reason,
                                                echo::refused_code,
                                                contracts::cnam::severity::error,
                                                {}}),
                    {}};
        const std::string receipt = draw_receipt();
        pugi::xml_document payload;
        pugi::xml_node response = add(payload, wire::submit_answer);
        response.append_attribute("xmlns:e") = echo::namespace_uri;
        add(response, wire::receipt, receipt);
        add(response, wire::message, message);
        add(response, wire::received_at, toolkit::utc_timestamp(std::time(nullptr)));
        return {soap_answer(call.action, call.message_id, saved(payload)), receipt};
    }

    HttpAnswer answer(const SoapCall& call) override {
        pugi::xml_document payload;
        pugi::xml_node response = add(payload, wire::answer);
        response.append_attribute("xmlns:e") = echo::namespace_uri;
        add(response, wire::message, toolkit::child_by_local_name(call.payload, wire::message).text().get());
        add(response, wire::professional, call.vihf ? call.vihf->name_id : "");
        add(response, wire::authentication_mode, call.vihf ? call.vihf->authentication_mode : "");
        add(response, wire::authorisation_number, call.authorisation_number);
        return soap_answer(call.action, call.message_id, saved(payload));
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
