// aati/1 check: every rule the plugin applies before sending, through the real runtime and the
// real plugin, with the field named and a French message for the doctor; no network at all
// (the session has no endpoint).
#include "test_runtime.hpp"

#include <guichet/runtime.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace guichet::test;
using nlohmann::json;

namespace {

json valid_request() {
    return json::parse(R"({
      "patient": {"ins": "263077511503449", "identity_status": "QUAL", "identity_attested": true,
                  "birth_name": "ADRTROIS", "first_names": "DOMINIQUE", "birth_date": "1963-07-12",
                  "category": "employee"},
      "notice": {"kind": "initial", "risk": "illness", "start_date": "2026-06-25", "end_date": "2026-06-27",
                 "reason": {"code": "GRIP-01"}}})");
}

struct Checked {
    guichet_status status;
    json answer;
    std::string field, user_message;
};

Checked check(const json& request) {
    auto runtime = make_runtime();
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    guichet_session* session = open_session(runtime.get());
    const std::string text = request.dump();
    guichet_result* result = nullptr;
    Checked c{guichet_call(session, "aati/1", "check", text.data(), text.size(), 0, &result), nullptr, {}, {}};
    if (const guichet_error* e = guichet_result_error(result)) {
        c.field = str(e->field);
        c.user_message = str(e->user_message);
    } else {
        c.answer = json::parse(guichet_result_json(result, nullptr));
    }
    guichet_result_free(result);
    return c;
}

}  // namespace

TEST_CASE("aati check counts both end days and gives the indicative duration as advice only", "[aati]") {
    const Checked ok = check(valid_request());
    REQUIRE(ok.status == GUICHET_OK);
    CHECK(ok.answer["duration_days"] == 3);  // 25, 26 and 27 June
    CHECK(ok.answer["indicative_duration"]["days"] == 5);
    CHECK(ok.answer["warnings"].empty());
    json longer = valid_request();
    longer["notice"]["end_date"] = "2026-07-24";
    const Checked advised = check(longer);
    REQUIRE(advised.status == GUICHET_OK);  // never refused for it
    CHECK(advised.answer["duration_days"] == 30);
    REQUIRE(advised.answer["warnings"].size() == 1);
    CHECK(advised.answer["warnings"][0].get<std::string>().find("repère") != std::string::npos);
}

TEST_CASE("aati check names the field of each broken rule, with a French message", "[aati]") {
    struct Case {
        const char* rule;
        json patch;
        const char* field;
        const char* french;
    };
    const Case cases[] = {
        {"end before start", {{"notice", {{"end_date", "2026-06-24"}}}}, "/notice/end_date", "précède"},
        {"extension without its notice", {{"notice", {{"kind", "extension"}}}}, "/notice/previous_notice", "prolong"},
        {"part time without its dates",
         {{"notice", {{"work_time", "therapeutic_part_time"}}}},
         "/notice/part_time",
         "temps partiel"},
        {"self-employed part time, not ALD, not an extension",
         {{"patient", {{"category", "self_employed"}}},
          {"notice",
           {{"work_time", "therapeutic_part_time"},
            {"part_time", {{"start_date", "2026-06-25"}, {"end_date", "2026-06-27"}}}}}},
         "/notice/work_time",
         "indépendant"},
        {"free outings without a reason",
         {{"notice", {{"outings", {{"kind", "free"}}}}}},
         "/notice/outings/medical_reason",
         "motif médical"},
        {"work accident without its date",
         {{"notice", {{"risk", "work_accident"}}}},
         "/notice/work_accident/date",
         "accident"},
        {"work accident without its certificate",
         {{"notice", {{"risk", "work_accident"}, {"work_accident", {{"date", "2026-06-24"}}}}}},
         "/certificate",
         "certificat"},
        {"unknown reason code", {{"notice", {{"reason", {{"code", "ZZZZ-99"}}}}}}, "/notice/reason/code", "liste"},
        {"wrong INS key", {{"patient", {{"ins", "263077511503450"}}}}, "/patient/ins", "INS"},
        {"signature that is no image",
         {{"part3", {{"signature", {{"image_base64", "R0lGODlh"}}}}}},
         "/part3/signature/image_base64",
         "PNG"},
    };
    for (const Case& c : cases) {
        INFO(c.rule);
        json request = valid_request();
        request.merge_patch(c.patch);
        const Checked refused = check(request);
        CHECK(refused.status == GUICHET_E_INVALID_ARGUMENT);
        CHECK(refused.field == c.field);
        CHECK(refused.user_message.find(c.french) != std::string::npos);
    }
}

TEST_CASE("aati check says what happens to part 3 and whether the notice will be transmitted", "[aati]") {
    json request = valid_request();
    CHECK(check(request).answer["part3"]["reason"] == "signature_missing");
    request["patient"]["identity_status"] = "VALI";
    CHECK(check(request).answer["part3"]["reason"] == "ins_not_qualified");
    request["patient"]["deposit_objection"] = {{"objects", true}};
    CHECK(check(request).answer["part3"]["reason"] == "objection");
    request["patient"]["scheme"] = {{"scheme_code", "01"}, {"fund_code", "501"}};  // MGEN
    const Checked mgen = check(request);
    CHECK(mgen.answer["transmission"] == "not_connected");
    CHECK(mgen.answer["part3"]["reason"] == "not_transmitted");
    request["patient"]["scheme"] = {{"scheme_code", "01"}, {"fund_code", "751"}};  // CPAM de Paris
    CHECK(check(request).answer["transmission"] == "expected");
}
