#include "plugin_library.hpp"

#include "exported_symbols.hpp"
#include "host_context.hpp"
#include "runtime.hpp"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <regex>

namespace guichet::host {

namespace {

// Smallest struct sizes a v1.0 peer may hand us: everything up to the last v1.0 member.
constexpr uint32_t entry_v1_0_size = offsetof(guichet_plugin_entry, get_factory) + sizeof(void*);
constexpr uint32_t factory_v1_0_size = offsetof(guichet_service_factory, create_instance) + sizeof(void*);
constexpr uint32_t service_v1_0_size = offsetof(guichet_service_descriptor, reserved) + sizeof(uint32_t);
constexpr uint32_t operation_v1_0_size = offsetof(guichet_operation_descriptor, summary) + sizeof(guichet_str);

std::string version_text(const guichet_version& v) {
    return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
}

// ABI rule 1: a plugin exports `guichet_entry` and nothing else. Anything more can collide with
// the symbols of another plugin or of the application (a second copy of OpenSSL's, say), so the
// runtime's policy either names them in a warning or refuses the plugin before running its code.
void check_exports(const std::string& path, const std::vector<std::string>& symbols, const Runtime& runtime) {
    std::string extra;
    for (const auto& s : symbols)
        if (s != GUICHET_ENTRY_SYMBOL) extra += (extra.empty() ? "" : ", ") + s;
    if (extra.empty()) return;
    const std::string what = "'" + path + "' exports more than '" GUICHET_ENTRY_SYMBOL "': " + extra +
                             " (link it with the toolkit's version script plugin-exports.map)";
    if (runtime.plugin_export_policy() == GUICHET_PLUGIN_EXPORTS_REFUSE)
        fail(GUICHET_E_PLUGIN_INVALID, what + "; refused by the runtime's plugin_export_policy");
    runtime.logger().warn("plugins", what);
}

}  // namespace

const OperationInfo* ServiceInfo::find_operation(std::string_view wanted) const {
    for (const auto& op : operations)
        if (op.name == wanted) return &op;
    return nullptr;
}

std::vector<std::string> exported_symbols_of(const std::string& path) {
    try {
        return exported_symbols(path);
    } catch (const std::exception& e) {
        fail(GUICHET_E_PLUGIN_LOAD, "'" + path + "' is not a shared library this host can load: " + e.what());
    }
}

std::unique_ptr<PluginLibrary> PluginLibrary::load(const std::string& path, Runtime& runtime) {
    std::unique_ptr<PluginLibrary> plugin(new PluginLibrary());
    plugin->path_ = path;
    plugin->name_ = std::filesystem::path(path).stem().string();

    // Look before loading: a library's constructors run at load time, so a file that is not a
    // plugin is refused without running any of its code.
    plugin->exported_symbols_ = exported_symbols_of(path);
    const auto& symbols = plugin->exported_symbols_;
    if (std::find(symbols.begin(), symbols.end(), GUICHET_ENTRY_SYMBOL) == symbols.end())
        fail(GUICHET_E_PLUGIN_NO_ENTRY,
             "'" + path +
                 "' does not export the symbol '" GUICHET_ENTRY_SYMBOL
                 "': build it with the Guichet toolkit's GUICHET_PLUGIN_ENTRY, or export that "
                 "symbol from your plugin");
    check_exports(path, symbols, runtime);

    try {
        plugin->library_.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
        plugin->entry_ = &plugin->library_.get<const guichet_plugin_entry>(GUICHET_ENTRY_SYMBOL);
    } catch (const std::exception& e) {
        fail(GUICHET_E_PLUGIN_LOAD, "cannot load '" + path + "': " + e.what());
    }

    const guichet_plugin_entry& entry = *plugin->entry_;
    if (entry.struct_size < entry_v1_0_size)
        fail(GUICHET_E_PLUGIN_STRUCT_SIZE, "'" + path + "': guichet_entry is " + std::to_string(entry.struct_size) +
                                               " bytes, ABI 1.0 needs at least " + std::to_string(entry_v1_0_size) +
                                               "; rebuild the plugin against the Guichet headers");
    if (entry.abi_version.major != GUICHET_ABI_VERSION_MAJOR)
        fail(GUICHET_E_PLUGIN_ABI_MAJOR, "'" + path + "' was built for Guichet ABI " + version_text(entry.abi_version) +
                                             "; this host implements ABI " + std::to_string(GUICHET_ABI_VERSION_MAJOR) +
                                             "." + std::to_string(GUICHET_ABI_VERSION_MINOR) +
                                             ": use a plugin release built for ABI " +
                                             std::to_string(GUICHET_ABI_VERSION_MAJOR) + ".x");
    if (entry.init == nullptr || entry.deinit == nullptr || entry.get_factory == nullptr)
        fail(GUICHET_E_PLUGIN_INVALID, "'" + path + "': guichet_entry has a NULL init, deinit or get_factory");

    {
        HostContext init_host(runtime, *plugin, nullptr);
        FirstError errors;
        const guichet_status s = entry.init(init_host.c_host(), errors.sink());
        if (s != GUICHET_OK) {
            std::string why = errors.reported() && !errors.detail().message.empty() ? errors.detail().message
                                                                                    : std::string("no detail given");
            fail(GUICHET_E_PLUGIN_INIT, "'" + path + "': init failed with " + guichet_status_name(s) + ": " + why);
        }
        plugin->initialised_ = true;
    }

    plugin->factory_ = static_cast<const guichet_service_factory*>(entry.get_factory(GUICHET_SERVICE_FACTORY_ID));
    if (plugin->factory_ == nullptr)
        fail(GUICHET_E_PLUGIN_INVALID, "'" + path + "' provides no '" GUICHET_SERVICE_FACTORY_ID "' factory");
    if (plugin->factory_->struct_size < factory_v1_0_size)
        fail(GUICHET_E_PLUGIN_STRUCT_SIZE, "'" + path + "': its service factory is " +
                                               std::to_string(plugin->factory_->struct_size) +
                                               " bytes, ABI 1.0 needs at least " + std::to_string(factory_v1_0_size));
    plugin->describe_services();
    return plugin;
}

void PluginLibrary::describe_services() {
    static const std::regex id_pattern("^[a-z][a-z0-9_.-]*/[1-9][0-9]*$");
    const uint32_t count = factory_->service_count();
    if (count == 0) fail(GUICHET_E_PLUGIN_INVALID, "'" + path_ + "' provides no service");
    for (uint32_t i = 0; i < count; ++i) {
        const guichet_service_descriptor* d = factory_->service_at(i);
        const std::string where = "'" + path_ + "' service #" + std::to_string(i);
        if (d == nullptr) fail(GUICHET_E_PLUGIN_INVALID, where + " has no descriptor");
        if (d->struct_size < service_v1_0_size)
            fail(GUICHET_E_PLUGIN_STRUCT_SIZE, where + ": descriptor is " + std::to_string(d->struct_size) +
                                                   " bytes, ABI 1.0 needs at least " +
                                                   std::to_string(service_v1_0_size));
        ServiceInfo info;
        info.id = to_view(d->id);
        if (!std::regex_match(info.id, id_pattern))
            fail(GUICHET_E_PLUGIN_INVALID,
                 where + ": id '" + info.id + "' must be a lowercase name and a revision, like \"insi/1\"");
        info.display_name = to_view(d->display_name);
        info.version = d->plugin_version;
        info.flags = d->flags;
        info.plugin = this;
        for (uint32_t k = 0; k < d->operation_count; ++k) {
            const guichet_operation_descriptor* op = d->operations == nullptr ? nullptr : d->operations[k];
            if (op == nullptr || op->struct_size < operation_v1_0_size || op->name.len == 0)
                fail(GUICHET_E_PLUGIN_INVALID, where + " (" + info.id + "): operation #" + std::to_string(k) +
                                                   " is missing, too small or unnamed");
            OperationInfo o{std::string(to_view(op->name)), std::string(to_view(op->summary)), op->flags};
            if (info.find_operation(o.name) != nullptr)
                fail(GUICHET_E_PLUGIN_INVALID,
                     where + " (" + info.id + "): operation '" + o.name + "' is declared twice");
            info.operations.push_back(std::move(o));
        }
        if (info.operations.empty()) fail(GUICHET_E_PLUGIN_INVALID, where + " (" + info.id + ") declares no operation");
        for (const auto& other : services_)
            if (other.id == info.id)
                fail(GUICHET_E_PLUGIN_INVALID, where + ": service '" + info.id + "' is declared twice");
        services_.push_back(std::move(info));
    }
}

PluginLibrary::~PluginLibrary() {
    if (initialised_ && entry_ != nullptr) entry_->deinit();
}

}  // namespace guichet::host
