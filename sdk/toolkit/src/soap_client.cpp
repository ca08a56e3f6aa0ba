#include <guichet/toolkit/soap_client.hpp>

namespace guichet::toolkit {

namespace {

// A fault's subcode as the service's own code: "siram:siram_100" -> "siram_100".
std::string unprefixed(const std::string& subcode) {
    const auto colon = subcode.find(':');
    return colon == std::string::npos ? subcode : subcode.substr(colon + 1);
}

// The answer's payload, or the error that tells what went wrong: a fault first (CNAM faults
// come with HTTP 400/500), then an unexpected status, then an unreadable body.
void read_answer(const HttpResponse& answer, SoapResponse& response) {
    const auto problem = parse_soap_response(answer.body, response);
    if (!problem && response.fault) {
        const SoapFault& f = *response.fault;
        throw Error(GUICHET_E_REMOTE_FAULT,
                    "the service refused the request: " + f.reason + (f.detail.empty() ? "" : " (" + f.detail + ")"))
            .with_remote_code(unprefixed(f.subcode))
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

}  // namespace

void call_soap_service(const Call& call, const SoapExchange& exchange, SoapResponse& response) {
    const std::string endpoint = exchange.endpoint.empty() ? call.config().endpoint : exchange.endpoint;
    if (endpoint.empty())
        throw Error(GUICHET_E_INVALID_ARGUMENT, "no endpoint configured for this service in the session");
    SoapEnvelope envelope;
    envelope.action = exchange.action;
    envelope.message_id = "uuid:" + call.host().random().uuid();
    envelope.to = endpoint;
    envelope.headers = exchange.headers;
    envelope.security = exchange.security;
    envelope.body = exchange.body;

    HttpRequest http = call.http_request("POST", endpoint);
    http.headers = {{"Content-Type", "application/soap+xml; charset=utf-8; action=\"" + exchange.action + "\""}};
    http.body = build_soap_envelope(envelope);
    read_answer(call.host().http().send(http), response);
}

}  // namespace guichet::toolkit
