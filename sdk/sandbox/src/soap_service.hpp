#pragma once
// A simulated SOAP teleservice: every request goes through the shared SOAP pipeline with the
// service's rules (actions, which headers it requires), then the service answers the checked
// call. Pipeline configuration and test data are read per request, so a reload takes effect at
// once.
#include "service_registry.hpp"
#include "soap_pipeline.hpp"

namespace guichet::sandbox {

class SoapService : public ServiceHandler {
public:
    SoapService(ServiceContext context, SoapServiceRules rules)
        : context_(std::move(context)), rules_(std::move(rules)) {}

    /** The operation whose action the request carries, or "unknown" (the journal's label). */
    std::string operation(const HttpRequestIn& request) const override;
    HttpAnswer handle(const HttpRequestIn& request) final;

protected:
    /** Answers a call the pipeline accepted. */
    virtual HttpAnswer answer(const SoapCall& call) = 0;
    std::shared_ptr<const SandboxData> data() const { return context_.data(); }

private:
    ServiceContext context_;
    SoapServiceRules rules_;
};

}  // namespace guichet::sandbox
