// guichet plugins list | info <service> | check <path>
#include "exported_symbols.hpp"
#include "host_setup.hpp"
#include "json_output.hpp"
#include "verbs.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace guichet::cli {

namespace {

constexpr const char* usage = R"(usage: guichet plugins list  [--plugins DIR]... [--json] [--verbose]
       guichet plugins info  <service-id> [--plugins DIR]... [--json]
       guichet plugins check <path> [--json]

  list   the services the plugin directories provide, and the candidates refused (with why)
  info   one service: display name, version, plugin file, operations
  check  everything a host checks before trusting a plugin file: exported symbols, ABI
         version, init, descriptors, one instance; exit 0 only when every check passes

  --plugins DIR  plugin directory (repeatable); default $GUICHET_PLUGIN_PATH, else
                 lib/guichet/plugins next to the guichet executable
  --json         machine-readable output on stdout
)";

std::string version_text(const guichet_version& v) {
    return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
}

nlohmann::json describe_service(const guichet_runtime* runtime, uint32_t index) {
    guichet_service_info info{};
    info.struct_size = sizeof(info);
    guichet_runtime_service_at(runtime, index, &info);
    nlohmann::json ops = nlohmann::json::array();
    for (uint32_t k = 0; k < info.operation_count; ++k) {
        guichet_operation_info op{};
        op.struct_size = sizeof(op);
        guichet_runtime_operation_at(runtime, index, k, &op);
        ops.push_back({{"name", op.name}, {"summary", op.summary}, {"submits", op.submits != 0}});
    }
    return {{"id", info.id},
            {"display_name", info.display_name},
            {"version", version_text(info.plugin_version)},
            {"plugin", info.plugin_path},
            {"operations", ops}};
}

nlohmann::json refusals_of(const guichet_runtime* runtime) {
    nlohmann::json out = nlohmann::json::array();
    for (uint32_t i = 0; i < guichet_runtime_refusal_count(runtime); ++i) {
        guichet_plugin_refusal r{};
        r.struct_size = sizeof(r);
        guichet_runtime_refusal_at(runtime, i, &r);
        out.push_back({{"path", r.path}, {"status", guichet_status_name(r.status)}, {"message", r.message}});
    }
    return out;
}

int list(const Options& options) {
    auto runtime = make_runtime(options);
    if (!runtime) return exit_io;
    load_plugins(runtime.get(), options);
    nlohmann::json services = nlohmann::json::array();
    for (uint32_t i = 0; i < guichet_runtime_service_count(runtime.get()); ++i)
        services.push_back(describe_service(runtime.get(), i));
    const nlohmann::json refused = refusals_of(runtime.get());
    if (options.flag("json")) {
        std::cout << json_text(nlohmann::json{{"services", services}, {"refused", refused}}) << "\n";
    } else {
        if (services.empty()) std::cout << "no services found in " << plugin_directories(options).front() << "\n";
        for (const auto& s : services)
            std::cout << s["id"].get<std::string>() << "\t" << s["version"].get<std::string>() << "\t"
                      << s["display_name"].get<std::string>() << "\t(" << s["operations"].size() << " operations)\n";
        for (const auto& r : refused)
            std::cout << "refused\t" << r["path"].get<std::string>() << "\t" << r["status"].get<std::string>() << ": "
                      << r["message"].get<std::string>() << "\n";
    }
    return refused.empty() ? exit_ok : exit_plugin_refused;
}

int info(const Options& options) {
    if (options.positional().size() != 2) {
        std::cerr << usage;
        return exit_usage;
    }
    const std::string wanted = options.positional()[1];
    auto runtime = make_runtime(options);
    if (!runtime) return exit_io;
    load_plugins(runtime.get(), options);
    for (uint32_t i = 0; i < guichet_runtime_service_count(runtime.get()); ++i) {
        const nlohmann::json s = describe_service(runtime.get(), i);
        if (s["id"] != wanted) continue;
        if (options.flag("json")) {
            std::cout << json_text(s) << "\n";
        } else {
            std::cout << s["id"].get<std::string>() << " — " << s["display_name"].get<std::string>() << "\n"
                      << "version " << s["version"].get<std::string>() << ", plugin " << s["plugin"].get<std::string>()
                      << "\noperations:\n";
            for (const auto& op : s["operations"])
                std::cout << "  " << op["name"].get<std::string>() << (op["submits"].get<bool>() ? " (submits)" : "")
                          << "\t" << op["summary"].get<std::string>() << "\n";
        }
        return exit_ok;
    }
    std::cerr << "error: no loaded plugin provides service '" << wanted << "'\n";
    return exit_not_found;
}

int check(const Options& options) {
    if (options.positional().size() != 2) {
        std::cerr << usage;
        return exit_usage;
    }
    const std::string path = options.positional()[1];
    nlohmann::json checks = nlohmann::json::array();
    bool all_ok = true;
    auto record = [&](const std::string& name, bool ok, const std::string& detail) {
        checks.push_back({{"check", name}, {"ok", ok}, {"detail", detail}});
        all_ok = all_ok && ok;
    };

    try {
        const auto symbols = guichet::host::exported_symbols(path);
        std::string extra;
        bool has_entry = false;
        for (const auto& s : symbols) {
            if (s == "guichet_entry")
                has_entry = true;
            else
                extra += (extra.empty() ? "" : ", ") + s;
        }
        record("exports guichet_entry", has_entry, has_entry ? "found" : "symbol guichet_entry is not exported");
        record("exports nothing else", extra.empty(),
               extra.empty() ? "only guichet_entry" : "also exports: " + extra + " (use the toolkit's version script)");
    } catch (const std::exception& e) {
        record("is a shared library", false, e.what());
    }

    auto runtime = make_runtime(options);
    if (!runtime) return exit_io;
    const guichet_status status = guichet_runtime_load_plugin(runtime.get(), path.c_str());
    if (status != GUICHET_OK) {
        const guichet_error* e = guichet_last_error();
        record("loads and initialises", false,
               std::string(guichet_status_name(status)) + ": " +
                   (e != nullptr ? std::string(e->message.ptr, static_cast<size_t>(e->message.len)) : ""));
    } else {
        record("loads and initialises", true, "ABI major " + std::to_string(GUICHET_ABI_VERSION_MAJOR));
        const uint32_t count = guichet_runtime_service_count(runtime.get());
        for (uint32_t i = 0; i < count; ++i) {
            const nlohmann::json s = describe_service(runtime.get(), i);
            record("describes " + s["id"].get<std::string>(), true,
                   std::to_string(s["operations"].size()) + " operations, version " + s["version"].get<std::string>());
        }
        guichet_session* session = nullptr;
        const guichet_status opened = guichet_session_open(runtime.get(), "{}", 2, &session);
        record("session opens", opened == GUICHET_OK, guichet_status_name(opened));
        guichet_session_close(session);
    }

    if (options.flag("json")) {
        std::cout << json_text(nlohmann::json{{"plugin", path}, {"ok", all_ok}, {"checks", checks}}) << "\n";
    } else {
        for (const auto& c : checks)
            std::cout << (c["ok"].get<bool>() ? "ok    " : "FAIL  ") << c["check"].get<std::string>() << ": "
                      << c["detail"].get<std::string>() << "\n";
        std::cout << (all_ok ? "plugin passes every check\n" : "plugin fails at least one check\n");
    }
    return all_ok ? exit_ok : exit_plugin_refused;
}

}  // namespace

int plugins_verb(const std::vector<std::string>& args) {
    const Options options(args, {"json", "verbose", "help"});
    if (options.flag("help")) {
        std::cout << usage;
        return exit_ok;
    }
    if (!options.error().empty() || options.positional().empty()) {
        if (!options.error().empty()) std::cerr << "error: " << options.error() << "\n";
        std::cerr << usage;
        return exit_usage;
    }
    const std::string& sub = options.positional()[0];
    if (sub == "list") return list(options);
    if (sub == "info") return info(options);
    if (sub == "check") return check(options);
    std::cerr << "error: unknown plugins command '" << sub << "'\n" << usage;
    return exit_usage;
}

}  // namespace guichet::cli
