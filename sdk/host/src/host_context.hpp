#pragma once
// The `guichet_host` a plugin receives, and what it stands for on the host side: the runtime,
// the plugin, and (for instance hosts) the session.
#include <guichet/services.h>

namespace guichet::host {

class Runtime;
class PluginLibrary;
class Session;

class HostContext {
public:
    HostContext(Runtime& runtime, const PluginLibrary& plugin, Session* session);
    HostContext(const HostContext&) = delete;
    HostContext& operator=(const HostContext&) = delete;
    ~HostContext();

    const guichet_host* c_host() const { return &c_host_; }

    /** The context behind a host pointer a plugin hands back, or nullptr when it is not one
     *  of ours. The pointer is looked up in the registry of live contexts before anything is
     *  read through it: a stale pointer (its host destroyed) or a forged one is refused
     *  without being dereferenced. */
    static HostContext* from(const guichet_host* host);

    Runtime& runtime() const { return runtime_; }
    const PluginLibrary& plugin() const { return plugin_; }
    Session* session() const { return session_; }

private:
    Runtime& runtime_;
    const PluginLibrary& plugin_;
    Session* session_;
    guichet_host c_host_{};
};

}  // namespace guichet::host
