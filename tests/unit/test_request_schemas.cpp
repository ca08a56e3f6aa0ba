// Requests are checked against their published schemas (docs/schemas) before any handler runs:
// a misspelt field (careDate for care_date, birthplace for birth_place) is refused naming it,
// never ignored; every schema compiles with valijson; every shipped operation has its schema.
#include "test_runtime.hpp"

#include <guichet/toolkit/request_schema.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace guichet::test;
namespace tk = guichet::toolkit;
namespace fs = std::filesystem;

namespace {

// The published schemas, beside the sandbox data the build names (tests/CMakeLists.txt).
fs::path schemas_dir() { return GUICHET_TEST_SCHEMAS_DIR; }

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// One folder of docs/schemas as the build embeds it: names and texts, kept alive here.
struct SchemaFolder {
    std::string name;
    std::deque<std::string> names;
    std::deque<std::string> texts;
    std::vector<tk::SchemaFile> files;

    explicit SchemaFolder(const std::string& folder) : name(folder) {
        for (const auto& entry : fs::directory_iterator(schemas_dir() / folder)) {
            if (entry.path().extension() != ".json") continue;
            names.push_back(entry.path().filename().string());
            texts.push_back(read_text(entry.path()));
            files.push_back({names.back(), texts.back()});
        }
    }
    tk::RequestSchema schema(std::string_view file) const { return {name, file, files}; }
};

// The field a refused request names; "" when the request passes.
std::string refused_field(const tk::RequestValidator& validator, const nlohmann::json& request) {
    try {
        validator.check(request);
        return "";
    } catch (const tk::Error& e) {
        CHECK(e.status() == GUICHET_E_INVALID_ARGUMENT);
        INFO(e.what());
        CHECK(std::string(e.what()).find(e.field()) == 0);
        return e.field();
    }
}

const nlohmann::json valid_rights_request = {
    {"beneficiary", {{"nir", "1800175123456"}, {"birth_date", "1980-01-01"}, {"birth_rank", 1}}},
    {"care_date", "2024-03-01"}};

const nlohmann::json valid_traits = {
    {"birth_name", "CORSE"}, {"first_names", {"PAULE"}}, {"sex", "F"}, {"birth_date", "1975-00-00"}};

}  // namespace

TEST_CASE("A misspelt field is refused naming it, not ignored", "[schema]") {
    const SchemaFolder adri("adri");
    const tk::RequestValidator rights(adri.schema("get_rights.json"));
    nlohmann::json request = valid_rights_request;
    request.erase("care_date");
    request["careDate"] = "2024-03-01";  // used to be ignored: the call went on with today
    CHECK(refused_field(rights, request) == "/careDate");

    const SchemaFolder insi("insi");
    const tk::RequestValidator traits(insi.schema("search_by_traits.json"));
    nlohmann::json search = valid_traits;
    search["birthplace"] = "2A004";  // used to be ignored: the search went on without a birth place
    CHECK(refused_field(traits, search) == "/birthplace");

    // Through another file's $ref too: qualify's traits are search_by_traits' request.
    const tk::RequestValidator qualify(insi.schema("qualify.json"));
    CHECK(refused_field(qualify, {{"traits", search}, {"identity_document_checked", true}}) == "/traits/birthplace");
}

TEST_CASE("A valid request passes; a wrong or missing field is named by pointer", "[schema]") {
    const SchemaFolder adri("adri");
    const tk::RequestValidator rights(adri.schema("get_rights.json"));
    CHECK(refused_field(rights, valid_rights_request).empty());

    nlohmann::json wrong = valid_rights_request;
    wrong["beneficiary"]["birth_rank"] = "1";
    CHECK(refused_field(rights, wrong) == "/beneficiary/birth_rank");
    wrong = valid_rights_request;
    wrong["beneficiary"].erase("birth_date");
    CHECK(refused_field(rights, wrong) == "/beneficiary/birth_date");
    wrong = valid_rights_request;
    wrong["care_date"] = "2024-13-45";
    CHECK(refused_field(rights, wrong) == "/care_date");

    const SchemaFolder insi("insi");
    const tk::RequestValidator qualify(insi.schema("qualify.json"));
    CHECK(refused_field(qualify, {{"traits", valid_traits}, {"identity_document_checked", false}}).empty());
    const tk::RequestValidator traits(insi.schema("search_by_traits.json"));
    nlohmann::json search = valid_traits;
    search["first_names"] = {"PAULE", ""};
    CHECK(refused_field(traits, search) == "/first_names/1");
}

TEST_CASE("Every published schema compiles with valijson and refuses unknown request fields", "[schema]") {
    size_t checked = 0;
    for (const auto& folder : fs::directory_iterator(schemas_dir())) {
        const SchemaFolder schemas(folder.path().filename().string());
        for (const std::string& file : schemas.names) {
            INFO(schemas.name + "/" + file);
            const tk::RequestValidator validator(schemas.schema(file));  // throws when it does not compile
            const auto document = nlohmann::json::parse(read_text(folder.path() / file));
            CHECK(document.at(nlohmann::json::json_pointer("/$defs/request/additionalProperties")) == false);
            CHECK(!refused_field(validator, {{"guichet_schema_probe", true}}).empty());
            ++checked;
        }
    }
    CHECK(checked >= 14);
}

// The drift check: an operation added to a shipped plugin without its schema fails here.
TEST_CASE("Every operation of the shipped plugins has a published schema and enforces it", "[schema]") {
    auto runtime = make_runtime();
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    guichet_session* session = open_session(runtime.get());
    size_t operations = 0;
    for (uint32_t s = 0; s < guichet_runtime_service_count(runtime.get()); ++s) {
        guichet_service_info service{};
        service.struct_size = sizeof(service);
        REQUIRE(guichet_runtime_service_at(runtime.get(), s, &service) == GUICHET_OK);
        const std::string id = service.id;
        const std::string folder = id.substr(0, id.find('/'));
        for (uint32_t o = 0; o < service.operation_count; ++o) {
            guichet_operation_info operation{};
            operation.struct_size = sizeof(operation);
            REQUIRE(guichet_runtime_operation_at(runtime.get(), s, o, &operation) == GUICHET_OK);
            INFO(id + " " + operation.name);
            CHECK(fs::exists(schemas_dir() / folder / (std::string(operation.name) + ".json")));
            // Refused by its own published schema before the handler: nothing read, nothing sent.
            const CallOutcome out = call(session, id, operation.name, R"({"guichet_schema_probe": true})");
            CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
            CHECK_THAT(out.message, Catch::EndsWith("[" + folder + "/" + operation.name + ".json]"));
            ++operations;
        }
    }
    guichet_session_close(session);
    CHECK(operations >= 14);
}

TEST_CASE("A plugin refuses careDate and birthplace before sending anything", "[schema]") {
    auto runtime = make_runtime();
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    guichet_session* session = open_session(runtime.get());
    nlohmann::json rights = valid_rights_request;
    rights["careDate"] = rights["care_date"];
    rights.erase("care_date");
    CallOutcome out = call(session, "adri/1", "get_rights", rights.dump());
    CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(out.field == "/careDate");
    CHECK(out.message == "/careDate: is not a field of this request, which allows no other [adri/get_rights.json]");

    nlohmann::json traits = valid_traits;
    traits["birthplace"] = "2A004";
    out = call(session, "insi/1", "search_by_traits", traits.dump());
    CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(out.field == "/birthplace");
    guichet_session_close(session);
}

// valijson's date and date-time formats are std::regex patterns repeating without bound, which
// libstdc++ matches with one recursion per character: 60,000 digits overflowed the stack of the
// calling thread (found by tests/fuzz/json_request).
TEST_CASE("An overlong date is refused before valijson reads it", "[schema]") {
    const SchemaFolder adri("adri");
    const tk::RequestValidator rights(adri.schema("get_rights.json"));
    nlohmann::json request = valid_rights_request;
    request["care_date"] = std::string(60'000, '1') + "-01-01";
    CHECK(refused_field(rights, request) == "/care_date");
    try {
        rights.check(request);
    } catch (const tk::Error& e) {
        CHECK_THAT(e.what(), Catch::Contains("too long for a date"));
    }
    // A long string where the schema sets no format goes on to valijson as before.
    request = valid_rights_request;
    request["beneficiary"]["nir"] = std::string(60'000, '1');
    CHECK(refused_field(rights, request) == "/beneficiary/nir");
}
