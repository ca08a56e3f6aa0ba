// Plain http only to loopback, decided on the host libcurl will connect to (issue 11): the
// former prefix check on the URL's text was bypassed by user info and look-alike host names.
#include "test_runtime.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace guichet::test;

namespace {

CallOutcome remote_echo_to(const std::string& endpoint) {
    auto runtime = make_runtime();
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    const nlohmann::json context{{"endpoints", {{"echo/1", endpoint}}}};
    guichet_session* session = open_session(runtime.get(), context.dump());
    return call(session, "echo/1", "remote", R"({"message":"hello"})", 5'000);
}

}  // namespace

TEST_CASE("plain http to a host dressed up as loopback is refused before anything is sent", "[http][url]") {
    const auto endpoint =
        GENERATE(as<std::string>{}, "http://127.0.0.1:1@evil.invalid/echo",  // user info
                 "http://localhost@evil.invalid/echo", "http://[::1]@evil.invalid/echo",
                 "http://127.0.0.1.evil.invalid/echo", "http://localhost.evil.invalid/echo", "HTTP://evil.invalid/echo",
                 "hTTp://127.0.0.1:1@evil.invalid/echo", "ftp://127.0.0.1/echo", "http://evil.invalid/127.0.0.1");
    INFO(endpoint);
    const CallOutcome out = remote_echo_to(endpoint);
    CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK_THAT(out.message, Catch::Contains("https://"));
}

TEST_CASE("plain http to loopback addresses and names is allowed", "[http][url]") {
    // Port 1 is closed: the exchange is attempted (a network error), not refused as a URL.
    const auto endpoint =
        GENERATE(as<std::string>{}, "http://127.0.0.1:1/echo", "http://127.8.9.10:1/echo", "http://localhost:1/echo",
                 "http://LOCALHOST:1/echo", "http://[::1]:1/echo", "HTTP://127.0.0.1:1/echo");
    INFO(endpoint);
    const CallOutcome out = remote_echo_to(endpoint);
    CHECK(out.status != GUICHET_E_INVALID_ARGUMENT);
    CHECK(out.status == GUICHET_E_NETWORK);
}
