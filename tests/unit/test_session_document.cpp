// The one strict reader of the session document (guichet/common/session_document.hpp): a
// member of the wrong type or value is GUICHET_E_INVALID_ARGUMENT naming it by JSON pointer,
// refused when the session opens (the host reads the whole document then), and refused again
// when a plugin instance is created under a host that did not check it — never GUICHET_E_INTERNAL.
#include "test_runtime.hpp"

#include <guichet/common/abi_glue.hpp>
#include <guichet/common/session_document.hpp>
#include <guichet/toolkit/plugin.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace guichet::test;
using guichet::common::AuthenticationMode;
using guichet::common::read_session_document;
using guichet::common::SessionDocument;
using nlohmann::json;

namespace {

// The field a document is refused for, or "" when it is accepted.
std::string refused_field(const json& document) {
    SessionDocument out;
    const auto read = read_session_document(document.dump(), out);
    if (read) return "";
    CHECK(read.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK_THAT(read.message, Catch::StartsWith("session context"));
    return read.field;
}

}  // namespace

TEST_CASE("the session reader gives every member its documented type", "[session]") {
    SessionDocument doc;
    const json document = {
        {"authentication_mode", "structure"},
        {"professional",
         {{"national_id", "810100000011"},
          {"given_name", "ISABELLE"},
          {"profession", {{"code", "10"}, {"code_system", "1.2.250.1.71.1.2.7"}, {"display_name", "Medecin"}}}}},
        {"structure", {{"id", "10B0000001"}}},
        {"endpoints", {{"insi/1", "https://127.0.0.1:8443/insi"}}},
        {"vitale_choice_max_age_s", 120},
        {"dmp_homologation", nullptr},     // null reads as absent
        {"vendor_extension", {1, 2, 3}}};  // members the document does not define are left alone
    REQUIRE(read_session_document(document.dump(), doc));
    CHECK(doc.authentication_mode == AuthenticationMode::structure);
    CHECK(doc.professional.national_id == "810100000011");
    CHECK_FALSE(doc.professional.family_name);
    REQUIRE(doc.professional.profession);
    CHECK(doc.professional.profession->code_system == "1.2.250.1.71.1.2.7");
    CHECK_FALSE(doc.professional.specialty);
    CHECK(doc.structure.id == "10B0000001");
    CHECK(doc.endpoints.at("insi/1") == "https://127.0.0.1:8443/insi");
    CHECK(doc.vitale_choice_max_age_s == 120);
    CHECK_FALSE(doc.dmp_homologation);

    SessionDocument empty;
    CHECK(read_session_document("", empty));
    CHECK_FALSE(empty.authentication_mode);
}

TEST_CASE("a session member of the wrong type or value is named by its JSON pointer", "[session]") {
    CHECK(refused_field({{"authentication_mode", 5}}) == "/authentication_mode");
    CHECK(refused_field({{"authentication_mode", "badge"}}) == "/authentication_mode");
    CHECK(refused_field({{"professional", "Dr House"}}) == "/professional");
    CHECK(refused_field({{"professional", {{"national_id", 810100000011}}}}) == "/professional/national_id");
    CHECK(refused_field({{"professional", {{"profession", {{"code", 10}}}}}}) == "/professional/profession/code");
    CHECK(refused_field({{"structure", {{"activity_sector", true}}}}) == "/structure/activity_sector");
    CHECK(refused_field({{"vitale_choice_max_age_s", "300"}}) == "/vitale_choice_max_age_s");
    CHECK(refused_field({{"vitale_choice_max_age_s", -1}}) == "/vitale_choice_max_age_s");
    CHECK(refused_field({{"endpoints", {{"echo/1", ""}}}}) == "/endpoints/echo~11");
    CHECK(refused_field({{"tls_identity", 1}}) == "/tls_identity");
    CHECK(refused_field({{"identities", "card"}}) == "/identities");

    SessionDocument out;
    const auto not_object = read_session_document("[1]", out);
    CHECK(not_object.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(not_object.field.empty());

    // A number beyond a double is a JSON library out_of_range, not a parse_error: named too.
    const auto overflow = read_session_document(R"({"vitale_choice_max_age_s": 1e999})", out);
    CHECK(overflow.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(overflow.field == "/vitale_choice_max_age_s");
    CHECK(refused_field({{"vitale_choice_max_age_s", 18446744073709551615ull}}) == "/vitale_choice_max_age_s");
}

TEST_CASE("a session whose authentication_mode is not a string is refused when it opens", "[session]") {
    // At session open, because the host reads the whole document then, as it loads identities:
    // the professional learns of the mistake before any call, and no plugin ever sees it.
    auto runtime = make_runtime();
    const std::string context = R"({"authentication_mode": 5})";
    guichet_session* session = nullptr;
    CHECK(guichet_session_open(runtime.get(), context.data(), context.size(), &session) == GUICHET_E_INVALID_ARGUMENT);
    CHECK(session == nullptr);
    REQUIRE(guichet_last_error() != nullptr);
    CHECK(str(guichet_last_error()->field) == "/authentication_mode");
    CHECK_THAT(last_error_message(), Catch::Contains("must be a string"));
}

namespace {
guichet::toolkit::PluginDefinition one_service() {
    return guichet::toolkit::PluginDefinition().service(guichet::toolkit::Service("probe/1", "Probe", {1, 0, 0}));
}
}  // namespace

TEST_CASE("a plugin instance refuses a wrong session member under a host that did not check it", "[session]") {
    // Another host may hand the document through unchecked: the toolkit reads it with the same
    // reader when the instance is created, and reports the member through the error sink.
    namespace detail = guichet::toolkit::detail;
    REQUIRE(detail::init(nullptr, nullptr, one_service) == GUICHET_OK);
    const auto* factory = static_cast<const guichet_service_factory*>(detail::get_factory(GUICHET_SERVICE_FACTORY_ID));
    REQUIRE(factory != nullptr);
    const std::string session = R"({"authentication_mode": 5})";
    guichet_instance_config config{};
    config.struct_size = sizeof(config);
    config.session_json = guichet::common::to_c(session);
    guichet::common::FirstError errors;
    guichet_service_instance* instance =
        factory->create_instance(guichet::common::to_c("probe/1"), nullptr, &config, errors.sink());
    CHECK(instance == nullptr);
    REQUIRE(errors.reported());
    CHECK(errors.detail().status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(errors.detail().field == "/authentication_mode");
    if (instance != nullptr) instance->destroy(instance);
    detail::deinit();
}
