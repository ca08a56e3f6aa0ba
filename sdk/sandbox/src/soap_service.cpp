#include "soap_service.hpp"

#include <ctime>

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
    return answer(std::get<SoapCall>(accepted));
}

}  // namespace guichet::sandbox
