// A practice software process reduced to its submissions, for the outbox's crash test
// (tests/unit/test_outbox_crash.cpp), which kills it with SIGKILL at random points.
//   outbox-crash-driver submit <outbox> <plugin-dir> <session-file> <message>
//       submits soap-echo/1 submit {"message"} through the outbox; prints the status.
//   outbox-crash-driver run <outbox> <plugin-dir> <session-file>
//       delivers until nothing is queued or sending (at most 200 rounds); prints the counts.
// Passphrases come from $GUICHET_PASSPHRASE. Exit 0 when it got that far, 1 otherwise.
#include <guichet/outbox.h>
#include <guichet/runtime.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>

namespace {

guichet_status GUICHET_CALL passphrase(void*, const char*, const char*, char* buffer, uint32_t capacity) {
    const char* secret = std::getenv("GUICHET_PASSPHRASE");
    if (secret == nullptr || std::strlen(secret) + 1 > capacity) return GUICHET_E_CANCELLED;
    std::strcpy(buffer, secret);
    return GUICHET_OK;
}

guichet_runtime* start(const std::string& outbox, const std::string& plugins) {
    guichet_runtime_config config{};
    config.struct_size = sizeof(config);
    config.software_name = "outbox-crash-driver";
    config.software_version = "1.0";
    config.authorisation_number = "GUICHET-CLI-0001";
    config.secret = passphrase;
    config.outbox_path = outbox.c_str();
    config.outbox_retry_base_ms = 10;
    config.outbox_manual_delivery = 1;  // delivery is what `run` does, nothing in the background
    guichet_runtime* runtime = nullptr;
    if (guichet_runtime_create(&config, &runtime) != GUICHET_OK) return nullptr;
    if (guichet_runtime_add_plugin_dir(runtime, plugins.c_str()) != GUICHET_OK) return nullptr;
    return runtime;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

int submit(guichet_runtime* runtime, const std::string& context, const std::string& message) {
    guichet_session* session = nullptr;
    if (guichet_session_open(runtime, context.data(), context.size(), &session) != GUICHET_OK) return 1;
    const std::string request = "{\"message\":\"" + message + "\"}";
    guichet_submit_options options{sizeof(options), 10'000, nullptr};
    guichet_result* result = nullptr;
    const guichet_status status =
        guichet_submit(session, "soap-echo/1", "submit", request.data(), request.size(), &options, &result);
    std::cout << guichet_status_name(status) << " " << guichet_result_submission_id(result) << std::endl;
    guichet_result_free(result);
    guichet_session_close(session);
    return status == GUICHET_OK || status == GUICHET_QUEUED ? 0 : 1;
}

bool pending(guichet_runtime* runtime) {
    for (const char* filter : {R"({"state":"queued"})", R"({"state":"sending"})"}) {
        guichet_result* list = nullptr;
        if (guichet_outbox_list(runtime, filter, std::strlen(filter), &list) != GUICHET_OK) return true;
        const std::string text = guichet_result_json(list, nullptr);
        guichet_result_free(list);
        if (text.find("\"id\"") != std::string::npos) return true;
    }
    return false;
}

int run(guichet_runtime* runtime) {
    for (int round = 0; round < 200; ++round) {
        guichet_result* report = nullptr;
        if (guichet_outbox_run(runtime, &report) != GUICHET_OK) return 1;
        std::cout << guichet_result_json(report, nullptr) << std::endl;
        guichet_result_free(report);
        if (!pending(runtime)) return 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if ((mode != "submit" || argc != 6) && (mode != "run" || argc != 5)) {
        std::cerr << "usage: outbox-crash-driver submit|run <outbox> <plugin-dir> <session-file> [message]\n";
        return 2;
    }
    guichet_runtime* runtime = start(argv[2], argv[3]);
    if (runtime == nullptr) {
        const guichet_error* e = guichet_last_error();
        std::cerr << "cannot start: " << (e != nullptr ? std::string(e->message.ptr, e->message.len) : "") << "\n";
        return 1;
    }
    const std::string context = read_file(argv[4]);
    int code = 1;
    if (mode == "submit") {
        code = submit(runtime, context, argv[5]);
    } else {
        code = run(runtime);
    }
    guichet_runtime_destroy(runtime);
    return code;
}
