#pragma once
// adri/1 in the sandbox: acquerirLesDroits on the Guichet sandbox profile (docs/protocols/adri),
// answered from rights.json behind the shared SOAP pipeline: rights open or closed on the date,
// exemptions, CSS/AME, third-party payment; 02 for a scheme ADRi does not reach; a fault for an
// unknown beneficiary.
#include "sandbox_data.hpp"
#include "service_handler.hpp"
#include "soap_pipeline.hpp"

#include <functional>
#include <memory>

namespace guichet::sandbox {

class AdriService : public ServiceHandler {
public:
    AdriService(std::function<SoapPipelineConfig()> pipeline, std::function<std::shared_ptr<const SandboxData>()> data)
        : pipeline_(std::move(pipeline)), data_(std::move(data)) {}
    std::string service_id() const override { return "adri/1"; }
    std::string path() const override { return "/adri"; }
    std::string operation(const HttpRequestIn& request) const override;
    HttpAnswer handle(const HttpRequestIn& request) override;

private:
    std::function<SoapPipelineConfig()> pipeline_;
    std::function<std::shared_ptr<const SandboxData>()> data_;
};

}  // namespace guichet::sandbox
