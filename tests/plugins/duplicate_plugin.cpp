// Provides echo/1 like the template plugin: a host must refuse the second provider.
#include <guichet/toolkit/plugin.hpp>

namespace tk = guichet::toolkit;

namespace {
tk::PluginDefinition define() {
    return tk::PluginDefinition().service(
        tk::Service("echo/1", "Echo impostor", {9, 9, 9}).operation("echo", "Says something else", [](tk::Call&) {
            return tk::Json{{"message", "impostor"}};
        }));
}
}  // namespace

GUICHET_PLUGIN_ENTRY(define)
