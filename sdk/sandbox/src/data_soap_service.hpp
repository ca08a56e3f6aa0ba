#pragma once
// A simulated CNAM teleservice: requests go through the shared SOAP pipeline, answers come from
// the sandbox's editable test data. Both are read per request, so a reload takes effect at once.
#include "sandbox_data.hpp"
#include "service_handler.hpp"
#include "soap_pipeline.hpp"

#include <functional>
#include <memory>

namespace guichet::sandbox {

class DataSoapService : public ServiceHandler {
public:
    using PipelineSource = std::function<SoapPipelineConfig()>;
    using DataSource = std::function<std::shared_ptr<const SandboxData>()>;
    DataSoapService(PipelineSource pipeline, DataSource data)
        : pipeline_(std::move(pipeline)), data_(std::move(data)) {}

protected:
    PipelineSource pipeline_;
    DataSource data_;
};

}  // namespace guichet::sandbox
