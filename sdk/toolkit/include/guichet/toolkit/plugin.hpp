#pragma once
// Writing a Guichet plugin: declare services and their operations, write one handler per
// operation (JSON in, JSON out), and export the entry with GUICHET_PLUGIN_ENTRY.
//
//   guichet::toolkit::PluginDefinition define() {
//       return guichet::toolkit::PluginDefinition().service(
//           guichet::toolkit::Service("echo/1", "Echo", {1, 0, 0}).operation("echo", "Says it back", echo));
//   }
//   GUICHET_PLUGIN_ENTRY(define)
//
// Handlers may throw: toolkit::Error keeps its status and field, anything else becomes
// GUICHET_E_INTERNAL with its message. No exception crosses the ABI.
#include "error.hpp"
#include "host.hpp"
#include "request.hpp"
#include "request_schema.hpp"
#include "session_cache.hpp"

#include <guichet/common/session_document.hpp>
#include <guichet/plugin.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace guichet::toolkit {

// The session document's types, shared with the host (guichet/common/session_document.hpp).
using common::AuthenticationMode;
using common::SessionDocument;

/** What the host tells an instance about its session (copies, owned by the instance). */
struct InstanceConfig {
    std::string software_name;
    std::string software_version;
    std::string authorisation_number;
    std::string software_instance_id;
    /** The session document, read strictly when the instance is created (a wrong member fails
     *  the creation naming it); a member a handler needs but finds absent, it requires itself. */
    SessionDocument session;
    std::string endpoint;  ///< Base URL configured for this service, or empty.
};

/** One operation call, as a handler sees it. */
class Call {
public:
    Call(const guichet_invocation& call, const Host& host, const InstanceConfig& config, SessionCache& cache);

    const Request& request() const { return request_; }
    const Host& host() const { return host_; }
    const InstanceConfig& config() const { return config_; }
    /** Values reusable within this session (the plugin instance), e.g. a VIHF in its window. */
    SessionCache& session_cache() const { return cache_; }
    const std::string& operation() const { return operation_; }
    int64_t deadline_ns() const { return call_.deadline_ns; }
    const guichet_cancel_token* cancel_token() const { return call_.cancel; }
    std::string_view idempotency_key() const { return view(call_.idempotency_key); }
    std::string_view call_id() const { return view(call_.call_id); }

    /** Throws Error(GUICHET_E_CANCELLED or _DEADLINE_EXCEEDED) once the call must stop. */
    void check_cancelled() const;
    /** An HTTP request carrying this call's deadline and cancel token. */
    HttpRequest http_request(std::string method, std::string url) const;

private:
    const guichet_invocation& call_;
    const Host& host_;
    const InstanceConfig& config_;
    SessionCache& cache_;
    std::string operation_;
    Request request_;
};

using Handler = std::function<Json(Call&)>;

/** A plugin's own version (semantic versioning), shown by `guichet plugins list`. */
struct Version {
    uint32_t major = 0;
    uint32_t minor = 0;
    uint32_t patch = 0;
};

struct Operation {
    std::string name;
    std::string summary;
    uint32_t flags = 0;
    Handler handler;
    /** The published schema its requests are checked against before the handler runs; every
     *  shipped operation has one (tests/unit/test_request_schemas.cpp). */
    std::optional<RequestSchema> request_schema;
    std::shared_ptr<const RequestValidator> validator;  ///< compiled from request_schema
};

class Service {
public:
    Service(std::string id, std::string display_name, Version plugin_version);
    Service&& operation(std::string name, std::string summary, Handler handler) &&;
    /** An operation whose requests `schema` validates first (a generated constant, e.g.
     *  guichet::schemas::insi::search_by_traits); compiled here, so a broken schema fails init. */
    Service&& operation(std::string name, std::string summary, Handler handler, const RequestSchema& schema) &&;
    /** An operation that sends something on the professional's behalf (outbox, idempotency key). */
    Service&& submitting_operation(std::string name, std::string summary, Handler handler) &&;
    Service&& submitting_operation(std::string name, std::string summary, Handler handler,
                                   const RequestSchema& schema) &&;
    /** The host will not run two calls of one instance at the same time. */
    Service&& serialized() &&;

    const std::string& id() const { return id_; }
    const std::string& display_name() const { return display_name_; }
    guichet_version version() const { return {version_.major, version_.minor, version_.patch, 0}; }
    uint32_t flags() const { return flags_; }
    const std::vector<Operation>& operations() const { return operations_; }

private:
    std::string id_;
    std::string display_name_;
    Version version_;
    uint32_t flags_ = 0;
    std::vector<Operation> operations_;
};

class PluginDefinition {
public:
    PluginDefinition&& service(Service s) && {
        services_.push_back(std::move(s));
        return std::move(*this);
    }
    const std::vector<Service>& services() const { return services_; }

private:
    std::vector<Service> services_;
};

namespace detail {
guichet_status init(const guichet_host* host, const guichet_error_sink* errors, PluginDefinition (*define)());
void GUICHET_CALL deinit();
const void* GUICHET_CALL get_factory(const char* id);
}  // namespace detail

}  // namespace guichet::toolkit

/** Defines and exports `guichet_entry` for a plugin whose services `define_fn` returns. */
#define GUICHET_PLUGIN_ENTRY(define_fn)                                                                            \
    namespace {                                                                                                    \
    guichet_status GUICHET_CALL guichet_toolkit_init(const guichet_host* host, const guichet_error_sink* errors) { \
        return ::guichet::toolkit::detail::init(host, errors, &define_fn);                                         \
    }                                                                                                              \
    }                                                                                                              \
    extern "C" GUICHET_PLUGIN_EXPORT const guichet_plugin_entry guichet_entry = {                                  \
        sizeof(guichet_plugin_entry),                                                                              \
        {GUICHET_ABI_VERSION_MAJOR, GUICHET_ABI_VERSION_MINOR, GUICHET_ABI_VERSION_PATCH, 0},                      \
        guichet_toolkit_init,                                                                                      \
        ::guichet::toolkit::detail::deinit,                                                                        \
        ::guichet::toolkit::detail::get_factory};
