#pragma once
// soap-echo/1: a SOAP 1.2 test service behind the full pipeline (WS-Addressing, ContexteLPS,
// VIHF, schema). It answers the message and what it learnt from the VIHF, so a plugin author
// and the tests can see a CNAM-style exchange end to end before a real teleservice.
#include "service_handler.hpp"
#include "soap_pipeline.hpp"

#include <functional>

namespace guichet::sandbox {

class SoapEchoService : public ServiceHandler {
public:
    static constexpr const char* action = "urn:guichet:sandbox:echo:1.0:echo";

    explicit SoapEchoService(std::function<SoapPipelineConfig()> pipeline) : pipeline_(std::move(pipeline)) {}
    std::string service_id() const override { return "soap-echo/1"; }
    std::string path() const override { return "/soap/echo"; }
    std::string operation(const HttpRequestIn&) const override { return "echo"; }
    HttpAnswer handle(const HttpRequestIn& request) override;

private:
    std::function<SoapPipelineConfig()> pipeline_;
};

}  // namespace guichet::sandbox
