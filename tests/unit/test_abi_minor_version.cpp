// ABI rule 2 ("major must match; each side uses features up to the smaller minor"), both ways:
// a plugin built on the next minor's headers runs on today's host (tests/abi/CMakeLists.txt
// builds it), and an application built on ABI 1.0's headers runs on today's libguichet.
#include "test_runtime.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstring>
#include <vector>

using namespace guichet::test;

TEST_CASE("a plugin built on the next minor's headers uses today's host services", "[abi][minor]") {
    LogCapture logs;
    guichet_runtime_config config = base_config();
    config.log = LogCapture::sink;
    config.log_user_data = &logs;
    config.log_level = GUICHET_LOG_DEBUG;
    auto runtime = make_runtime(config);
    const std::string path = test_plugin_dir() + "/next-minor/next_minor.so";
    const guichet_status loaded = guichet_runtime_load_plugin(runtime.get(), path.c_str());
    INFO(last_error_message());
    REQUIRE(loaded == GUICHET_OK);

    guichet_session* session = open_session(runtime.get());
    const CallOutcome out = call(session, "next-minor/1", "probe", "{}");
    INFO(out.message);
    REQUIRE(out.status == GUICHET_OK);  // the toolkit accepted today's smaller clock and log tables
    const auto answer = nlohmann::json::parse(out.json);
    CHECK(answer["plugin_abi_minor"] == GUICHET_ABI_VERSION_MINOR + 1);
    CHECK(answer["host_abi_minor"] == GUICHET_ABI_VERSION_MINOR);
    CHECK(answer["clock_table_size"] == sizeof(guichet_clock_service));
    CHECK(answer["log_table_size"] == sizeof(guichet_log_service));
    // The members appended by the next minor lie beyond today's tables: absent, never called.
    CHECK(answer["clock_probe_present"] == false);
    CHECK(answer["log_probe_present"] == false);
    CHECK(answer["monotonic_ns"].get<int64_t>() > 0);
    CHECK(logs.all().find("next-minor probe logged through the toolkit") != std::string::npos);
    guichet_session_close(session);
}

TEST_CASE("an application built on ABI 1.0's headers works with today's libguichet", "[abi][minor]") {
    // What a 1.0 application passes: a config that ends with redact_user_data.
    constexpr uint32_t config_v1_0 = offsetof(guichet_runtime_config, redact_user_data) + sizeof(void*);
    guichet_runtime_config config = base_config();
    config.struct_size = config_v1_0;
    config.plugin_export_policy = 12345;  // beyond the 1.0 struct: must not be read
    guichet_runtime* raw = nullptr;
    REQUIRE(guichet_runtime_create(&config, &raw) == GUICHET_OK);
    RuntimePtr runtime(raw);
    REQUIRE(guichet_runtime_load_plugin(runtime.get(), (plugin_dir() + "/template.so").c_str()) == GUICHET_OK);

    // Structs the application owns are written only as far as their struct_size says: a canary
    // after a 1.0-sized struct stays intact.
    constexpr uint32_t service_info_v1_0 = offsetof(guichet_service_info, plugin_version) + sizeof(guichet_version);
    std::vector<unsigned char> buffer(service_info_v1_0 + 64, 0xA5);
    guichet_service_info info{};
    info.struct_size = service_info_v1_0;
    std::memcpy(buffer.data(), &info, sizeof info.struct_size);
    REQUIRE(guichet_runtime_service_at(runtime.get(), 0, reinterpret_cast<guichet_service_info*>(buffer.data())) ==
            GUICHET_OK);
    std::memcpy(&info, buffer.data(), service_info_v1_0);
    CHECK(std::string(info.id) == "echo/1");
    for (size_t i = service_info_v1_0; i < buffer.size(); ++i) REQUIRE(buffer[i] == 0xA5);

    constexpr uint32_t operation_info_v1_0 = offsetof(guichet_operation_info, summary) + sizeof(const char*);
    guichet_operation_info op{};
    op.struct_size = operation_info_v1_0;
    REQUIRE(guichet_runtime_operation_at(runtime.get(), 0, 0, &op) == GUICHET_OK);
    CHECK(std::string(op.name) == "echo");

    // Smaller than 1.0: refused, nothing written.
    guichet_operation_info tiny{};
    tiny.struct_size = offsetof(guichet_operation_info, name);
    CHECK(guichet_runtime_operation_at(runtime.get(), 0, 0, &tiny) == GUICHET_E_INVALID_ARGUMENT);
    CHECK(tiny.name == nullptr);
    guichet_plugin_refusal refusal{};
    refusal.struct_size = 8;
    CHECK(guichet_runtime_refusal_at(runtime.get(), 0, &refusal) == GUICHET_E_INVALID_ARGUMENT);

    config.struct_size = config_v1_0 - 8;
    guichet_runtime* too_small = nullptr;
    CHECK(guichet_runtime_create(&config, &too_small) == GUICHET_E_INVALID_ARGUMENT);
    CHECK(too_small == nullptr);
}
