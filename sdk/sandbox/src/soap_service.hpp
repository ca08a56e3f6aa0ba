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
    /** Answers a call the pipeline accepted (an action not in submitting_actions). */
    virtual HttpAnswer answer(const SoapCall& call) = 0;
    /** Processes a submission seen for the first time (an action in submitting_actions): the
     *  answer, and the receipt drawn (empty for a business refusal). Called once per MessageID;
     *  its retries get the recorded answer without reaching the service. */
    virtual SubmissionOutcome submit(const SoapCall& call);
    std::shared_ptr<const SandboxData> data() const { return context_.data(); }

private:
    ServiceContext context_;
    SoapServiceRules rules_;
};

}  // namespace guichet::sandbox
