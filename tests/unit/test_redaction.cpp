// No patient data in logs: NIR/INS and dates are masked in messages, fields flagged as patient
// data are masked whatever they hold, and clear text only when the runtime asks for it.
#include "test_runtime.hpp"

#include <guichet/common/redaction.hpp>

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

// The one redaction shared by the runtime's log, the CLI and the sandbox journal (issue 11).
TEST_CASE("names in INSi messages and JSON documents are redacted", "[redaction]") {
    using guichet::common::redact_patient_data;
    const std::string xml = redact_patient_data(
        R"(<r:NomNaissance>DUPONT</r:NomNaissance><r:ListePrenom>JEAN PIERRE</r:ListePrenom><Prenom a="1">JEAN</Prenom>)");
    CHECK_THAT(xml, !Catch::Contains("DUPONT") && !Catch::Contains("JEAN"));
    CHECK_THAT(xml, Catch::Contains("<r:NomNaissance>[redacted]</r:NomNaissance>"));
    const std::string json =
        redact_patient_data(R"({"birth_name": "DUPONT", "first_names": ["JEAN", "PIERRE"], "sex": "M"})");
    CHECK_THAT(json, !Catch::Contains("DUPONT") && !Catch::Contains("JEAN") && !Catch::Contains("PIERRE"));
    CHECK_THAT(json, Catch::Contains(R"("sex": "M")"));
}

TEST_CASE("a date with a time part is redacted", "[redaction]") {
    using guichet::common::redact_patient_data;
    const std::string out = redact_patient_data("born 1984-12-03T10:42:00Z and 1984-12-03T10:42+01:00");
    CHECK_THAT(out, !Catch::Contains("1984") && !Catch::Contains("10:42"));
    CHECK(out == "born [redacted] and [redacted]");
}

TEST_CASE("a NIR next to an underscore or a letter is redacted", "[redaction]") {
    using guichet::common::redact_patient_data;
    CHECK(redact_patient_data("patient_184127512345678_file") == "patient_[redacted]_file");
    CHECK(redact_patient_data("nir=184127512345678x") == "nir=[redacted]x");
    CHECK(redact_patient_data("order 12184127512345678999") == "order 12184127512345678999");
}

// libstdc++'s std::regex recursed once per character of `[^<]*`: a 30 KB name overflowed the
// stack, and the sandbox died journaling such a request (found by tests/fuzz/sandbox_request).
TEST_CASE("a name of hundreds of kilobytes is redacted without exhausting the stack", "[redaction]") {
    using guichet::common::redact_patient_data;
    const std::string long_name(500'000, 'A');
    CHECK(redact_patient_data("<r:NomNaissance>" + long_name + "</r:NomNaissance>") ==
          "<r:NomNaissance>[redacted]</r:NomNaissance>");
    CHECK(redact_patient_data(R"({"birth_name": ")" + long_name + R"(", "first_names": [")" + long_name + R"("]})") ==
          R"({"birth_name": "[redacted]", "first_names": "[redacted]"})");
    const std::string long_fraction = "at 1984-12-03T10:42:00." + std::string(500'000, '1');
    CHECK_THAT(redact_patient_data(long_fraction), !Catch::Contains("1984") && Catch::Contains("[redacted]"));
    const std::string long_text(500'000, '"');
    CHECK(redact_patient_data(long_text) == long_text);
}

TEST_CASE("names are redacted where the former patterns found them, and only there", "[redaction]") {
    using guichet::common::redact_patient_data;
    CHECK(redact_patient_data("<NomUsage>MARTIN</NomUsage><PrenomUtilise x='1'>ZOE</PrenomUtilise>") ==
          "<NomUsage>[redacted]</NomUsage><PrenomUtilise x='1'>[redacted]</PrenomUtilise>");
    // another element, a name holding a tag, an unclosed one: left as they are
    CHECK(redact_patient_data("<PrenomX>A</PrenomX>") == "<PrenomX>A</PrenomX>");
    CHECK(redact_patient_data("<Prenom>A<!---->B</Prenom>") == "<Prenom>A<!---->B</Prenom>");
    CHECK(redact_patient_data("<Prenom>A") == "<Prenom>A");
    // a key after a stray quote, an escaped quote inside a name, an array of names
    CHECK(redact_patient_data(R"(5" long {"last_name": "O\"BRIEN", "sex": "M"})") ==
          R"(5" long {"last_name": "[redacted]", "sex": "M"})");
    CHECK(redact_patient_data(R"({"first_names" : [ "A" , "B" ], "n": 1})") ==
          R"({"first_names" : "[redacted]", "n": 1})");
    CHECK(redact_patient_data(R"({"first_name": 3})") == R"({"first_name": 3})");
}
