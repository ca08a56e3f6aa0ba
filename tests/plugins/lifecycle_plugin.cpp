// A plugin written on the raw ABI (no toolkit), for the host's tests. Service "lifecycle/1":
//   sleep        {"ms": N}  waits, polling the cancel token; answers {"slept_ms": N}
//   async_sleep  {"ms": N}  the same through invoke_async, on the plugin's own thread
//   forget       returns without completing (a plugin bug the host must survive)
//   bad_json     answers text that is not JSON
//   counters     {"init": i, "deinit": d, "live": l} for this process
// Factory "test.counters/1" hands out the same counters to a test that dlopen()s the plugin.
#include <guichet/plugin.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Counters {
    std::atomic<int> init{0};
    std::atomic<int> deinit{0};
    std::atomic<int> live{0};
};
Counters counters;
std::mutex threads_mutex;
std::vector<std::thread> threads;  // joined at the last deinit

guichet_str str(const char* s) { return {s, std::strlen(s)}; }
std::string_view view(guichet_str s) { return {s.ptr, static_cast<size_t>(s.len)}; }

void answer(const guichet_completion* done, const std::string& json) {
    guichet_outcome o{};
    o.struct_size = sizeof o;
    o.status = GUICHET_OK;
    o.response_json = {json.data(), json.size()};
    done->complete(done, &o);
}

void fail(const guichet_completion* done, guichet_status status, const char* message) {
    guichet_error e{};
    e.struct_size = sizeof e;
    e.status = status;
    e.message = str(message);
    guichet_outcome o{};
    o.struct_size = sizeof o;
    o.status = status;
    o.error = &e;
    done->complete(done, &o);
}

int requested_ms(const guichet_invocation* call) {
    const std::string_view body = view(call->request_json);
    const auto at = body.find("\"ms\":");
    return at == std::string_view::npos ? 0 : std::atoi(std::string(body.substr(at + 5)).c_str());
}

// Waits `ms`, stopping early when the token says so.
guichet_status sleep_cooperatively(const guichet_invocation* call, int ms) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < until) {
        const guichet_status s = call->cancel->check(call->cancel);
        if (s != GUICHET_OK) return s;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return GUICHET_OK;
}

void GUICHET_CALL invoke(guichet_service_instance*, const guichet_invocation* call, const guichet_completion* done) {
    const std::string_view op = view(call->operation);
    if (op == "sleep") {
        const int ms = requested_ms(call);
        const guichet_status s = sleep_cooperatively(call, ms);
        if (s != GUICHET_OK) return fail(done, s, "sleep interrupted");
        return answer(done, "{\"slept_ms\":" + std::to_string(ms) + "}");
    }
    if (op == "forget") return;
    if (op == "bad_json") return answer(done, "this is not json");
    if (op == "counters")
        return answer(done, "{\"init\":" + std::to_string(counters.init) + ",\"deinit\":" +
                                std::to_string(counters.deinit) + ",\"live\":" + std::to_string(counters.live) + "}");
    fail(done, GUICHET_E_NOT_FOUND, "no such operation");
}

guichet_status GUICHET_CALL invoke_async(guichet_service_instance* self, const guichet_invocation* call,
                                         const guichet_completion* done) {
    if (view(call->operation) != "async_sleep") {
        invoke(self, call, done);  // still exactly one completion, but from inside invoke_async
        return GUICHET_OK;
    }
    // The call and completion stay valid until we complete; copy what the thread needs.
    const int ms = requested_ms(call);
    std::lock_guard lock(threads_mutex);
    threads.emplace_back([call, done, ms] {
        const guichet_status s = sleep_cooperatively(call, ms);
        if (s != GUICHET_OK) return fail(done, s, "async sleep interrupted");
        answer(done, "{\"slept_ms\":" + std::to_string(ms) + ",\"async\":true}");
    });
    return GUICHET_OK;
}

void GUICHET_CALL destroy(guichet_service_instance* self) { delete self; }

guichet_operation_descriptor op_sleep{sizeof(guichet_operation_descriptor), 0, str("sleep"), str("waits")};
guichet_operation_descriptor op_async{sizeof(guichet_operation_descriptor), 0, str("async_sleep"), str("waits, async")};
guichet_operation_descriptor op_forget{sizeof(guichet_operation_descriptor), 0, str("forget"), str("never completes")};
guichet_operation_descriptor op_bad{sizeof(guichet_operation_descriptor), 0, str("bad_json"), str("answers garbage")};
guichet_operation_descriptor op_counters{sizeof(guichet_operation_descriptor), 0, str("counters"), str("init counts")};
const guichet_operation_descriptor* operations[] = {&op_sleep, &op_async, &op_forget, &op_bad, &op_counters};
guichet_service_descriptor service{
    sizeof(guichet_service_descriptor), 0, str("lifecycle/1"), str("Lifecycle (test)"), {0, 1, 0, 0}, operations, 5, 0};

uint32_t GUICHET_CALL service_count() { return 1; }
const guichet_service_descriptor* GUICHET_CALL service_at(uint32_t i) { return i == 0 ? &service : nullptr; }
guichet_service_instance* GUICHET_CALL create_instance(guichet_str, const guichet_host*, const guichet_instance_config*,
                                                       const guichet_error_sink*) {
    auto* instance = new guichet_service_instance{};
    instance->struct_size = sizeof(guichet_service_instance);
    instance->destroy = destroy;
    instance->invoke = invoke;
    instance->invoke_async = invoke_async;
    return instance;
}
const guichet_service_factory factory{sizeof(guichet_service_factory), service_count, service_at, create_instance};

guichet_status GUICHET_CALL init(const guichet_host*, const guichet_error_sink*) {
    counters.init++;
    counters.live++;
    return GUICHET_OK;
}

void GUICHET_CALL deinit() {
    counters.deinit++;
    if (--counters.live == 0) {
        std::lock_guard lock(threads_mutex);
        for (auto& t : threads) t.join();
        threads.clear();
    }
}

const void* GUICHET_CALL get_factory(const char* id) {
    if (id == nullptr) return nullptr;
    if (std::strcmp(id, GUICHET_SERVICE_FACTORY_ID) == 0) return &factory;
    if (std::strcmp(id, "test.counters/1") == 0) return &counters;
    return nullptr;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const guichet_plugin_entry guichet_entry = {
    sizeof(guichet_plugin_entry),
    {GUICHET_ABI_VERSION_MAJOR, GUICHET_ABI_VERSION_MINOR, GUICHET_ABI_VERSION_PATCH, 0},
    init,
    deinit,
    get_factory};
