#pragma once
// One simulated teleservice: where it listens, how an operation is recognised, how it answers.
#include "http_server.hpp"

#include <string>

namespace guichet::sandbox {

class ServiceHandler {
public:
    virtual ~ServiceHandler() = default;
    virtual std::string service_id() const = 0;  ///< "echo/1"
    virtual std::string path() const = 0;        ///< "/echo"
    /** The operation a request asks for (for SOAP services: from the action). */
    virtual std::string operation(const HttpRequestIn& request) const = 0;
    virtual HttpAnswer handle(const HttpRequestIn& request) = 0;
};

}  // namespace guichet::sandbox
