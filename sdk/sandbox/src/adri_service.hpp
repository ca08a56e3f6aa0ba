#pragma once
// adri/1 in the sandbox: acquerirLesDroits on the Guichet sandbox profile (docs/protocols/adri),
// answered from rights.json: rights open or closed on the date, exemptions, CSS/AME,
// third-party payment; 02 for a scheme ADRi does not reach; a fault for an unknown beneficiary.
#include "data_soap_service.hpp"

namespace guichet::sandbox {

class AdriService : public DataSoapService {
public:
    using DataSoapService::DataSoapService;
    std::string service_id() const override { return "adri/1"; }
    std::string path() const override { return "/adri"; }
    std::string operation(const HttpRequestIn& request) const override;
    HttpAnswer handle(const HttpRequestIn& request) override;
};

}  // namespace guichet::sandbox
