#include "host_setup.hpp"

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

RuntimePtr make_runtime(const Options& options) {
    guichet_runtime_config config{};
    config.struct_size = sizeof(config);
    config.software_name = "guichet-cli";
    config.software_version = "0.1.0";
    const auto authorisation = options.value("authorisation-number");
    config.authorisation_number = authorisation ? authorisation->c_str() : nullptr;
    const auto ca = options.value("ca-bundle");
    config.ca_bundle_path = ca ? ca->c_str() : nullptr;
    const auto data_dir = options.value("data-dir");
    config.data_dir = data_dir ? data_dir->c_str() : nullptr;
    if (options.flag("verbose")) {
        config.log = log_to_stderr;
        config.log_level = GUICHET_LOG_DEBUG;
    }
    config.secret = passphrase_from_environment;
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

void print_error(const std::string& context, guichet_status status, const guichet_error* error) {
    std::cerr << "error: " << context << ": " << guichet_status_name(status);
    if (error != nullptr && error->message.len > 0)
        std::cerr << ": " << std::string_view(error->message.ptr, static_cast<size_t>(error->message.len));
    if (error != nullptr && error->field.len > 0)
        std::cerr << " (field " << std::string_view(error->field.ptr, static_cast<size_t>(error->field.len)) << ")";
    std::cerr << "\n";
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
