// The host services' exception firewall and live-host registry (issue 11), seen from a plugin
// written in C and built without unwind tables, as another compiler or language would build
// it: an exception reaching its frames terminates the process. The plugin is compiled here, at
// test time, calls every service with inputs that make the host's C++ throw, and keeps what it
// got for the test to read.
#include "external_tool.hpp"
#include "test_runtime.hpp"

#include <guichet/plugin.h>

#include <catch2/catch.hpp>
#include <dlfcn.h>

#include <filesystem>

using namespace guichet::test;

namespace {

// Only guichet_entry is exported; the test reaches the rest through get_factory's other ids.
constexpr const char* hostile_plugin_source = R"C(
#include <guichet/plugin.h>
#include <stdio.h>
#include <string.h>

static char results[512];
static const guichet_host* init_host;
static const guichet_random_service* random_service; /* the host's tables outlive its hosts */

/* A length no string can hold: the host's std::string throws (length_error) before reading. */
static guichet_str huge(const char* text) {
    guichet_str s = {text, (uint64_t)1 << 63};
    return s;
}

static void GUICHET_CALL on_done(void* user, const guichet_http_response* response) {
    (void)user;
    (void)response;
}

static guichet_status GUICHET_CALL init(const guichet_host* host, const guichet_error_sink* errors) {
    (void)errors;
    init_host = host;
    const guichet_log_service* log = host->get_service(host, GUICHET_LOG_SERVICE_ID);
    const guichet_store_service* store = host->get_service(host, GUICHET_STORE_SERVICE_ID);
    const guichet_http_service* http = host->get_service(host, GUICHET_HTTP_SERVICE_ID);
    const guichet_random_service* random = host->get_service(host, GUICHET_RANDOM_SERVICE_ID);
    random_service = random;
    guichet_str empty = {"", 0};
    log->write(host, GUICHET_LOG_ERROR, huge("c"), empty, NULL, 0);
    uint8_t value[8];
    uint64_t value_len = sizeof value;
    const guichet_status get = store->get(host, huge("k"), value, &value_len);
    const guichet_status put = store->put(host, huge("k"), value, sizeof value);
    const guichet_status removed = store->remove(host, huge("k"));
    guichet_http_request request;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.method.ptr = "GET";
    request.method.len = 3;
    request.url = huge("https://example.invalid/");
    const guichet_http_response* response = NULL;
    const guichet_status sync = http->request(host, &request, &response);
    const int has_detail = response != NULL && response->error != NULL && response->error->message.len > 0;
    http->release(host, response);
    const guichet_status async = http->request_async(host, &request, on_done, NULL);
    guichet_host forged = *host; /* a copy: same host_data, another address */
    const guichet_status forged_fill = random->fill(&forged, value, sizeof value);
    snprintf(results, sizeof results, "log=survived get=%d put=%d remove=%d http=%d detail=%d async=%d forged=%d",
             get, put, removed, sync, has_detail, async, forged_fill);
    return GUICHET_OK;
}

static void GUICHET_CALL deinit(void) {}

/* The host called with the init host after init returned (a stale pointer). */
static guichet_status GUICHET_CALL use_stale_host(void) {
    uint8_t buffer[4];
    return random_service->fill(init_host, buffer, sizeof buffer);
}

static const void* GUICHET_CALL get_factory(const char* id) {
    if (strcmp(id, "test.results") == 0) return results;
    if (strcmp(id, "test.use-stale-host") == 0) return (const void*)use_stale_host;
    return NULL; /* no service factory: the runtime refuses the plugin after init, which is fine */
}

GUICHET_PLUGIN_EXPORT const guichet_plugin_entry guichet_entry = {
    sizeof(guichet_plugin_entry),
    {GUICHET_ABI_VERSION_MAJOR, GUICHET_ABI_VERSION_MINOR, GUICHET_ABI_VERSION_PATCH, 0},
    init, deinit, get_factory};
)C";

}  // namespace

namespace {

std::filesystem::path abi_include_dir() {
    return std::filesystem::path(GUICHET_TEST_SOURCE_FILE).parent_path().parent_path().parent_path() / "abi" /
           "include";
}

// Builds the plugin as C, without unwind tables (-fno-asynchronous-unwind-tables), so that an
// exception leaving the host into its frames cannot be unwound: std::terminate, as in the field.
std::string build_hostile_plugin(const TempDir& dir) {
    const std::string source = dir.write("hostile.c", hostile_plugin_source);
    const std::string library = dir.path("hostile.so").string();
    const ToolRun built = run_tool(
        "cc -std=c11 -shared -fPIC -fvisibility=hidden -fno-asynchronous-unwind-tables "
        "-fno-unwind-tables -fno-exceptions -I" +
        abi_include_dir().string() + " -o " + library + " " + source);
    INFO(built.output);
    REQUIRE(built.exit_code == 0);
    return library;
}

// dlopen'd by the test too, so that the plugin's statics survive the runtime's unloading it.
struct PinnedLibrary {
    void* handle;
    explicit PinnedLibrary(const std::string& path) : handle(dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {}
    ~PinnedLibrary() {
        if (handle != nullptr) dlclose(handle);
    }
    PinnedLibrary(const PinnedLibrary&) = delete;
    PinnedLibrary& operator=(const PinnedLibrary&) = delete;
    const void* factory(const char* id) const {
        const auto* entry = static_cast<const guichet_plugin_entry*>(dlsym(handle, "guichet_entry"));
        return entry == nullptr ? nullptr : entry->get_factory(id);
    }
};

std::string status_text(guichet_status status) { return std::to_string(status); }

}  // namespace

TEST_CASE("host services answer a C plugin's absurd inputs with a status, never an exception", "[calls][firewall]") {
    const TempDir dir("hostile-plugin");
    const std::string library = build_hostile_plugin(dir);
    const PinnedLibrary pinned(library);
    REQUIRE(pinned.handle != nullptr);

    LogCapture capture;
    auto config = base_config();
    config.log = LogCapture::sink;  // the log record is built only when someone listens
    config.log_user_data = &capture;
    config.log_level = GUICHET_LOG_TRACE;
    auto runtime = make_runtime(config);
    guichet_runtime_load_plugin(runtime.get(), library.c_str());  // refused after init: no factory

    const std::string results = static_cast<const char*>(pinned.factory("test.results"));
    const std::string invalid = status_text(GUICHET_E_INVALID_ARGUMENT);
    CHECK_THAT(results, Catch::Contains("log=survived"));
    CHECK_THAT(results, Catch::Contains("get=" + invalid + " put=" + invalid + " remove=" + invalid));
    CHECK_THAT(results, Catch::Contains("http=" + invalid + " detail=1 async=" + invalid));
    CHECK_THAT(results, Catch::Contains("forged=" + invalid));
}

TEST_CASE("a host pointer kept after its host is gone is refused, not followed", "[calls][firewall]") {
    const TempDir dir("stale-host");
    const std::string library = build_hostile_plugin(dir);
    const PinnedLibrary pinned(library);
    REQUIRE(pinned.handle != nullptr);
    auto runtime = make_runtime();
    guichet_runtime_load_plugin(runtime.get(), library.c_str());  // init's host lives during init only

    using UseStaleHost = guichet_status(GUICHET_CALL*)(void);
    const auto use_stale_host = reinterpret_cast<UseStaleHost>(pinned.factory("test.use-stale-host"));
    REQUIRE(use_stale_host != nullptr);
    CHECK(use_stale_host() == GUICHET_E_INVALID_ARGUMENT);
}
