#include "soap_service.hpp"

#include <guichet/toolkit/crypto.hpp>
#include <guichet/toolkit/xml_c14n.hpp>

#include <ctime>
#include <stdexcept>

namespace guichet::sandbox {

std::string SoapService::operation(const HttpRequestIn& request) const {
    // Only a label for the journal and for fault/injection matching: the pipeline reads the
    // real wsa:Action when it handles the request.
    for (const auto& [action, name] : rules_.actions)
        if (request.body.find(action) != std::string::npos) return name;
    return "unknown";
}

HttpAnswer SoapService::handle(const HttpRequestIn& request) {
    auto accepted = accept_soap(request, rules_, context_.pipeline(), static_cast<int64_t>(std::time(nullptr)));
    if (auto* refusal = std::get_if<HttpAnswer>(&accepted)) return *refusal;
    const SoapCall& call = std::get<SoapCall>(accepted);
    if (rules_.submitting_actions.count(call.action) == 0) return answer(call);
    if (context_.submissions == nullptr) throw std::logic_error("a submission service without a submission record");
    // The same submission on every attempt: the payload as canonicalised (the envelope around it,
    // its VIHF and timestamps, may be made again for a retry).
    const std::vector<uint8_t> digest = toolkit::sha256(toolkit::exclusive_c14n(call.payload));
    const SubmissionKey key{call.message_id, context_.service_id, call.action, toolkit::base64_encode(digest)};
    return context_.submissions->submit(key, [this, &call] { return submit(call); });
}

SubmissionOutcome SoapService::submit(const SoapCall& call) { return {answer(call), {}}; }

}  // namespace guichet::sandbox
