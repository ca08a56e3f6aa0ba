// guichet.http/1 against a real HTTPS server on loopback with throwaway certificates:
// TLS verification, pinned CA, client certificates (PEM and PKCS#12), connection reuse,
// deadlines and transport errors, each with its status.
#include "https_test_server.hpp"
#include "test_runtime.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstring>
#include <mutex>

using namespace guichet::test;

namespace {

HttpsTestServer::Options server_options(bool require_client_certificate) {
    HttpsTestServer::Options o;
    o.certificate_chain = pki_dir() + "/server.pem";
    o.private_key = pki_dir() + "/server.key";
    o.client_ca = pki_dir() + "/client-cas.pem";
    o.require_client_certificate = require_client_certificate;
    return o;
}

RuntimePtr runtime_trusting(const std::string& ca_file, guichet_secret_fn secret = nullptr) {
    auto config = base_config();
    const std::string ca = pki_dir() + "/" + ca_file;
    config.ca_bundle_path = ca.c_str();
    config.secret = secret;
    auto runtime = make_runtime(config);
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    return runtime;
}

std::string session_for(const std::string& endpoint, const std::string& identity = {}) {
    nlohmann::json s{{"endpoints", {{"echo/1", endpoint}}}};
    if (identity == "pem") {
        s["identities"]["professional"] = {{"certificate", pki_dir() + "/professional.pem"},
                                           {"private_key", pki_dir() + "/professional.key"}};
        s["tls_identity"] = "professional";
    } else if (identity == "pkcs12") {
        s["identities"]["professional"] = {{"pkcs12", pki_dir() + "/structure-insi-auto.p12"}};
        s["tls_identity"] = "professional";
    } else if (identity == "expired") {
        s["identities"]["professional"] = {{"certificate", pki_dir() + "/professional-expired.pem"},
                                           {"private_key", pki_dir() + "/professional-expired.key"}};
        s["tls_identity"] = "professional";
    }
    return s.dump();
}

guichet_status GUICHET_CALL right_passphrase(void*, const char*, const char*, char* buffer, uint32_t capacity) {
    const char secret[] = "guichet-test";
    if (capacity < sizeof secret) return GUICHET_E_BUFFER_TOO_SMALL;
    std::memcpy(buffer, secret, sizeof secret);
    return GUICHET_OK;
}

guichet_status GUICHET_CALL wrong_passphrase(void*, const char*, const char*, char* buffer, uint32_t capacity) {
    const char secret[] = "not-the-passphrase";
    if (capacity < sizeof secret) return GUICHET_E_BUFFER_TOO_SMALL;
    std::memcpy(buffer, secret, sizeof secret);
    return GUICHET_OK;
}

guichet_status open(guichet_runtime* runtime, const std::string& context, guichet_session** session) {
    return guichet_session_open(runtime, context.data(), context.size(), session);
}

}  // namespace

TEST_CASE("a server whose CA is not trusted is refused with a TLS error", "[http]") {
    HttpsTestServer server(server_options(false));
    auto runtime = runtime_trusting("unknown-ca.pem");
    guichet_session* session = open_session(runtime.get(), session_for(server.url("/echo")));
    const auto out = call(session, "echo/1", "remote", R"({"message":"hello"})");
    CHECK(out.status == GUICHET_E_TLS);
    CHECK_THAT(out.message, Catch::Contains("secure connection refused"));
    CHECK(server.requests() == 0);
}

TEST_CASE("the pinned CA bundle makes the same server trusted", "[http]") {
    HttpsTestServer server(server_options(false));
    auto runtime = runtime_trusting("root-ca.pem");
    guichet_session* session = open_session(runtime.get(), session_for(server.url("/echo")));
    const auto out = call(session, "echo/1", "remote", R"({"message":"hello"})");
    REQUIRE(out.status == GUICHET_OK);
    CHECK(nlohmann::json::parse(out.json)["message"] == "hello");
}

TEST_CASE("a session's CA bundle overrides the runtime's", "[http]") {
    HttpsTestServer server(server_options(false));
    auto runtime = runtime_trusting("unknown-ca.pem");
    nlohmann::json context = nlohmann::json::parse(session_for(server.url("/echo")));
    context["ca_bundle"] = pki_dir() + "/root-ca.pem";
    guichet_session* session = open_session(runtime.get(), context.dump());
    CHECK(call(session, "echo/1", "remote", R"({"message":"hello"})").status == GUICHET_OK);
}

TEST_CASE("the session's client certificate is presented to a server that demands one", "[http]") {
    HttpsTestServer server(server_options(true));
    SECTION("PEM certificate and key") {
        auto runtime = runtime_trusting("root-ca.pem");
        guichet_session* session = open_session(runtime.get(), session_for(server.url("/echo"), "pem"));
        const auto out = call(session, "echo/1", "remote", R"({"message":"with card"})");
        REQUIRE(out.status == GUICHET_OK);
        CHECK_THAT(server.last_client_subject(), Catch::Contains("CN=810100000011"));
    }
    SECTION("PKCS#12 bundle opened with the passphrase the application gives") {
        auto runtime = runtime_trusting("root-ca.pem", right_passphrase);
        guichet_session* session = open_session(runtime.get(), session_for(server.url("/echo"), "pkcs12"));
        const auto out = call(session, "echo/1", "remote", R"({"message":"with p12"})");
        REQUIRE(out.status == GUICHET_OK);
        CHECK_THAT(server.last_client_subject(), Catch::Contains("CN=INSI-AUTO"));
    }
    SECTION("no client certificate: the server refuses the handshake") {
        auto runtime = runtime_trusting("root-ca.pem");
        guichet_session* session = open_session(runtime.get(), session_for(server.url("/echo")));
        const auto out = call(session, "echo/1", "remote", R"({"message":"anonymous"})");
        CHECK((out.status == GUICHET_E_TLS || out.status == GUICHET_E_NETWORK));
        CHECK(server.requests() == 0);
    }
}

TEST_CASE("identity problems are distinct errors at session opening", "[http]") {
    SECTION("wrong PKCS#12 passphrase") {
        auto runtime = runtime_trusting("root-ca.pem", wrong_passphrase);
        guichet_session* session = nullptr;
        CHECK(open(runtime.get(), session_for("https://127.0.0.1:1/echo", "pkcs12"), &session) ==
              GUICHET_E_PIN_INCORRECT);
        CHECK(str(guichet_last_error()->field) == "/identities/professional/pkcs12");
    }
    SECTION("no way to ask for the passphrase") {
        auto runtime = runtime_trusting("root-ca.pem");
        guichet_session* session = nullptr;
        CHECK(open(runtime.get(), session_for("https://127.0.0.1:1/echo", "pkcs12"), &session) ==
              GUICHET_E_PIN_INCORRECT);
        CHECK_THAT(last_error_message(), Catch::Contains("secret callback"));
    }
    SECTION("expired certificate") {
        auto runtime = runtime_trusting("root-ca.pem");
        guichet_session* session = nullptr;
        CHECK(open(runtime.get(), session_for("https://127.0.0.1:1/echo", "expired"), &session) ==
              GUICHET_E_CERT_EXPIRED);
        CHECK_THAT(last_error_message(), Catch::Contains("has expired"));
    }
    SECTION("certificate not valid yet") {
        auto runtime = runtime_trusting("root-ca.pem");
        guichet_session* session = nullptr;
        nlohmann::json context{{"identities",
                                {{"card",
                                  {{"certificate", pki_dir() + "/professional-not-yet-valid.pem"},
                                   {"private_key", pki_dir() + "/professional-not-yet-valid.key"}}}}}};
        CHECK(open(runtime.get(), context.dump(), &session) == GUICHET_E_CERT_NOT_YET_VALID);
    }
    SECTION("key that does not match the certificate") {
        auto runtime = runtime_trusting("root-ca.pem");
        guichet_session* session = nullptr;
        nlohmann::json context{{"identities",
                                {{"card",
                                  {{"certificate", pki_dir() + "/professional.pem"},
                                   {"private_key", pki_dir() + "/professional-expired.key"}}}}}};
        CHECK(open(runtime.get(), context.dump(), &session) == GUICHET_E_IDENTITY);
        CHECK_THAT(last_error_message(), Catch::Contains("does not match"));
    }
    SECTION("missing file") {
        auto runtime = runtime_trusting("root-ca.pem");
        guichet_session* session = nullptr;
        const std::string context = R"({"identities":{"card":{"pkcs12":"/nonexistent.p12"}}})";
        CHECK(open(runtime.get(), context, &session) == GUICHET_E_IO);
        CHECK(str(guichet_last_error()->field) == "/identities/card/pkcs12");
    }
}

TEST_CASE("sequential calls reuse one TLS connection", "[http]") {
    HttpsTestServer server(server_options(true));
    auto runtime = runtime_trusting("root-ca.pem");
    guichet_session* session = open_session(runtime.get(), session_for(server.url("/echo"), "pem"));
    for (int i = 0; i < 5; ++i)
        REQUIRE(call(session, "echo/1", "remote", R"({"message":"again"})").status == GUICHET_OK);
    CHECK(server.requests() == 5);
    CHECK(server.handshakes() == 1);
}

TEST_CASE("transport failures map to statuses a vendor can act on", "[http]") {
    HttpsTestServer server(server_options(false));
    auto runtime = runtime_trusting("root-ca.pem");
    SECTION("HTTP 503 from the service") {
        guichet_session* session = open_session(runtime.get(), session_for(server.url("/status/503")));
        const auto out = call(session, "echo/1", "remote", R"({"message":"x"})");
        CHECK(out.status == GUICHET_E_SERVICE_UNAVAILABLE);  // one classification, the template's too
        CHECK(out.retryable);
        CHECK(out.http_status == 503);
    }
    SECTION("deadline during the exchange") {
        guichet_session* session = open_session(runtime.get(), session_for(server.url("/slow")));
        const auto out = call(session, "echo/1", "remote", R"({"message":"x"})", 200);
        CHECK(out.status == GUICHET_E_DEADLINE_EXCEEDED);
    }
    SECTION("nobody listening") {
        guichet_session* session = open_session(runtime.get(), session_for("https://127.0.0.1:1/echo"));
        const auto out = call(session, "echo/1", "remote", R"({"message":"x"})");
        CHECK(out.status == GUICHET_E_NETWORK);
        CHECK(out.retryable);
    }
    SECTION("plain HTTP to a remote host") {
        guichet_session* session = open_session(runtime.get(), session_for("http://example.invalid/echo"));
        const auto out = call(session, "echo/1", "remote", R"({"message":"x"})");
        CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
        CHECK_THAT(out.message, Catch::Contains("https://"));
    }
}

namespace {
struct Done {
    std::mutex mutex;
    std::condition_variable cv;
    int count = 0;
    static void GUICHET_CALL fired(void* self, const guichet_result*) {
        auto* d = static_cast<Done*>(self);
        std::lock_guard lock(d->mutex);
        ++d->count;
        d->cv.notify_all();
    }
};
}  // namespace

TEST_CASE("concurrent calls reuse their connections instead of handshaking again", "[http]") {
    // Regression: with libcurl's default connection cache size (5), eight workers evicted each
    // other's idle connections and nearly every call paid a new TLS handshake.
    HttpsTestServer server(server_options(true));
    auto config = base_config();
    config.worker_threads = 8;
    const std::string ca = pki_dir() + "/root-ca.pem";
    config.ca_bundle_path = ca.c_str();
    auto runtime = make_runtime(config);
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    guichet_session* session = open_session(runtime.get(), session_for(server.url("/echo"), "pem"));
    Done done;
    constexpr int calls = 200;
    const std::string request = R"({"message":"batch"})";
    for (int i = 0; i < calls; ++i)
        REQUIRE(guichet_call_async(session, "echo/1", "remote", request.data(), request.size(), 30'000, Done::fired,
                                   &done, nullptr) == GUICHET_OK);
    std::unique_lock lock(done.mutex);
    REQUIRE(done.cv.wait_for(lock, std::chrono::seconds(120), [&] { return done.count == calls; }));
    CHECK(server.requests() == calls);
    CHECK(server.handshakes() <= 8);  // at most one connection per worker
}
