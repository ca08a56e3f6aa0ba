#include <guichet/contracts/soap12.hpp>
#include <guichet/toolkit/failure_classification.hpp>
#include <guichet/toolkit/soap_client.hpp>

#include <cctype>

namespace guichet::toolkit {

namespace {

Error bad_response(const std::string& problem, int32_t http_status) {
    return Error(GUICHET_E_BAD_RESPONSE, "unreadable answer from the service: " + problem)
        .with_http_status(http_status);
}

// The answer's payload, or the error that tells what went wrong: an answer to another request
// first, then a fault (CNAM faults come with HTTP 500), then an unexpected status, then an
// unreadable body. Classification: failure_classification.hpp.
void read_answer(const Call& call, const HttpResponse& answer, const ExpectedAnswer& expected, SoapResponse& response) {
    const auto problem = parse_soap_response(answer.body, response);
    if (!problem) {
        if (const auto mismatch = mismatch_with_request(response, expected))
            throw bad_response(*mismatch, answer.status);
        if (response.fault) throw fault_error(*response.fault, answer.status, retry_after_of(call, answer));
    }
    if (answer.status != 200) throw http_answer_error(call, answer);
    if (problem) throw bad_response(*problem, answer.status);
}

// RFC 4122's text form: 8-4-4-4-12 hexadecimal digits, any case on input.
bool is_uuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
    }
    return true;
}

}  // namespace

std::string wsa_message_id(std::string_view idempotency_key, const std::function<std::string()>& fresh_uuid) {
    if (idempotency_key.empty()) return "uuid:" + fresh_uuid();
    if (!is_uuid(idempotency_key))
        throw Error(GUICHET_E_INVALID_ARGUMENT,
                    "the host's idempotency key is not a UUID (" + std::to_string(idempotency_key.size()) + " bytes)");
    std::string id = "uuid:";
    for (const char c : idempotency_key) id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return id;
}

void call_soap_service(const Call& call, const SoapExchange& exchange, SoapResponse& response) {
    const std::string endpoint = exchange.endpoint.empty() ? call.config().endpoint : exchange.endpoint;
    if (endpoint.empty())
        throw Error(GUICHET_E_INVALID_ARGUMENT, "no endpoint configured for this service in the session");
    SoapEnvelope envelope;
    envelope.action = exchange.action;
    // A submission's key, the same on every attempt: the service answers a retry with its first answer.
    envelope.message_id = wsa_message_id(call.idempotency_key(), [&call] { return call.host().random().uuid(); });
    envelope.to = endpoint;
    envelope.headers = exchange.headers;
    envelope.security = exchange.security;
    envelope.body = exchange.body;

    HttpRequest http = call.http_request("POST", endpoint);
    http.headers = {{"Content-Type", "application/soap+xml; charset=utf-8; action=\"" + exchange.action + "\""}};
    http.body = build_soap_envelope(envelope);
    const ExpectedAnswer expected{envelope.message_id, exchange.action + contracts::wsa::response_action_suffix,
                                  exchange.payload_namespace};
    read_answer(call, call.host().http().send(http), expected, response);
}

}  // namespace guichet::toolkit
