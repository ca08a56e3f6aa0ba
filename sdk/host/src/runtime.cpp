#include "runtime.hpp"

#include "session.hpp"

#include <guichet/common/uuid.hpp>

#include <openssl/rand.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <filesystem>
#include <system_error>

namespace guichet::host {

namespace {

std::string required(const char* value, const char* what) {
    if (value == nullptr || *value == '\0')
        fail(GUICHET_E_INVALID_ARGUMENT, std::string("runtime config: ") + what + " is required",
             std::string("/") + what);
    return value;
}

std::string optional_text(const char* value) { return value == nullptr ? std::string() : std::string(value); }

}  // namespace

std::string make_random_uuid() {
    std::array<uint8_t, 16> random{};
    // An id made of zeros when the generator fails would be shared by every installation.
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
        fail(GUICHET_E_INTERNAL, "the system random generator failed (software instance id)");
    return common::uuid_v4(random);
}

namespace {

// Creates what is missing of `dir`, each directory owner-only (0700). mkdir's mode is narrowed
// by the umask, never widened: unlike create_directories (0777 & ~umask), the result does not
// depend on the umask of the application. A directory that exists is left as it is.
void make_private_directories(const std::filesystem::path& dir) {
    std::filesystem::path prefix;
    for (const auto& part : dir) {
        prefix /= part;
        if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST)
            fail(GUICHET_E_IO,
                 "cannot create data directory '" + dir.string() + "': " + std::system_category().message(errno),
                 "/data_dir");
    }
    if (!std::filesystem::is_directory(dir))
        fail(GUICHET_E_IO, "data directory '" + dir.string() + "' is not a directory", "/data_dir");
}

std::string store_path(const char* data_dir) {
    if (data_dir == nullptr || *data_dir == '\0') return {};
    make_private_directories(data_dir);
    return (std::filesystem::path(data_dir) / "plugin-store.sqlite").string();
}

// Appended in ABI 1.3: a config from older headers gets the defaults (in data_dir, or memory).
OutboxSettings outbox_settings_of(const guichet_runtime_config& config) {
    OutboxSettings settings;
    const auto has = [&](size_t end) { return config.struct_size >= end; };
    const bool in_config = has(offsetof(guichet_runtime_config, outbox_manual_delivery) + sizeof(uint32_t));
    const char* path = in_config ? config.outbox_path : nullptr;
    if (path != nullptr && *path != '\0') {
        settings.path = path;
        const auto parent = std::filesystem::path(settings.path).parent_path();
        if (!parent.empty()) make_private_directories(parent);
    } else if (config.data_dir != nullptr && *config.data_dir != '\0') {
        make_private_directories(config.data_dir);
        settings.path = (std::filesystem::path(config.data_dir) / "outbox.sqlite").string();
    }
    if (!in_config) return settings;
    if (config.outbox_key != nullptr) settings.key = config.outbox_key;
    if (config.outbox_max_attempts != 0) settings.max_attempts = config.outbox_max_attempts;
    if (config.outbox_retry_base_ms != 0) settings.schedule.base_ms = config.outbox_retry_base_ms;
    if (config.outbox_retention_days != 0) settings.retention_days = config.outbox_retention_days;
    settings.background = config.outbox_manual_delivery == 0;
    return settings;
}

// Appended in ABI 1.1: an application built with 1.0 headers passes a config that ends before
// it (guichet_runtime_create accepts 1.0's size), and gets the 1.0 behaviour, a warning.
guichet_plugin_export_policy export_policy_of(const guichet_runtime_config& config) {
    if (!GUICHET_HAS_MEMBER(&config, guichet_runtime_config, plugin_export_policy)) return GUICHET_PLUGIN_EXPORTS_WARN;
    const guichet_plugin_export_policy policy = config.plugin_export_policy;
    if (policy != GUICHET_PLUGIN_EXPORTS_WARN && policy != GUICHET_PLUGIN_EXPORTS_REFUSE)
        fail(GUICHET_E_INVALID_ARGUMENT,
             "runtime config: plugin_export_policy must be GUICHET_PLUGIN_EXPORTS_WARN or _REFUSE",
             "/plugin_export_policy");
    return policy;
}

// Appended in ABI 1.2: a config from older headers gets the default bound.
uint64_t max_response_bytes_of(const guichet_runtime_config& config) {
    if (!GUICHET_HAS_MEMBER(&config, guichet_runtime_config, max_response_bytes) || config.max_response_bytes == 0)
        return GUICHET_DEFAULT_MAX_RESPONSE_BYTES;
    return config.max_response_bytes;
}

bool looks_like_plugin(const std::filesystem::path& p) {
    const auto ext = p.extension().string();
    return ext == ".so" || ext == ".dylib" || ext == ".dll";
}

}  // namespace

Runtime::Runtime(const guichet_runtime_config& config)
    : software_{required(config.software_name, "software_name"), required(config.software_version, "software_version"),
                optional_text(config.authorisation_number),
                config.software_instance_id != nullptr ? std::string(config.software_instance_id) : make_random_uuid()},
      ca_bundle_(optional_text(config.ca_bundle_path)),
      secrets_{config.secret, config.secret_user_data},
      plugin_export_policy_(export_policy_of(config)),
      logger_(config.log, config.log_user_data, config.log_level, config.log_patient_data != 0, config.redact,
              config.redact_user_data),
      clock_(config.wall_clock_ns, config.monotonic_clock_ns, config.clock_user_data),
      http_(
          optional_text(config.proxy_url), [this] { return clock_.monotonic_ns(); }, max_response_bytes_of(config)),
      store_(store_path(config.data_dir)),
      dispatcher_(clock_),
      io_pool_(2),
      workers_(config.worker_threads == 0 ? 4u : config.worker_threads) {
    if (!ca_bundle_.empty() && !std::filesystem::is_regular_file(ca_bundle_))
        fail(GUICHET_E_IO, "CA bundle '" + ca_bundle_ + "' is not a readable file", "/ca_bundle_path");
    outbox_ = std::make_unique<Outbox>(*this, outbox_settings_of(config));
    logger_.info("runtime", "runtime started for " + software_.name + " " + software_.version);
}

Runtime::~Runtime() {
    // The outbox's attempt in progress is cancelled (its submission stays queued, same key),
    // not waited for: an attempt may last two minutes.
    stopping_ = true;
    if (outbox_) outbox_->request_stop();
    {
        std::lock_guard lock(delivery_mutex_);
        for (auto& [context, session] : delivery_sessions_) session->close();
    }
    if (outbox_) outbox_->stop();
    {
        std::lock_guard lock(delivery_mutex_);
        delivery_sessions_.clear();
    }
    std::vector<std::unique_ptr<Session>> sessions;
    {
        std::lock_guard lock(sessions_mutex_);
        sessions.swap(sessions_);
    }
    for (auto& s : sessions) s->close();
    sessions.clear();
    workers_.stop();
    io_pool_.stop();
    dispatcher_.stop();
    // plugins_ go last (member order), after every thread that could run their code.
}

void Runtime::refuse(const std::string& path, const ErrorDetail& detail) {
    refusals_.push_back({detail.status, path, detail.message});
    logger_.warn("plugins", "refused " + path + ": " + detail.message);
}

void Runtime::load_plugin(const std::string& path) {
    std::lock_guard lock(plugins_mutex_);
    std::unique_ptr<PluginLibrary> plugin;
    try {
        plugin = PluginLibrary::load(path, *this);
        for (const auto& service : plugin->services()) {
            if (const ServiceInfo* existing = find_service(service.id))
                fail(GUICHET_E_PLUGIN_DUPLICATE, "'" + path + "' provides service " + service.id +
                                                     ", already provided by '" + existing->plugin->path() +
                                                     "': remove one of the two from the plugin directories");
        }
    } catch (const HostError& e) {
        refuse(path, e.detail);
        throw;
    }
    for (const auto& service : plugin->services()) services_.push_back(&service);
    logger_.info("plugins", "loaded " + path);
    plugins_.push_back(std::move(plugin));
}

void Runtime::add_plugin_dir(const std::string& directory) {
    std::error_code ec;
    std::vector<std::filesystem::path> candidates;
    for (const auto& entry : std::filesystem::directory_iterator(directory, ec))
        if (entry.is_regular_file() && looks_like_plugin(entry.path())) candidates.push_back(entry.path());
    if (ec) fail(GUICHET_E_IO, "cannot read plugin directory '" + directory + "': " + ec.message());
    std::sort(candidates.begin(), candidates.end());  // load order is reproducible
    for (const auto& path : candidates) {
        try {
            load_plugin(path.string());
        } catch (const HostError&) {
            // recorded as a refusal; the other candidates still load
        }
    }
}

const ServiceInfo* Runtime::find_service(std::string_view id) const {
    for (const ServiceInfo* s : services_)
        if (s->id == id) return s;
    return nullptr;
}

Session& Runtime::open_session(std::string context_json) {
    auto session = std::make_unique<Session>(*this, std::move(context_json));
    Session& opened = *session;
    {
        std::lock_guard lock(sessions_mutex_);
        sessions_.push_back(std::move(session));
    }
    // Plugins are loaded before the first session (the API's rule): the outbox can now send
    // what an earlier run left behind.
    outbox_->start();
    return opened;
}

Session& Runtime::delivery_session(const std::string& context_json) {
    std::lock_guard lock(delivery_mutex_);
    if (stopping_) fail(GUICHET_E_CANCELLED, "the runtime is shutting down");
    auto& slot = delivery_sessions_[context_json];
    if (!slot) {
        try {
            slot = std::make_unique<Session>(*this, context_json);
        } catch (...) {
            delivery_sessions_.erase(context_json);
            throw;
        }
    }
    return *slot;
}

const ServiceInfo* Runtime::find_service_now(std::string_view id) {
    std::lock_guard lock(plugins_mutex_);
    return find_service(id);
}

void Runtime::close_session(Session& session) {
    session.close();
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(std::remove_if(sessions_.begin(), sessions_.end(),
                                   [&](const std::unique_ptr<Session>& s) { return s.get() == &session; }),
                    sessions_.end());
}

}  // namespace guichet::host
