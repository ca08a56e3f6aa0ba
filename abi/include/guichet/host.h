/**
 * @file guichet/host.h
 * @brief Guichet ABI v1: the host as a plugin sees it, and the cancel token of a call.
 *
 * A plugin never does I/O itself: it asks the host. Each service is looked up by id and
 * revision ("guichet.http/1") through guichet_host::get_service, which returns NULL when the
 * host does not provide it. A breaking change is a new revision, never an edited struct. The
 * services have one header each under guichet/services/; guichet/services.h includes them all.
 *
 * Every service function takes the `guichet_host` it was obtained from as first argument, so a
 * strict host can check its caller. Hosts come in two scopes:
 *  - the plugin host given to `init`, valid only until `init` returns;
 *  - the instance host given to `create_instance`, valid until that instance is destroyed, and
 *    bound to one session (its professional identity, TLS identity, endpoints, store).
 *
 * A service table comes from a host built with headers of any 1.x minor: a plugin accepts one
 * at least as large as ABI 1.0's and uses a member added later only when GUICHET_HAS_MEMBER
 * says the table has it and the pointer is not NULL.
 */
#ifndef GUICHET_HOST_H
#define GUICHET_HOST_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The host as seen by a plugin. Provided and owned by the host; its lifetime is its scope's
 * (see above).
 * @since 1.0
 */
typedef struct guichet_host {
    uint32_t struct_size;
    guichet_version abi_version; /**< ABI version the host implements. */
    void* host_data;             /**< Opaque to the plugin. */
    /**
     * Looks up a service by NUL-terminated id with revision, e.g. "guichet.log/1".
     * @return the service table, owned by the host and valid as long as `host`; NULL when the
     *         service or revision is not provided (an id with trailing characters is unknown),
     *         or when `host` or `service_id` is NULL or not this host's. Never fails otherwise.
     * Thread: [any-thread]
     * @since 1.0
     */
    const void*(GUICHET_CALL* get_service)(const struct guichet_host* host, const char* service_id);
} guichet_host;

/** Deadline value meaning "no deadline". Deadlines are monotonic (guichet.clock/1). @since 1.0 */
#define GUICHET_NO_DEADLINE INT64_MAX

/**
 * Cancellation and deadline of one call, provided and owned by the host, valid until the call
 * completes. A plugin polls it between steps and passes it on to the HTTP service so an
 * in-flight exchange stops too.
 * @since 1.0
 */
typedef struct guichet_cancel_token {
    uint32_t struct_size;
    void* host_data;
    /**
     * @return GUICHET_OK while the call may go on, GUICHET_E_CANCELLED or
     *         GUICHET_E_DEADLINE_EXCEEDED once it must stop (then always the same answer).
     * Never blocks.
     * Thread: [any-thread]
     * @since 1.0
     */
    guichet_status(GUICHET_CALL* check)(const struct guichet_cancel_token* token);
} guichet_cancel_token;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(sizeof(guichet_host) == 40, host_size);
GUICHET_STATIC_ASSERT(offsetof(guichet_host, get_service) == 32, host_get_service_offset);
GUICHET_STATIC_ASSERT(sizeof(guichet_cancel_token) == 24, cancel_token_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_HOST_H */
