#include <guichet/toolkit/soap_client.hpp>

namespace guichet::toolkit {

void call_soap_service(const Call& call, const SoapExchange& exchange, SoapResponse& response) {
    const std::string endpoint = exchange.endpoint.empty() ? call.config().endpoint : exchange.endpoint;
    if (endpoint.empty())
        throw Error(GUICHET_E_INVALID_ARGUMENT, "no endpoint configured for this service in the session");
    const Random random = call.host().random();
    SoapRequest soap;
    soap.action = exchange.action;
    soap.message_id = "uuid:" + random.uuid();
    soap.to = endpoint;
    soap.context_id = random.uuid();
    soap.timestamp = call.host().clock().utc_iso8601();
    soap.software_name = call.config().software_name;
    soap.software_version = call.config().software_version;
    soap.software_instance = call.config().software_instance_id;
    soap.authorisation_number = call.config().authorisation_number;
    soap.vihf = exchange.vihf;
    soap.extra_security = exchange.extra_security;
    soap.coverage = exchange.coverage;
    soap.body = exchange.body;

    HttpRequest http = call.http_request("POST", endpoint);
    http.headers = {{"Content-Type", "application/soap+xml; charset=utf-8; action=\"" + exchange.action + "\""}};
    http.body = build_soap_request(soap);
    const HttpResponse answer = call.host().http().send(http);

    const auto problem = parse_soap_response(answer.body, response);
    if (!problem && response.fault) {
        const SoapFault& f = *response.fault;
        const auto colon = f.subcode.find(':');
        const std::string code = colon == std::string::npos ? f.subcode : f.subcode.substr(colon + 1);
        throw Error(GUICHET_E_REMOTE_FAULT,
                    "the service refused the request: " + f.reason + (f.detail.empty() ? "" : " (" + f.detail + ")"))
            .with_remote_code(code)
            .with_http_status(answer.status);
    }
    if (answer.status != 200)
        throw Error(GUICHET_E_HTTP_STATUS, "the service answered HTTP " + std::to_string(answer.status))
            .with_http_status(answer.status)
            .retryable(answer.status == 502 || answer.status == 503 || answer.status == 504);
    if (problem)
        throw Error(GUICHET_E_BAD_RESPONSE, "unreadable answer from the service: " + *problem)
            .with_http_status(answer.status);
}

}  // namespace guichet::toolkit
