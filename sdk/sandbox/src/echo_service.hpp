#pragma once
// echo/1: answers {"message": ..., "client": <TLS client subject>} to POST /echo {"message": ...};
// the template plugin's "remote" operation talks to it over mutual TLS.
#include "service_handler.hpp"

namespace guichet::sandbox {

class EchoService : public ServiceHandler {
public:
    std::string service_id() const override { return "echo/1"; }
    std::string path() const override { return "/echo"; }
    std::string operation(const HttpRequestIn&) const override { return "echo"; }
    HttpAnswer handle(const HttpRequestIn& request) override;
};

}  // namespace guichet::sandbox
