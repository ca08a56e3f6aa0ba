// Every error carries a French text a vendor shows the professional as is (user_message,
// ABI 1.2): the service's soap:Reason for a fault (test_failure_classification.cpp), else the
// status's text, naming the faulty field in words; and errors from a 1.1 peer still read.
#include "running_sandbox.hpp"

#include <guichet/common/abi_glue.hpp>
#include <guichet/toolkit/user_message.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstring>

using namespace guichet::test;
namespace tk = guichet::toolkit;
using guichet::common::ErrorDetail;

TEST_CASE("fields are named in words, by pointer, last token or array", "[user_message]") {
    CHECK(tk::field_label_fr("/patient/birth_date") == "date de naissance");
    CHECK(tk::field_label_fr("/birth_date") == "date de naissance");
    CHECK(tk::field_label_fr("/first_names/2") == "prénoms");
    CHECK(tk::field_label_fr("/unheard_of") == "/unheard_of");  // falls back to the pointer
    tk::add_field_labels({{"/unheard_of", "donnée inouïe"}, {"kind", "nature de la carte"}});
    CHECK(tk::field_label_fr("/unheard_of") == "donnée inouïe");
    CHECK(tk::field_label_fr("/card/kind") == "nature de la carte");
    CHECK(tk::user_message_for(GUICHET_E_INVALID_ARGUMENT, "/patient/birth_date") ==
          "Donnée invalide ou manquante : « date de naissance ».");
    CHECK(tk::user_message_for(GUICHET_E_NETWORK, "") ==
          "Le service est injoignable : vérifiez la connexion, puis réessayez.");
}

TEST_CASE("every status has a French text, and a view always carries one", "[user_message]") {
    for (guichet_status s : {GUICHET_E_INVALID_ARGUMENT, GUICHET_E_NOT_FOUND, GUICHET_E_DEADLINE_EXCEEDED,
                             GUICHET_E_NETWORK, GUICHET_E_TLS, GUICHET_E_REMOTE_FAULT, GUICHET_E_BAD_RESPONSE,
                             GUICHET_E_SERVICE_UNAVAILABLE, GUICHET_E_PLUGIN_LOAD, GUICHET_E_INTERNAL, 0x40000001}) {
        INFO(s);
        CHECK_FALSE(guichet::common::status_text_fr(s).empty());
        const guichet_error view = ErrorDetail::make(s, "technical").view();
        CHECK(str(view.user_message) == guichet::common::status_text_fr(s));
    }
    ErrorDetail own = ErrorDetail::make(GUICHET_E_REMOTE_FAULT, "technical");
    own.user_message = "Accès refusé";
    CHECK(str(own.view().user_message) == "Accès refusé");
}

TEST_CASE("an error written by a 1.1 peer is read without its 1.2 members", "[user_message][abi]") {
    ErrorDetail full = ErrorDetail::make(GUICHET_E_REMOTE_FAULT, "m", "/f");
    full.remote_code = "siram_100";
    full.remote_detail_code = "desir_550";
    full.remote_severity = "erreur";
    full.user_message = "Accès refusé";
    full.retry_after_s = 30;
    guichet_error written = full.view();
    written.struct_size = offsetof(guichet_error, remote_detail_code);  // what a 1.1 writer says: 64
    REQUIRE(written.struct_size == 64);
    const ErrorDetail read = ErrorDetail::copy_of(written);
    CHECK(read.remote_code == "siram_100");
    CHECK(read.field == "/f");
    CHECK(read.remote_detail_code.empty());
    CHECK(read.remote_severity.empty());
    CHECK(read.retry_after_s == 0);
    CHECK(str(read.view().user_message) == "Le service a refusé la demande.");  // the status's text
    written.struct_size = sizeof(guichet_error);
    const ErrorDetail whole = ErrorDetail::copy_of(written);
    CHECK(whole.remote_detail_code == "desir_550");
    CHECK(whole.user_message == "Accès refusé");
    CHECK(whole.retry_after_s == 30);
}

TEST_CASE("a request field in error is named in French at the application", "[user_message]") {
    RunningSandbox s;
    auto runtime = make_runtime();
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    guichet_session* session = open_session(runtime.get(), s.sandbox->client_config().dump());
    const std::string request = R"({"birth_name":"ADRTROIS","first_names":["DOMINIQUE"],"sex":"F"})";
    guichet_result* raw = nullptr;
    const guichet_status status =
        guichet_call(session, "insi/1", "search_by_traits", request.data(), request.size(), 10'000, &raw);
    ResultPtr result(raw);
    REQUIRE(status == GUICHET_E_INVALID_ARGUMENT);
    const guichet_error* e = guichet_result_error(result.get());
    REQUIRE(e != nullptr);
    CHECK(str(e->field) == "/birth_date");
    CHECK(str(e->user_message) == "Donnée invalide ou manquante : « date de naissance ».");
}

TEST_CASE("the host's own errors carry their status's French text", "[user_message]") {
    auto runtime = make_runtime();
    guichet_session* session = open_session(runtime.get());
    guichet_result* raw = nullptr;
    const guichet_status status = guichet_call(session, "nothing/1", "x", "{}", 2, 1'000, &raw);
    ResultPtr result(raw);
    REQUIRE(status != GUICHET_OK);
    const guichet_error* e = guichet_result_error(result.get());
    REQUIRE(e != nullptr);
    CHECK(str(e->user_message) == guichet::common::status_text_fr(status));
}
