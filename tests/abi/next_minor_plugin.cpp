// A plugin built on the headers of the next ABI minor (see CMakeLists.txt: a copy of today's
// headers with GUICHET_ABI_VERSION_MINOR + 1 and a function pointer appended to guichet.log/1
// and guichet.clock/1), with a toolkit compiled against them. Today's host must run it: its
// tables are smaller than these headers say, and the appended members must be seen as absent.
//   next-minor/1 "probe": uses the log and clock services through the toolkit, and reports what
//                        the plugin sees of the host's tables.
#include <guichet/toolkit/plugin.hpp>

namespace tk = guichet::toolkit;

static_assert(GUICHET_ABI_VERSION_MINOR == GUICHET_TEST_TODAY_MINOR + 1, "built on the next minor's headers");

namespace {

tk::Json probe(tk::Call& call) {
    // Through the toolkit, as every plugin does: refused tables would throw or stay silent.
    const tk::Clock clock = call.host().clock();
    const int64_t monotonic = clock.monotonic_ns();
    call.host().log().warn("next-minor probe logged through the toolkit");

    // The members this plugin's headers have and today's host does not: never called here, since
    // the tables they would be read from end before them.
    const guichet_host* host = call.host().c_host();
    const auto* c = static_cast<const guichet_clock_service*>(host->get_service(host, GUICHET_CLOCK_SERVICE_ID));
    const auto* l = static_cast<const guichet_log_service*>(host->get_service(host, GUICHET_LOG_SERVICE_ID));
    const bool clock_probe =
        GUICHET_HAS_MEMBER(c, guichet_clock_service, next_minor_probe) && c->next_minor_probe != nullptr;
    const bool log_probe =
        GUICHET_HAS_MEMBER(l, guichet_log_service, next_minor_probe) && l->next_minor_probe != nullptr;
    if (clock_probe) c->next_minor_probe(host);
    if (log_probe) l->next_minor_probe(host);
    return {{"plugin_abi_minor", GUICHET_ABI_VERSION_MINOR},
            {"host_abi_minor", host->abi_version.minor},
            {"clock_table_size", c->struct_size},
            {"log_table_size", l->struct_size},
            {"clock_probe_present", clock_probe},
            {"log_probe_present", log_probe},
            {"monotonic_ns", monotonic}};
}

tk::PluginDefinition define() {
    return tk::PluginDefinition().service(tk::Service("next-minor/1", "Built on the next ABI minor", {1, 0, 0})
                                              .operation("probe", "Uses host services, reports the tables", probe));
}

}  // namespace

GUICHET_PLUGIN_ENTRY(define)
