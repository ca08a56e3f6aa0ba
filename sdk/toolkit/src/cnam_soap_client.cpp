#include <guichet/toolkit/cnam_headers.hpp>
#include <guichet/toolkit/cnam_soap_client.hpp>

namespace guichet::toolkit {

void call_cnam_service(const Call& call, const CnamExchange& exchange, SoapResponse& response) {
    CnamContext context;
    context.context_id = call.host().random().uuid();
    context.timestamp = call.host().clock().utc_iso8601();
    context.software_name = call.config().software_name;
    context.software_version = call.config().software_version;
    context.software_instance = call.config().software_instance_id;
    context.authorisation_number = call.config().authorisation_number;

    SoapExchange soap;
    soap.action = exchange.action;
    soap.body = exchange.body;
    soap.endpoint = exchange.endpoint;
    soap.payload_namespace = exchange.payload_namespace;
    soap.headers.push_back(contexte_lps(context));
    if (exchange.coverage) soap.headers.push_back(contexte_bam(context, *exchange.coverage));
    if (!exchange.vihf.empty()) soap.security.push_back(exchange.vihf);
    soap.security.insert(soap.security.end(), exchange.extra_security.begin(), exchange.extra_security.end());
    call_soap_service(call, soap, response);
}

}  // namespace guichet::toolkit
