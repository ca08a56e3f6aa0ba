// The loader: what it accepts, every refusal with its precise status, init/deinit pairing,
// factory lookup, two runtimes sharing one plugin.
#include "test_runtime.hpp"

#include <guichet/plugin.h>

#include <catch2/catch.hpp>
#include <dlfcn.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace guichet::test;

namespace {

std::vector<std::string> service_ids(guichet_runtime* runtime) {
    std::vector<std::string> ids;
    for (uint32_t i = 0; i < guichet_runtime_service_count(runtime); ++i) {
        guichet_service_info info{};
        info.struct_size = sizeof(info);
        REQUIRE(guichet_runtime_service_at(runtime, i, &info) == GUICHET_OK);
        ids.emplace_back(info.id);
    }
    return ids;
}

guichet_status load(guichet_runtime* runtime, const std::string& path) {
    return guichet_runtime_load_plugin(runtime, path.c_str());
}

struct Counters {
    std::atomic<int> init;
    std::atomic<int> deinit;
    std::atomic<int> live;
};

}  // namespace

TEST_CASE("the template plugin loads and describes echo/1, soap-echo/1 and clock/1", "[loader]") {
    auto runtime = make_runtime();
    REQUIRE(load(runtime.get(), plugin_dir() + "/template.so") == GUICHET_OK);
    CHECK(guichet_runtime_refusal_count(runtime.get()) == 0);
    CHECK(service_ids(runtime.get()) == std::vector<std::string>{"echo/1", "soap-echo/1", "clock/1"});

    guichet_service_info info{};
    info.struct_size = sizeof(info);
    REQUIRE(guichet_runtime_service_at(runtime.get(), 2, &info) == GUICHET_OK);
    CHECK(std::string(info.display_name) == "Clock (template)");
    CHECK(info.operation_count == 3);
    CHECK(info.plugin_version.major == 1);
    guichet_operation_info op{};
    op.struct_size = sizeof(op);
    REQUIRE(guichet_runtime_operation_at(runtime.get(), 2, 2, &op) == GUICHET_OK);
    CHECK(std::string(op.name) == "tick");
    CHECK(op.submits == 0);
    CHECK(guichet_runtime_operation_at(runtime.get(), 2, 3, &op) == GUICHET_E_NOT_FOUND);
}

TEST_CASE("each defective plugin is refused with its own status and an actionable message", "[loader]") {
    auto runtime = make_runtime();
    const std::string dir = broken_plugin_dir();

    CHECK(load(runtime.get(), dir + "/broken_no_entry.so") == GUICHET_E_PLUGIN_NO_ENTRY);
    CHECK_THAT(last_error_message(), Catch::Contains("does not export the symbol 'guichet_entry'"));

    CHECK(load(runtime.get(), dir + "/broken_abi_major.so") == GUICHET_E_PLUGIN_ABI_MAJOR);
    CHECK_THAT(last_error_message(),
               Catch::Contains("built for Guichet ABI 2.0.0") && Catch::Contains("implements ABI 1."));

    CHECK(load(runtime.get(), dir + "/broken_struct_size.so") == GUICHET_E_PLUGIN_STRUCT_SIZE);
    CHECK_THAT(last_error_message(), Catch::Contains("guichet_entry is 8 bytes"));

    CHECK(load(runtime.get(), dir + "/broken_init_fails.so") == GUICHET_E_PLUGIN_INIT);
    CHECK_THAT(last_error_message(), Catch::Contains("GUICHET_E_IDENTITY") && Catch::Contains("licence file missing"));

    CHECK(load(runtime.get(), dir + "/broken_no_factory.so") == GUICHET_E_PLUGIN_INVALID);
    CHECK_THAT(last_error_message(), Catch::Contains("guichet.service-factory/1"));

    CHECK(guichet_runtime_service_count(runtime.get()) == 0);
    REQUIRE(guichet_runtime_refusal_count(runtime.get()) == 5);
    guichet_plugin_refusal refusal{};
    refusal.struct_size = sizeof(refusal);
    REQUIRE(guichet_runtime_refusal_at(runtime.get(), 2, &refusal) == GUICHET_OK);
    CHECK(refusal.status == GUICHET_E_PLUGIN_STRUCT_SIZE);
    CHECK_THAT(std::string(refusal.path), Catch::EndsWith("broken_struct_size.so"));
}

TEST_CASE("a directory of defective plugins is read; each candidate is refused on its own", "[loader]") {
    auto runtime = make_runtime();
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), broken_plugin_dir().c_str()) == GUICHET_OK);
    CHECK(guichet_runtime_refusal_count(runtime.get()) == 5);
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    CHECK(service_ids(runtime.get()) == std::vector<std::string>{"aati/1", "adri/1", "insi/1", "dsig/1", "vihf/1",
                                                                 "echo/1", "soap-echo/1", "clock/1"});
}

TEST_CASE("a file that is not a shared library is refused without being loaded", "[loader]") {
    const auto dir = std::filesystem::temp_directory_path() / ("guichet-fake-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    { std::ofstream(dir / "fake.so") << "#!/bin/sh\necho not a library\n"; }
    auto runtime = make_runtime();
    CHECK(load(runtime.get(), (dir / "fake.so").string()) == GUICHET_E_PLUGIN_LOAD);
    CHECK_THAT(last_error_message(), Catch::Contains("is not a shared library"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("an unreadable plugin directory is an I/O error", "[loader]") {
    auto runtime = make_runtime();
    CHECK(guichet_runtime_add_plugin_dir(runtime.get(), "/nonexistent/guichet/plugins") == GUICHET_E_IO);
    CHECK_THAT(last_error_message(), Catch::Contains("/nonexistent/guichet/plugins"));
}

TEST_CASE("a second provider of a service id is refused and the first keeps answering", "[loader]") {
    auto runtime = make_runtime();
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    CHECK(load(runtime.get(), test_plugin_dir() + "/duplicate/duplicate.so") == GUICHET_E_PLUGIN_DUPLICATE);
    CHECK_THAT(last_error_message(), Catch::Contains("echo/1") && Catch::Contains("template.so"));
    CHECK(guichet_runtime_service_count(runtime.get()) == 8);

    guichet_session* session = open_session(runtime.get());
    const auto out = call(session, "echo/1", "echo", R"({"message":"original"})");
    CHECK(out.status == GUICHET_OK);
    CHECK(nlohmann::json::parse(out.json)["message"] == "original");
}

TEST_CASE("factory lookup answers only the exact id", "[loader]") {
    for (const std::string& path : {plugin_dir() + "/template.so", test_plugin_dir() + "/lifecycle.so"}) {
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        REQUIRE(handle != nullptr);
        const auto* entry = static_cast<const guichet_plugin_entry*>(dlsym(handle, "guichet_entry"));
        REQUIRE(entry != nullptr);
        CHECK(entry->get_factory(GUICHET_SERVICE_FACTORY_ID) != nullptr);
        CHECK(entry->get_factory("guichet.service-factory/1x") == nullptr);
        CHECK(entry->get_factory("guichet.service-factory/1 ") == nullptr);
        CHECK(entry->get_factory("guichet.service-factory/2") == nullptr);
        CHECK(entry->get_factory("guichet.service-factory") == nullptr);
        CHECK(entry->get_factory("") == nullptr);
        CHECK(entry->get_factory(nullptr) == nullptr);
        dlclose(handle);
    }
}

TEST_CASE("init and deinit are paired per runtime, and two runtimes share one plugin", "[loader]") {
    const std::string path = test_plugin_dir() + "/lifecycle.so";
    // Our own reference keeps the library mapped, so its counters stay readable throughout.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    REQUIRE(handle != nullptr);
    const auto* entry = static_cast<const guichet_plugin_entry*>(dlsym(handle, "guichet_entry"));
    const auto* counters = static_cast<const Counters*>(entry->get_factory("test.counters/1"));
    REQUIRE(counters != nullptr);
    const int init0 = counters->init;
    const int deinit0 = counters->deinit;

    auto first = make_runtime();
    REQUIRE(load(first.get(), path) == GUICHET_OK);
    auto second = make_runtime();
    REQUIRE(load(second.get(), path) == GUICHET_OK);
    CHECK(counters->init == init0 + 2);
    CHECK(counters->live == 2);

    first.reset();
    CHECK(counters->deinit == deinit0 + 1);
    CHECK(counters->live == 1);

    guichet_session* session = open_session(second.get());
    const auto out = call(session, "lifecycle/1", "counters", "{}");
    REQUIRE(out.status == GUICHET_OK);
    CHECK(nlohmann::json::parse(out.json)["live"] == 1);

    second.reset();
    CHECK(counters->deinit == deinit0 + 2);
    CHECK(counters->live == 0);
    dlclose(handle);
}

TEST_CASE("the toolkit's reference count keeps a plugin usable while another runtime still holds it", "[loader]") {
    auto first = make_runtime();
    auto second = make_runtime();
    REQUIRE(guichet_runtime_add_plugin_dir(first.get(), plugin_dir().c_str()) == GUICHET_OK);
    REQUIRE(guichet_runtime_add_plugin_dir(second.get(), plugin_dir().c_str()) == GUICHET_OK);
    first.reset();
    CHECK(guichet_runtime_service_count(second.get()) == 8);
    guichet_session* session = open_session(second.get());
    const auto out = call(session, "echo/1", "echo", R"({"message":"still here"})");
    CHECK(out.status == GUICHET_OK);
    CHECK(nlohmann::json::parse(out.json)["message"] == "still here");
}

TEST_CASE("a stripped plugin (as vendors ship them) is inspected and loaded", "[loader]") {
    // Regression: Boost 1.74's library_info read .symtab, which strip removes, and refused these.
    const auto dir = std::filesystem::temp_directory_path() / ("guichet-stripped-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto stripped = dir / "template.so";
    std::filesystem::copy_file(plugin_dir() + "/template.so", stripped,
                               std::filesystem::copy_options::overwrite_existing);
    REQUIRE(std::system(("strip --strip-all '" + stripped.string() + "'").c_str()) == 0);
    auto runtime = make_runtime();
    CHECK(load(runtime.get(), stripped.string()) == GUICHET_OK);
    INFO(last_error_message());
    CHECK(guichet_runtime_service_count(runtime.get()) == 3);
    runtime.reset();
    std::filesystem::remove_all(dir);
}
