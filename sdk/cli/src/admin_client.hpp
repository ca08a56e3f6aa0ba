#pragma once
// Plain-HTTP requests to the sandbox's admin API on loopback (libcurl).
#include <optional>
#include <string>

namespace guichet::cli {

struct AdminReply {
    long status = 0;
    std::string body;
};

/** nullopt when nothing answers at `url`. `token` (the sandbox's <state>/admin-token) is sent as
 *  `Authorization: Bearer`. */
std::optional<AdminReply> admin_request(const std::string& method, const std::string& url, const std::string& token,
                                        const std::string& body = {});

}  // namespace guichet::cli
