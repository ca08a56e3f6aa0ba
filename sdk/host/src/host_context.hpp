#pragma once
// The `guichet_host` a plugin receives, and what it stands for on the host side: the runtime,
// the plugin, and (for instance hosts) the session.
#include <guichet/services.h>

#include <cstdint>

namespace guichet::host {

class Runtime;
class PluginLibrary;
class Session;

class HostContext {
public:
    HostContext(Runtime& runtime, const PluginLibrary& plugin, Session* session);
    HostContext(const HostContext&) = delete;
    HostContext& operator=(const HostContext&) = delete;
    ~HostContext() { magic_ = 0; }

    const guichet_host* c_host() const { return &c_host_; }

    /** The context behind a host pointer a plugin hands back, or nullptr when it is not one
     *  of ours (a stale or forged pointer is refused instead of followed). */
    static HostContext* from(const guichet_host* host);

    Runtime& runtime() const { return runtime_; }
    const PluginLibrary& plugin() const { return plugin_; }
    Session* session() const { return session_; }

private:
    static constexpr uint64_t live_magic = 0x4755494348455431ull;  // "GUICHET1"
    uint64_t magic_ = live_magic;
    Runtime& runtime_;
    const PluginLibrary& plugin_;
    Session* session_;
    guichet_host c_host_{};
};

}  // namespace guichet::host
