// ABI rule 1 enforced by the loader: a plugin exporting more than guichet_entry is loaded with a
// WARN record naming the extra symbols, or refused under GUICHET_PLUGIN_EXPORTS_REFUSE.
#include "test_runtime.hpp"

#include <catch2/catch.hpp>

using namespace guichet::test;

namespace {
std::string extra_export_plugin() { return test_plugin_dir() + "/extra-export/extra_export.so"; }
}  // namespace

TEST_CASE("by default a plugin with extra exports loads, with a warning naming them", "[abi][export]") {
    LogCapture logs;
    guichet_runtime_config config = base_config();
    config.log = LogCapture::sink;
    config.log_user_data = &logs;
    config.log_level = GUICHET_LOG_WARN;
    auto runtime = make_runtime(config);
    const guichet_status s = guichet_runtime_load_plugin(runtime.get(), extra_export_plugin().c_str());
    INFO(last_error_message());
    REQUIRE(s == GUICHET_OK);
    CHECK(guichet_runtime_refusal_count(runtime.get()) == 0);
    const std::string all = logs.all();
    INFO(all);
    CHECK(all.find("plugins: '" + extra_export_plugin() + "' exports more than 'guichet_entry': extra_export_helper") !=
          std::string::npos);

    guichet_session* session = open_session(runtime.get());
    const CallOutcome out = call(session, "extra-export/1", "ping", "{}");
    CHECK(out.status == GUICHET_OK);
    CHECK(out.json == R"({"pong":true})");
    guichet_session_close(session);
}

TEST_CASE("a plugin exporting only guichet_entry loads without that warning", "[abi][export]") {
    LogCapture logs;
    guichet_runtime_config config = base_config();
    config.log = LogCapture::sink;
    config.log_user_data = &logs;
    config.plugin_export_policy = GUICHET_PLUGIN_EXPORTS_REFUSE;
    auto runtime = make_runtime(config);
    REQUIRE(guichet_runtime_load_plugin(runtime.get(), (plugin_dir() + "/template.so").c_str()) == GUICHET_OK);
    CHECK(logs.all().find("exports more than") == std::string::npos);
}

TEST_CASE("under GUICHET_PLUGIN_EXPORTS_REFUSE a plugin with extra exports is refused", "[abi][export]") {
    guichet_runtime_config config = base_config();
    config.plugin_export_policy = GUICHET_PLUGIN_EXPORTS_REFUSE;
    auto runtime = make_runtime(config);
    CHECK(guichet_runtime_load_plugin(runtime.get(), extra_export_plugin().c_str()) == GUICHET_E_PLUGIN_INVALID);
    CHECK(last_error_message().find("extra_export_helper") != std::string::npos);
    REQUIRE(guichet_runtime_refusal_count(runtime.get()) == 1);
    guichet_plugin_refusal refusal{};
    refusal.struct_size = sizeof(refusal);
    REQUIRE(guichet_runtime_refusal_at(runtime.get(), 0, &refusal) == GUICHET_OK);
    CHECK(refusal.status == GUICHET_E_PLUGIN_INVALID);
    CHECK(std::string(refusal.message).find("plugin_export_policy") != std::string::npos);
    CHECK(guichet_runtime_service_count(runtime.get()) == 0);
}

TEST_CASE("an unknown plugin_export_policy is refused by guichet_runtime_create", "[abi][export]") {
    guichet_runtime_config config = base_config();
    config.plugin_export_policy = 7;
    guichet_runtime* runtime = nullptr;
    CHECK(guichet_runtime_create(&config, &runtime) == GUICHET_E_INVALID_ARGUMENT);
    CHECK(runtime == nullptr);
    CHECK(last_error_message().find("plugin_export_policy") != std::string::npos);
}
