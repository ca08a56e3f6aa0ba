#pragma once
// insi/1 in the sandbox: rechercherInsAvecTraitsIdentite on the CNAM contract, answered from
// identities.json (00 found, 01 none, 02 several), behind the shared SOAP pipeline.
#include "sandbox_data.hpp"
#include "service_handler.hpp"
#include "soap_pipeline.hpp"

#include <functional>
#include <memory>

namespace guichet::sandbox {

class InsiService : public ServiceHandler {
public:
    InsiService(std::function<SoapPipelineConfig()> pipeline, std::function<std::shared_ptr<const SandboxData>()> data)
        : pipeline_(std::move(pipeline)), data_(std::move(data)) {}
    std::string service_id() const override { return "insi/1"; }
    std::string path() const override { return "/insi"; }
    std::string operation(const HttpRequestIn& request) const override;
    HttpAnswer handle(const HttpRequestIn& request) override;

private:
    std::function<SoapPipelineConfig()> pipeline_;
    std::function<std::shared_ptr<const SandboxData>()> data_;
};

}  // namespace guichet::sandbox
