#include "host_setup.hpp"

#include <guichet/common/abi_glue.hpp>
#include <guichet/services.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace guichet::cli {

namespace {

void GUICHET_CALL log_to_stderr(void*, int32_t level, const char* category, const char* message) {
    static const char* names[] = {"trace", "debug", "info", "warn", "error"};
    const char* name = level >= 0 && level <= 4 ? names[level] : "log";
    std::cerr << "[" << name << "] " << category << ": " << message << "\n";
}

guichet_status GUICHET_CALL passphrase_from_environment(void*, const char* kind, const char* label, char* buffer,
                                                        uint32_t capacity) {
    const char* secret = std::getenv("GUICHET_PASSPHRASE");
    if (secret == nullptr) {
        std::cerr << "guichet: " << kind << " needed for '" << label << "': set GUICHET_PASSPHRASE\n";
        return GUICHET_E_CANCELLED;
    }
    if (std::strlen(secret) + 1 > capacity) return GUICHET_E_BUFFER_TOO_SMALL;
    std::strcpy(buffer, secret);
    return GUICHET_OK;
}

std::filesystem::path executable_dir() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::current_path() : self.parent_path();
}

}  // namespace

std::vector<std::string> plugin_directories(const Options& options) {
    auto dirs = options.values("plugins");
    if (!dirs.empty()) return dirs;
    if (const char* env = std::getenv("GUICHET_PLUGIN_PATH"); env != nullptr && *env != '\0') {
        std::stringstream in(env);
        for (std::string dir; std::getline(in, dir, ':');)
            if (!dir.empty()) dirs.push_back(dir);
        return dirs;
    }
    return {(executable_dir() / ".." / "lib" / "guichet" / "plugins").lexically_normal().string()};
}

std::string outbox_path(const Options& options) {
    if (const auto path = options.value("outbox")) return *path;
    if (const auto data_dir = options.value("data-dir"))
        return (std::filesystem::path(*data_dir) / "outbox.sqlite").string();
    if (const char* env = std::getenv("GUICHET_OUTBOX"); env != nullptr && *env != '\0') return env;
    const char* data_home = std::getenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    const std::filesystem::path base = data_home != nullptr && *data_home != '\0' ? std::filesystem::path(data_home)
                                       : home != nullptr ? std::filesystem::path(home) / ".local" / "share"
                                                         : std::filesystem::current_path();
    return (base / "guichet" / "outbox.sqlite").string();
}

RuntimePtr make_runtime(const Options& options) {
    guichet_runtime_config config{};
    config.struct_size = sizeof(config);
    config.software_name = "guichet-cli";
    // The reference host's own number, known to the sandbox; a vendor passes theirs.
    const std::string default_authorisation = "GUICHET-CLI-0001";
    config.software_version = "0.1.0";
    const auto authorisation = options.value("authorisation-number");
    config.authorisation_number = authorisation ? authorisation->c_str() : default_authorisation.c_str();
    const auto ca = options.value("ca-bundle");
    config.ca_bundle_path = ca ? ca->c_str() : nullptr;
    const auto data_dir = options.value("data-dir");
    config.data_dir = data_dir ? data_dir->c_str() : nullptr;
    if (options.flag("verbose")) {
        config.log = log_to_stderr;
        config.log_level = GUICHET_LOG_DEBUG;
    }
    config.secret = passphrase_from_environment;
    // The CLI exits after its command: submissions it could not deliver wait in a file for
    // `guichet outbox run`, never in memory, and no background thread races the exit.
    const std::string outbox = outbox_path(options);
    config.outbox_path = outbox.c_str();
    const char* outbox_key = std::getenv("GUICHET_OUTBOX_KEY");
    config.outbox_key = outbox_key;
    config.outbox_manual_delivery = 1;
    if (const auto base = options.value("retry-base-ms"))
        config.outbox_retry_base_ms = static_cast<uint32_t>(std::stoul(*base));
    guichet_runtime* runtime = nullptr;
    const guichet_status status = guichet_runtime_create(&config, &runtime);
    if (status != GUICHET_OK) {
        print_error("cannot start the runtime", status, guichet_last_error());
        return nullptr;
    }
    return RuntimePtr(runtime);
}

void load_plugins(guichet_runtime* runtime, const Options& options) {
    for (const auto& dir : plugin_directories(options)) {
        if (guichet_runtime_add_plugin_dir(runtime, dir.c_str()) != GUICHET_OK && options.flag("verbose"))
            print_error("plugin directory " + dir, GUICHET_E_IO, guichet_last_error());
    }
}

std::optional<CallOutcome> call_once(const Options& options, const std::string& service, const std::string& operation,
                                     const std::string& request, const std::string& session_context,
                                     uint32_t deadline_ms) {
    auto runtime = make_runtime(options);
    if (!runtime) return std::nullopt;
    load_plugins(runtime.get(), options);
    guichet_session* session = nullptr;
    if (const guichet_status s =
            guichet_session_open(runtime.get(), session_context.data(), session_context.size(), &session);
        s != GUICHET_OK) {
        print_error("cannot open the session", s, guichet_last_error());
        return std::nullopt;
    }
    guichet_result* result = nullptr;
    CallOutcome out;
    out.status =
        guichet_call(session, service.c_str(), operation.c_str(), request.data(), request.size(), deadline_ms, &result);
    auto text = [](guichet_str s) { return std::string(common::to_view(s)); };
    if (const guichet_error* e = guichet_result_error(result)) {
        out.message = text(e->message);
        out.field = text(e->field);
        const common::ErrorDetail detail = common::ErrorDetail::copy_of(*e);  // a 1.1 library lacks 1.2's members
        out.remote_code = detail.remote_code;
        out.remote_detail_code = detail.remote_detail_code;
        out.user_message = std::string(common::to_view(detail.view().user_message));
        out.http_status = e->http_status;
        out.retryable = e->retryable != 0;
        out.retry_after_s = detail.retry_after_s;
    } else {
        out.json = guichet_result_json(result, nullptr);
    }
    guichet_result_free(result);
    guichet_session_close(session);
    return out;
}

bool read_session(const Options& options, std::string& session_context) {
    session_context = "{}";
    if (const auto file = options.value("session"); file && !read_input(*file, session_context)) {
        std::cerr << "error: cannot read session file '" << *file << "'\n";
        return false;
    }
    return true;
}

int exit_code_of(const CallOutcome& outcome) {
    if (!outcome.failed()) return exit_ok;
    return outcome.status == GUICHET_E_NOT_FOUND ? exit_not_found : exit_call_failed;
}

void print_error(const std::string& context, const CallOutcome& outcome) {
    std::cerr << "error: " << context << ": " << guichet_status_name(outcome.status) << ": " << outcome.message;
    if (!outcome.remote_code.empty())
        std::cerr << " [remote code " << outcome.remote_code
                  << (outcome.remote_detail_code.empty() ? "" : " / " + outcome.remote_detail_code) << "]";
    if (!outcome.field.empty()) std::cerr << " (field " << outcome.field << ")";
    if (outcome.retry_after_s > 0) std::cerr << " (retry after " << outcome.retry_after_s << " s)";
    std::cerr << "\n";
    if (!outcome.user_message.empty()) std::cerr << "message: " << outcome.user_message << "\n";
}

void print_error(const std::string& context, guichet_status status, const guichet_error* error) {
    std::cerr << "error: " << context << ": " << guichet_status_name(status);
    if (error != nullptr && error->message.len > 0) std::cerr << ": " << common::to_view(error->message);
    if (error != nullptr && error->field.len > 0) std::cerr << " (field " << common::to_view(error->field) << ")";
    std::cerr << "\n";
    if (error != nullptr) {
        const common::ErrorDetail detail = common::ErrorDetail::copy_of(*error);
        std::cerr << "message: " << common::to_view(detail.view().user_message) << "\n";
    }
}

bool read_input(const std::string& path, std::string& out) {
    if (path == "-") {
        out.assign(std::istreambuf_iterator<char>(std::cin), {});
        return true;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), {});
    return true;
}

}  // namespace guichet::cli
