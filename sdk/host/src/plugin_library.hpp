#pragma once
// One loaded plugin: checked before loading, loaded with Boost.DLL, initialised, described.
#include "error_detail.hpp"

#include <guichet/plugin.h>

#include <boost/dll/shared_library.hpp>

#include <memory>
#include <string>
#include <vector>

namespace guichet::host {

class Runtime;

struct OperationInfo {
    std::string name;
    std::string summary;
    uint32_t flags = 0;
    bool submits() const { return (flags & GUICHET_OPERATION_SUBMITS) != 0; }
};

class PluginLibrary;

struct ServiceInfo {
    std::string id;
    std::string display_name;
    guichet_version version{};
    uint32_t flags = 0;
    std::vector<OperationInfo> operations;
    const PluginLibrary* plugin = nullptr;

    const OperationInfo* find_operation(std::string_view name) const;
    bool serialized() const { return (flags & GUICHET_SERVICE_SERIALIZED) != 0; }
};

class PluginLibrary {
public:
    /**
     * Loads and initialises the plugin at `path`. Throws HostError with GUICHET_E_PLUGIN_LOAD,
     * _NO_ENTRY, _ABI_MAJOR, _STRUCT_SIZE, _INIT or _INVALID and a message a vendor can act on.
     */
    static std::unique_ptr<PluginLibrary> load(const std::string& path, Runtime& runtime);

    /** Calls deinit (once per successful init) and unloads. */
    ~PluginLibrary();
    PluginLibrary(const PluginLibrary&) = delete;
    PluginLibrary& operator=(const PluginLibrary&) = delete;

    const std::string& path() const { return path_; }
    /** The file name without extension: names the plugin's store space and log category. */
    const std::string& name() const { return name_; }
    guichet_version abi_version() const { return entry_->abi_version; }
    const std::vector<std::string>& exported_symbols() const { return exported_symbols_; }
    const std::vector<ServiceInfo>& services() const { return services_; }
    const guichet_service_factory& factory() const { return *factory_; }

private:
    PluginLibrary() = default;
    void describe_services();

    std::string path_;
    std::string name_;
    std::vector<std::string> exported_symbols_;
    boost::dll::shared_library library_;
    const guichet_plugin_entry* entry_ = nullptr;
    bool initialised_ = false;
    const guichet_service_factory* factory_ = nullptr;
    std::vector<ServiceInfo> services_;
};

/** Lists the dynamic symbols a shared object exports, without loading it. Throws HostError(PLUGIN_LOAD). */
std::vector<std::string> exported_symbols_of(const std::string& path);

}  // namespace guichet::host
