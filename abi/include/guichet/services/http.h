/**
 * @file guichet/services/http.h
 * @brief Host service guichet.http/1: HTTPS exchanges with the session's TLS identity.
 */
#ifndef GUICHET_SERVICES_HTTP_H
#define GUICHET_SERVICES_HTTP_H

/** @since 1.0 */
#define GUICHET_HTTP_SERVICE_ID "guichet.http/1"

#include "../host.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One header. A fixed value type (no struct_size). @since 1.0 */
typedef struct guichet_http_header {
    guichet_str name;
    guichet_str value;
} guichet_http_header;

/** An exchange to perform, written by the plugin, borrowed by the host (see each function).
 *  @since 1.0 */
typedef struct guichet_http_request {
    uint32_t struct_size;
    guichet_str method;                 /**< "GET", "POST"... */
    guichet_str url;                    /**< Absolute https:// (or http:// to loopback) URL. */
    const guichet_http_header* headers; /**< Content-Type may carry parameters (MTOM). */
    uint32_t header_count;
    const uint8_t* body; /**< Bytes, not text: may hold binary MIME parts. */
    uint64_t body_len;
    int64_t deadline_ns;                /**< Monotonic, or GUICHET_NO_DEADLINE. */
    const guichet_cancel_token* cancel; /**< May be NULL. */
    /** TLS client identity: empty = the session's default identity, "none" = no client
     *  certificate, otherwise the name of an identity declared in the session. */
    guichet_str client_identity;
} guichet_http_request;

/** An HTTP exchange's outcome, owned by the host until released. @since 1.0 */
typedef struct guichet_http_response {
    uint32_t struct_size;
    guichet_status status;      /**< GUICHET_OK when an HTTP answer arrived (whatever its code). */
    const guichet_error* error; /**< Detail when status != GUICHET_OK, else NULL. */
    int32_t http_status;        /**< 200, 500... or 0 when no answer arrived. */
    uint32_t header_count;
    const guichet_http_header* headers; /**< Names as received; look them up case-insensitively. */
    const uint8_t* body;
    uint64_t body_len;
} guichet_http_response;

/**
 * Completion of guichet_http_service::request_async. Fires exactly once per started exchange,
 * on a host thread, never from inside request_async; `response` (never NULL) is borrowed until
 * it returns. Must not block for long: it runs on the host's I/O threads.
 * Thread: [callback]
 * @since 1.0
 */
typedef void(GUICHET_CALL* guichet_http_done_fn)(void* user_data, const guichet_http_response* response);

/** @since 1.0 */
typedef struct guichet_http_service {
    uint32_t struct_size;
    /**
     * Performs one exchange and blocks until it completes, fails, is cancelled or its deadline
     * passes. TLS verification is always on. Connections are reused per host. The request is
     * borrowed during the call only.
     * @param[out] response set to a host-owned response (never NULL on return, also on failure);
     *             release it with `release`.
     * @return the response's status: GUICHET_OK when an answer arrived, else GUICHET_E_NETWORK,
     *         _TLS, _CANCELLED, _DEADLINE_EXCEEDED, _INVALID_ARGUMENT (malformed request, URL
     *         refused) with the detail in the response's error.
     * Thread: [any-thread & blocking]
     * @since 1.0
     */
    guichet_status(GUICHET_CALL* request)(const guichet_host* host, const guichet_http_request* request,
                                          const guichet_http_response** response);
    /**
     * Starts one exchange and returns at once; `done` fires exactly once later (see
     * guichet_http_done_fn). Cancel it through the request's cancel token, which must stay
     * valid until `done` fires; the rest of the request is copied before this returns.
     * @return GUICHET_OK when started (then `done` will fire), an error otherwise (then it
     *         won't): GUICHET_E_INVALID_ARGUMENT, GUICHET_E_INVALID_STATE (host shutting down).
     * Thread: [any-thread]
     * @since 1.0
     */
    guichet_status(GUICHET_CALL* request_async)(const guichet_host* host, const guichet_http_request* request,
                                                guichet_http_done_fn done, void* user_data);
    /**
     * Frees a response obtained from `request`. NULL is ignored. Cannot fail.
     * Thread: [any-thread]
     * @since 1.0
     */
    void(GUICHET_CALL* release)(const guichet_host* host, const guichet_http_response* response);
} guichet_http_service;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(sizeof(guichet_http_header) == 32, http_header_size);
GUICHET_STATIC_ASSERT(offsetof(guichet_http_request, body) == 56, http_request_body_offset);
GUICHET_STATIC_ASSERT(offsetof(guichet_http_request, client_identity) == 88, http_request_identity_offset);
GUICHET_STATIC_ASSERT(sizeof(guichet_http_request) == 104, http_request_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_http_response) == 48, http_response_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_http_service) == 32, http_service_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_SERVICES_HTTP_H */
