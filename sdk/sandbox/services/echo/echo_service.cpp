// echo/1: answers {"message": ..., "client": <TLS client subject>} to POST /echo {"message": ...};
// the template plugin's "remote" operation talks to it over mutual TLS. Not SOAP: it shows a
// service outside the CNAM pipeline registers the same way.
#include "service_registry.hpp"

#include <nlohmann/json.hpp>

namespace guichet::sandbox {

namespace {

class EchoService : public ServiceHandler {
public:
    std::string operation(const HttpRequestIn&) const override { return "echo"; }

    HttpAnswer handle(const HttpRequestIn& request) override {
        if (request.method != "POST") return HttpAnswer{405, "application/json", {}, R"({"error":"POST only"})"};
        const auto body = nlohmann::json::parse(request.body, nullptr, false);
        if (body.is_discarded() || !body.is_object() || !body.contains("message") || !body["message"].is_string())
            return HttpAnswer{400, "application/json", {}, R"({"error":"expected {\"message\": string}"})"};
        return HttpAnswer{200,
                          "application/json",
                          {},
                          nlohmann::json{{"message", body["message"]}, {"client", request.client_subject}}.dump()};
    }
};

}  // namespace

void register_echo_service(ServiceRegistry& registry) {
    registry.add(
        {"echo/1", "/echo", {}, {}, [](const ServiceContext&) { return std::make_unique<EchoService>(); }, false});
}

}  // namespace guichet::sandbox
