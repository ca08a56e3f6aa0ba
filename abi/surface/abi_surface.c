/* The plugin-facing ABI as one library, so libabigail can see every type of plugin.h and
 * services.h (plugins reach the service tables only through `const void*`, which abidw
 * cannot follow). Never shipped: it exists for the ABI check and as a C99 compile check. */
#include <guichet/plugin.h>

#define GUICHET_SURFACE __attribute__((visibility("default")))

GUICHET_SURFACE const guichet_plugin_entry* guichet_surface_plugin(
    const guichet_plugin_entry* entry, const guichet_service_factory* factory,
    const guichet_service_descriptor* service, const guichet_operation_descriptor* operation,
    const guichet_instance_config* config, const guichet_invocation* call, const guichet_outcome* outcome,
    const guichet_completion* completion, const guichet_service_instance* instance) {
    (void)factory;
    (void)service;
    (void)operation;
    (void)config;
    (void)call;
    (void)outcome;
    (void)completion;
    (void)instance;
    return entry;
}

GUICHET_SURFACE const guichet_host* guichet_surface_services(
    const guichet_host* host, const guichet_cancel_token* token, const guichet_log_service* log,
    const guichet_clock_service* clock, const guichet_http_service* http, const guichet_http_request* request,
    const guichet_http_response* response, const guichet_sign_service* sign, const guichet_cert_chain* chain,
    const guichet_random_service* random, const guichet_store_service* store, const guichet_error* error,
    const guichet_error_sink* sink) {
    (void)token;
    (void)log;
    (void)clock;
    (void)http;
    (void)request;
    (void)response;
    (void)sign;
    (void)chain;
    (void)random;
    (void)store;
    (void)error;
    (void)sink;
    return host;
}
