#pragma once
// One simulated teleservice's request handling: how an operation is recognised, how it answers.
// Its id, path, data and schemas are declared where it registers (service_registry.hpp).
#include "http_server.hpp"

#include <string>

namespace guichet::sandbox {

class ServiceHandler {
public:
    virtual ~ServiceHandler() = default;
    /** The operation a request asks for (for SOAP services: from the action). */
    virtual std::string operation(const HttpRequestIn& request) const = 0;
    virtual HttpAnswer handle(const HttpRequestIn& request) = 0;
};

}  // namespace guichet::sandbox
