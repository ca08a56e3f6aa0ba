/**
 * @file guichet/plugin.h
 * @brief Guichet ABI v1: what a plugin exports and how the host drives it.
 *
 * A plugin is a shared library exporting exactly one data symbol, `guichet_entry`. From it the
 * host reaches the service factory, the service descriptors, and creates one instance per
 * (session, service). Requests and answers are UTF-8 JSON documents (one JSON Schema per
 * operation in docs/schemas/).
 */
#ifndef GUICHET_PLUGIN_H
#define GUICHET_PLUGIN_H

#include "services.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Put on the definition of `guichet_entry` so it is exported, and nothing else: on Windows
 * `__declspec(dllexport)`, elsewhere default visibility (build plugins with hidden visibility or
 * the toolkit's version script, so this symbol is the only one exported). In C++, combine with
 * `extern "C"`. The toolkit's GUICHET_PLUGIN_ENTRY uses it.
 * @since 1.0
 */
#if defined(_WIN32)
#define GUICHET_PLUGIN_EXPORT __declspec(dllexport)
#elif defined(__GNUC__)
#define GUICHET_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define GUICHET_PLUGIN_EXPORT
#endif

/** Factory id of the service factory, the only factory of ABI v1. @since 1.0 */
#define GUICHET_SERVICE_FACTORY_ID "guichet.service-factory/1"

/** Operation flags. @since 1.0 */
#define GUICHET_OPERATION_SUBMITS 1u /**< Sends something on the professional's behalf (goes through the outbox). */

/** One operation of a service, owned by the plugin, valid until its deinit. @since 1.0 */
typedef struct guichet_operation_descriptor {
    uint32_t struct_size;
    uint32_t flags;      /**< GUICHET_OPERATION_*. */
    guichet_str name;    /**< e.g. "search_by_traits". */
    guichet_str summary; /**< One line, for `guichet plugins info`. */
} guichet_operation_descriptor;

/** Service flags. @since 1.0 */
#define GUICHET_SERVICE_SERIALIZED 1u /**< The host never invokes one instance from two threads at once. */

/** One service, owned by the plugin, valid until its deinit. @since 1.0 */
typedef struct guichet_service_descriptor {
    uint32_t struct_size;
    uint32_t flags;           /**< GUICHET_SERVICE_*. */
    guichet_str id;           /**< Service id with revision, e.g. "insi/1". */
    guichet_str display_name; /**< e.g. "INSi - identité nationale de santé". */
    guichet_version plugin_version;
    const guichet_operation_descriptor* const* operations; /**< Pointers, so descriptors can grow. */
    uint32_t operation_count;
    uint32_t reserved; /**< Always 0. */
} guichet_service_descriptor;

/** What the host tells an instance about its session. Strings borrowed during create_instance.
 *  @since 1.0 */
typedef struct guichet_instance_config {
    uint32_t struct_size;
    uint32_t reserved;
    guichet_str software_name;        /**< The practice software's name (ContexteLPS Nom). */
    guichet_str software_version;     /**< Its version. */
    guichet_str authorisation_number; /**< Its authorisation number (IDAM / homologation). */
    guichet_str software_instance_id; /**< UUID of this installation. */
    guichet_str session_json;         /**< The session context (professional, structure, mode...). */
    guichet_str endpoint;             /**< Base URL the session configured for this service, or empty. */
} guichet_instance_config;

/** One operation call, borrowed by the plugin for the duration of invoke (sync) or until the
 *  completion fires (async). @since 1.0 */
typedef struct guichet_invocation {
    uint32_t struct_size;
    uint32_t reserved;
    guichet_str operation;
    guichet_str request_json;
    int64_t deadline_ns;                /**< Monotonic (guichet.clock/1), or GUICHET_NO_DEADLINE. */
    const guichet_cancel_token* cancel; /**< Never NULL. */
    guichet_str idempotency_key;        /**< Set by the host for submitting operations, else empty. */
    guichet_str call_id;                /**< Host correlation id, for logs. */
} guichet_invocation;

/** A call's outcome as the plugin reports it, borrowed by the host during `complete`. Business
 *  answers ("none found", "rights closed") are GUICHET_OK with a response; errors are for what
 *  went wrong. @since 1.0 */
typedef struct guichet_outcome {
    uint32_t struct_size;
    guichet_status status;
    guichet_str response_json;  /**< The answer when status is GUICHET_OK or GUICHET_QUEUED. */
    const guichet_error* error; /**< Detail when status is an error; may be NULL. */
} guichet_outcome;

/** Where a plugin reports a call's outcome. Owned by the host, valid until `complete` returns.
 *  @since 1.0 */
typedef struct guichet_completion {
    uint32_t struct_size;
    void* host_data;
    /**
     * Reports the outcome; call it exactly once per invocation. Copies the outcome and its
     * strings before returning, so the plugin may free them then. Cannot fail (a missing or
     * malformed outcome becomes GUICHET_E_INTERNAL for the application).
     * Thread: [any-thread] (the host implements it; never call it twice for one invocation)
     * @since 1.0
     */
    void(GUICHET_CALL* complete)(const struct guichet_completion* completion, const guichet_outcome* outcome);
} guichet_completion;

/** A live service instance, allocated and owned by the plugin until `destroy`. @since 1.0 */
typedef struct guichet_service_instance {
    uint32_t struct_size;
    void* plugin_data;
    /**
     * Frees the instance. Called once, after every call on it has completed (no `invoke` runs
     * and no completion is pending). Cannot fail.
     * Thread: [not-concurrent] (with every function of this instance)
     * @since 1.0
     */
    void(GUICHET_CALL* destroy)(struct guichet_service_instance* self);
    /**
     * Runs `call` and calls `completion->complete` exactly once before returning. `call` and
     * `completion` are borrowed until then. Errors go in the outcome, never in a return value.
     * Must not throw nor unwind (the toolkit's firewall guarantees it).
     * Thread: [any-thread & blocking] (the host calls it concurrently on one instance, unless the
     * service is GUICHET_SERVICE_SERIALIZED: then [not-concurrent] with itself and invoke_async)
     * @since 1.0
     */
    void(GUICHET_CALL* invoke)(struct guichet_service_instance* self, const guichet_invocation* call,
                               const guichet_completion* completion);
    /**
     * Optional (NULL when absent; the host then runs `invoke` on its worker pool).
     * Starts `call`; on GUICHET_OK, `completion->complete` fires exactly once later, on any
     * thread but never from inside invoke_async; on an error it never fires. `call` and
     * `completion` stay valid until the completion fires.
     * @return GUICHET_OK when started, else an error status (the call fails with it).
     * Thread: [any-thread] (same serialisation as invoke); must not block
     * @since 1.0
     */
    guichet_status(GUICHET_CALL* invoke_async)(struct guichet_service_instance* self, const guichet_invocation* call,
                                               const guichet_completion* completion);
} guichet_service_instance;

/** The plugin's service factory (GUICHET_SERVICE_FACTORY_ID), owned by the plugin, valid
 *  until its last deinit. @since 1.0 */
typedef struct guichet_service_factory {
    uint32_t struct_size;
    /**
     * @return how many services the plugin provides; constant between init and deinit.
     * Thread: [any-thread] (after init)
     * @since 1.0
     */
    uint32_t(GUICHET_CALL* service_count)(void);
    /**
     * @return descriptor `index`, owned by the plugin and valid until deinit; NULL if out of range.
     * Thread: [any-thread] (after init)
     * @since 1.0
     */
    const guichet_service_descriptor*(GUICHET_CALL* service_at)(uint32_t index);
    /**
     * Creates an instance of `service_id` bound to `host` (valid until the instance is
     * destroyed). `config` and `service_id` are borrowed during the call. The instance is the
     * plugin's; the host gives it back through its `destroy`.
     * @return the instance, or NULL after reporting why to `errors` (never NULL).
     * Thread: [any-thread] (after init)
     * @since 1.0
     */
    guichet_service_instance*(GUICHET_CALL* create_instance)(guichet_str service_id, const guichet_host* host,
                                                             const guichet_instance_config* config,
                                                             const guichet_error_sink* errors);
} guichet_service_factory;

/** The one symbol a plugin exports (define it with GUICHET_PLUGIN_EXPORT). Constant data of
 *  the plugin, valid while the library is loaded. @since 1.0 */
typedef struct guichet_plugin_entry {
    uint32_t struct_size;
    guichet_version abi_version; /**< GUICHET_ABI_VERSION_* the plugin was built with. */
    /**
     * Reference-counted and idempotent: every successful init is paired with one deinit, and
     * only the first init does work. Does no I/O. `host` (the plugin host, see guichet/host.h)
     * is valid only until init returns; its services may be used only during init.
     * @return GUICHET_OK, or an error after reporting its detail to `errors` (may be NULL);
     *         after an error the host calls no deinit for this init.
     * Thread: [not-concurrent] (with itself, deinit and get_factory; the host serialises loading)
     * @since 1.0
     */
    guichet_status(GUICHET_CALL* init)(const guichet_host* host, const guichet_error_sink* errors);
    /**
     * Undoes one successful init; the last one releases everything. Called after every
     * instance is destroyed. Cannot fail.
     * Thread: [not-concurrent] (with itself, init and get_factory)
     * @since 1.0
     */
    void(GUICHET_CALL* deinit)(void);
    /**
     * @return the factory for a NUL-terminated id (e.g. GUICHET_SERVICE_FACTORY_ID), or NULL when
     *         unknown. Owned by the plugin, valid until deinit.
     * Thread: [not-concurrent] (with init and deinit; called after init)
     * @since 1.0
     */
    const void*(GUICHET_CALL* get_factory)(const char* factory_id);
} guichet_plugin_entry;

/** Name of the exported entry symbol. @since 1.0 */
#define GUICHET_ENTRY_SYMBOL "guichet_entry"

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(sizeof(guichet_operation_descriptor) == 40, operation_descriptor_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_service_descriptor) == 72, service_descriptor_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_instance_config) == 104, instance_config_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_invocation) == 88, call_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_outcome) == 32, outcome_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_completion) == 24, completion_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_service_instance) == 40, service_instance_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_service_factory) == 32, service_factory_size);
GUICHET_STATIC_ASSERT(offsetof(guichet_plugin_entry, abi_version) == 4, entry_version_offset);
GUICHET_STATIC_ASSERT(sizeof(guichet_plugin_entry) == 48, plugin_entry_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_PLUGIN_H */
