#pragma once
// insi/1 in the sandbox: rechercherInsAvecTraitsIdentite and rechercherInsAvecCarteVitale on the
// CNAM contract, answered from identities.json (00 found, 01 none, 02 several).
#include "data_soap_service.hpp"

namespace guichet::sandbox {

class InsiService : public DataSoapService {
public:
    using DataSoapService::DataSoapService;
    std::string service_id() const override { return "insi/1"; }
    std::string path() const override { return "/insi"; }
    std::string operation(const HttpRequestIn& request) const override;
    HttpAnswer handle(const HttpRequestIn& request) override;
};

}  // namespace guichet::sandbox
