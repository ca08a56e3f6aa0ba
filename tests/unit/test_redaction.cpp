// No patient data in logs: NIR/INS and dates are masked in messages, fields flagged as patient
// data are masked whatever they hold, and clear text only when the runtime asks for it.
#include "test_runtime.hpp"

#include <catch2/catch.hpp>

#include <cstring>

using namespace guichet::test;

namespace {

// Records through a runtime's log (the same path plugin log records take), via a failing call
// whose message carries the text: the runtime logs refusals and call outcomes.
std::string logged_after_refusing(LogCapture& capture, const std::string& fake_path, bool clear_text) {
    auto config = base_config();
    config.log = LogCapture::sink;
    config.log_user_data = &capture;
    config.log_level = GUICHET_LOG_DEBUG;
    config.log_patient_data = clear_text ? 1u : 0u;
    auto runtime = make_runtime(config);
    guichet_runtime_load_plugin(runtime.get(), fake_path.c_str());
    return capture.all();
}

}  // namespace

TEST_CASE("NIR, INS and dates in log messages are redacted", "[redaction]") {
    LogCapture capture;
    const std::string log = logged_after_refusing(
        capture, "/tmp/patient 1 84 12 75 123 456 78 2A123456789 born 1984-12-03 or 03/12/1984.so", false);
    CHECK_THAT(log, Catch::Contains("refused"));
    CHECK_THAT(log, !Catch::Contains("1 84 12 75 123 456 78"));
    CHECK_THAT(log, !Catch::Contains("1984-12-03"));
    CHECK_THAT(log, !Catch::Contains("03/12/1984"));
    CHECK_THAT(log, Catch::Contains("[redacted]"));
}

TEST_CASE("a Corsican NIR is redacted too", "[redaction]") {
    LogCapture capture;
    const std::string log = logged_after_refusing(capture, "/tmp/nir 2 55 08 2A 004 018 64.so", false);
    CHECK_THAT(log, !Catch::Contains("2A 004 018"));
    CHECK_THAT(log, Catch::Contains("[redacted]"));
}

TEST_CASE("text without patient data is kept as it is", "[redaction]") {
    LogCapture capture;
    const std::string log = logged_after_refusing(capture, "/tmp/plugins/insi-v2.so", false);
    CHECK_THAT(log, Catch::Contains("/tmp/plugins/insi-v2.so"));
}

TEST_CASE("clear text only when the runtime is explicitly told to log patient data", "[redaction]") {
    LogCapture capture;
    const std::string log = logged_after_refusing(capture, "/tmp/patient 184127512345678.so", true);
    CHECK_THAT(log, Catch::Contains("184127512345678"));
}

namespace {
int32_t GUICHET_CALL mask_names(void*, const char* message, char* out, uint32_t capacity) {
    std::string text(message);
    for (const std::string& name : {std::string("DUPONT"), std::string("Martin")})
        for (auto at = text.find(name); at != std::string::npos; at = text.find(name))
            text.replace(at, name.size(), "***");
    if (text.size() + 1 > capacity) return -1;
    std::memcpy(out, text.c_str(), text.size() + 1);
    return static_cast<int32_t>(text.size());
}
}  // namespace

TEST_CASE("the application's redaction hook runs after the built-in one", "[redaction]") {
    LogCapture capture;
    auto config = base_config();
    config.log = LogCapture::sink;
    config.log_user_data = &capture;
    config.log_level = GUICHET_LOG_DEBUG;
    config.redact = mask_names;
    auto runtime = make_runtime(config);
    guichet_runtime_load_plugin(runtime.get(), "/tmp/DUPONT Martin 1984-12-03.so");
    CHECK_THAT(capture.all(), !Catch::Contains("DUPONT") && !Catch::Contains("Martin") && !Catch::Contains("1984"));
    CHECK_THAT(capture.all(), Catch::Contains("***"));
}

TEST_CASE("a plugin's log fields flagged as patient data never reach the log in clear", "[redaction]") {
    for (const bool clear_text : {false, true}) {
        LogCapture capture;
        auto config = base_config();
        config.log = LogCapture::sink;
        config.log_user_data = &capture;
        config.log_level = GUICHET_LOG_DEBUG;
        config.log_patient_data = clear_text ? 1u : 0u;
        auto runtime = make_runtime(config);
        REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
        guichet_session* session = open_session(runtime.get());
        REQUIRE(call(session, "echo/1", "echo", R"({"message":"Jean DUPONT"})").status == GUICHET_OK);
        guichet_session_close(session);
        runtime.reset();
        CHECK_THAT(capture.all(), Catch::Contains("template: echo message="));
        if (clear_text)
            CHECK_THAT(capture.all(), Catch::Contains("message=Jean DUPONT"));
        else
            CHECK_THAT(capture.all(), !Catch::Contains("DUPONT") && Catch::Contains("message=[redacted]"));
    }
}
