#include "echo_service.hpp"

#include <nlohmann/json.hpp>

namespace guichet::sandbox {

HttpAnswer EchoService::handle(const HttpRequestIn& request) {
    if (request.method != "POST") return HttpAnswer{405, "application/json", {}, R"({"error":"POST only"})"};
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("message") || !body["message"].is_string())
        return HttpAnswer{400, "application/json", {}, R"({"error":"expected {\"message\": string}"})"};
    return HttpAnswer{200,
                      "application/json",
                      {},
                      nlohmann::json{{"message", body["message"]}, {"client", request.client_subject}}.dump()};
}

}  // namespace guichet::sandbox
