// Keys on a real PKCS#11 token (SoftHSM2): signing and mutual TLS with a key that never leaves
// the token, and the token's failures as distinct errors.
#include "https_test_server.hpp"
#include "independent_checks.hpp"
#include "running_sandbox.hpp"
#include "softhsm_token.hpp"
#include "test_runtime.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstring>

using namespace guichet::test;
using nlohmann::json;

namespace {

guichet_status GUICHET_CALL token_pin(void* pin, const char* kind, const char*, char* buffer, uint32_t capacity) {
    if (std::strcmp(kind, "pin") != 0) return GUICHET_E_CANCELLED;
    const char* value = static_cast<const char*>(pin);
    if (std::strlen(value) + 1 > capacity) return GUICHET_E_BUFFER_TOO_SMALL;
    std::strcpy(buffer, value);
    return GUICHET_OK;
}

RuntimePtr runtime_with_pin(const char* pin) {
    auto config = base_config();
    config.secret = token_pin;
    config.secret_user_data = const_cast<char*>(pin);
    const std::string ca = pki_dir() + "/root-ca.pem";
    config.ca_bundle_path = ca.c_str();
    auto runtime = make_runtime(config);
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    return runtime;
}

json card_session(const SoftHsmToken& token, const std::string& key_label) {
    return {{"authentication_mode", "card"},
            {"professional",
             {{"national_id", "810100000011"},
              {"given_name", "ISABELLE"},
              {"family_name", "MEDECIN-TEST"},
              {"profession", {{"code", "10"}, {"code_system", "1.2.250.1.71.1.2.7"}, {"display_name", "Medecin"}}}}},
            {"structure", {{"id", "10B0000001"}, {"activity_sector", "SA07^1.2.250.1.71.4.2.4"}}},
            {"identities", {{"card", json::parse(token.identity_json(key_label))}}},
            {"tls_identity", "card"}};
}

guichet_status open_status(guichet_runtime* runtime, const json& context) {
    guichet_session* session = nullptr;
    const std::string text = context.dump();
    return guichet_session_open(runtime, text.data(), text.size(), &session);
}

}  // namespace

TEST_CASE("a VIHF signed by a key on a SoftHSM2 token verifies with xmlsec1", "[pkcs11][xmlsec1]") {
    SoftHsmToken token("CPS-TEST");
    token.import("professional", pki_dir() + "/professional.key", pki_dir() + "/professional.pem", "01");
    auto runtime = runtime_with_pin(SoftHsmToken::user_pin);
    guichet_session* session = open_session(runtime.get(), card_session(token, "professional").dump());
    const auto out = call(session, "vihf/1", "build", "{}");
    INFO(out.message);
    REQUIRE(out.status == GUICHET_OK);
    const ToolRun verified = xmlsec1_verify_assertion(json::parse(out.json)["assertion"].get<std::string>());
    INFO(verified.output);
    CHECK(verified.exit_code == 0);
}

TEST_CASE("mutual TLS works with a private key that stays on the token", "[pkcs11][http]") {
    SoftHsmToken token("CPS-TEST");
    token.import("professional", pki_dir() + "/professional.key", pki_dir() + "/professional.pem", "01");
    HttpsTestServer::Options options;
    options.certificate_chain = pki_dir() + "/server.pem";
    options.private_key = pki_dir() + "/server.key";
    options.client_ca = pki_dir() + "/client-cas.pem";
    options.require_client_certificate = true;
    HttpsTestServer server(options);
    auto runtime = runtime_with_pin(SoftHsmToken::user_pin);
    json context = card_session(token, "professional");
    context["endpoints"] = {{"echo/1", server.url("/echo")}};
    guichet_session* session = open_session(runtime.get(), context.dump());
    const auto out = call(session, "echo/1", "remote", R"({"message":"signed on the card"})");
    INFO(out.message);
    REQUIRE(out.status == GUICHET_OK);
    CHECK_THAT(server.last_client_subject(), Catch::Contains("CN=810100000011"));
}

TEST_CASE("a card session's connections close with it, before its token session", "[pkcs11][sandbox]") {
    // Regression: the HTTP client pooled connections by certificate for the runtime's lifetime.
    // Their SSL_CTX kept the token's EVP_PKEY after the session had released its slots and
    // finalised the module; the next session on the same card reused them, and freeing them at
    // runtime destruction corrupted the heap for whatever ran next in the process.
    SoftHsmToken token("CPS-TEST");
    token.import("professional", pki_dir() + "/professional.key", pki_dir() + "/professional.pem", "01");
    RunningSandbox sandbox;
    json context = sandbox.sandbox->client_config();
    context["identities"]["professional"] = json::parse(token.identity_json("professional"));
    {
        auto runtime = runtime_with_pin(SoftHsmToken::user_pin);
        for (int session_number = 1; session_number <= 2; ++session_number) {
            guichet_session* session = open_session(runtime.get(), context.dump());
            for (int i = 0; i < 2; ++i) {
                const auto out = call(session, "echo/1", "remote", R"({"message":"signed on the card"})", 10'000);
                INFO(out.message);
                REQUIRE(out.status == GUICHET_OK);
            }
            guichet_session_close(session);
            // One handshake per session: a closed session's connections went with its key.
            CHECK(sandbox.sandbox->tls_handshakes() == session_number);
        }
    }
    // The process goes on: a runtime with a key from files talks to the sandbox as before.
    auto runtime = runtime_with_pin(SoftHsmToken::user_pin);
    guichet_session* session = open_session(runtime.get(), sandbox.sandbox->client_config().dump());
    for (int i = 0; i < 3; ++i)
        CHECK(call(session, "echo/1", "remote", R"({"message":"from a file"})", 10'000).status == GUICHET_OK);
}

TEST_CASE("token failures are distinct errors naming what to fix", "[pkcs11]") {
    SoftHsmToken token("CPS-TEST");
    token.import("professional", pki_dir() + "/professional.key", pki_dir() + "/professional.pem", "01");
    token.import("expired", pki_dir() + "/professional-expired.key", pki_dir() + "/professional-expired.pem", "02");
    SECTION("wrong PIN") {
        auto runtime = runtime_with_pin("000000");
        CHECK(open_status(runtime.get(), card_session(token, "professional")) == GUICHET_E_PIN_INCORRECT);
        CHECK_THAT(last_error_message(), Catch::Contains("wrong PIN"));
    }
    SECTION("card not inserted") {
        auto runtime = runtime_with_pin(SoftHsmToken::user_pin);
        json context = card_session(token, "professional");
        context["identities"]["card"]["pkcs11"]["token_label"] = "ANOTHER-CARD";
        CHECK(open_status(runtime.get(), context) == GUICHET_E_TOKEN_ABSENT);
        CHECK(str(guichet_last_error()->field) == "/identities/card/pkcs11/token_label");
    }
    SECTION("no such key on the card") {
        auto runtime = runtime_with_pin(SoftHsmToken::user_pin);
        CHECK(open_status(runtime.get(), card_session(token, "nobody")) == GUICHET_E_IDENTITY);
        CHECK(str(guichet_last_error()->field) == "/identities/card/pkcs11/key_label");
    }
    SECTION("expired certificate on the card") {
        auto runtime = runtime_with_pin(SoftHsmToken::user_pin);
        CHECK(open_status(runtime.get(), card_session(token, "expired")) == GUICHET_E_CERT_EXPIRED);
    }
    SECTION("PKCS#11 module missing") {
        auto runtime = runtime_with_pin(SoftHsmToken::user_pin);
        json context = card_session(token, "professional");
        context["identities"]["card"]["pkcs11"]["module"] = "/nonexistent/libcryptolib.so";
        CHECK(open_status(runtime.get(), context) == GUICHET_E_IDENTITY);
        CHECK_THAT(last_error_message(), Catch::Contains("cannot load the PKCS#11 module"));
    }
}
