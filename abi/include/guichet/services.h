/**
 * @file guichet/services.h
 * @brief Guichet ABI v1: the host and the services it offers to plugins.
 *
 * A plugin never does I/O itself: it asks the host. Each service is looked up by id and
 * revision ("guichet.http/1") through guichet_host::get_service, which returns NULL when the
 * host does not provide it. A breaking change is a new revision, never an edited struct.
 *
 * Every service function takes the `guichet_host` it was obtained from as first argument, so a
 * strict host can check its caller. Hosts come in two scopes:
 *  - the plugin host given to `init`, valid only until `init` returns;
 *  - the instance host given to `create_instance`, valid until that instance is destroyed, and
 *    bound to one session (its professional identity, TLS identity, endpoints, store).
 */
#ifndef GUICHET_SERVICES_H
#define GUICHET_SERVICES_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The host as seen by a plugin. Provided and owned by the host. */
typedef struct guichet_host {
    uint32_t struct_size;
    guichet_version abi_version; /**< ABI version the host implements. */
    void* host_data;             /**< Opaque to the plugin. */
    /**
     * Looks up a service by NUL-terminated id with revision, e.g. "guichet.log/1".
     * @return the service table, owned by the host and valid as long as `host`; NULL when the
     *         service or revision is not provided (an id with trailing characters is unknown).
     * Thread rule: any thread.
     */
    const void*(GUICHET_CALL* get_service)(const struct guichet_host* host, const char* service_id);
} guichet_host;

/**
 * Cancellation and deadline of one call, provided by the host. A plugin polls it between
 * steps and passes it on to the HTTP service so an in-flight exchange stops too.
 */
typedef struct guichet_cancel_token {
    uint32_t struct_size;
    void* host_data;
    /** @return GUICHET_OK while the call may go on, GUICHET_E_CANCELLED or
     *  GUICHET_E_DEADLINE_EXCEEDED once it must stop. Any thread, never blocks. */
    guichet_status(GUICHET_CALL* check)(const struct guichet_cancel_token* token);
} guichet_cancel_token;

/* ---------------------------------------------------------------- guichet.log/1 */
#define GUICHET_LOG_SERVICE_ID "guichet.log/1"

typedef int32_t guichet_log_level;
#define GUICHET_LOG_TRACE 0
#define GUICHET_LOG_DEBUG 1
#define GUICHET_LOG_INFO 2
#define GUICHET_LOG_WARN 3
#define GUICHET_LOG_ERROR 4

/** A named value attached to a log record. */
typedef struct guichet_log_field {
    guichet_str name;
    guichet_str value;
    uint32_t patient_data; /**< 1: NIR, INS, name, birth date...; redacted unless the host says otherwise. */
    uint32_t reserved;     /**< Always 0. */
} guichet_log_field;

typedef struct guichet_log_service {
    uint32_t struct_size;
    /**
     * Writes a record. The host also runs its redaction over `message` (patterns such as NIR
     * and dates), but fields holding patient data must be flagged: names cannot be detected.
     * Strings are borrowed for the duration of the call. Any thread.
     */
    void(GUICHET_CALL* write)(const guichet_host* host, guichet_log_level level, guichet_str category,
                              guichet_str message, const guichet_log_field* fields, uint32_t field_count);
    /** @return the lowest level the host records, so plugins can skip building messages. */
    guichet_log_level(GUICHET_CALL* threshold)(const guichet_host* host);
} guichet_log_service;

/* ---------------------------------------------------------------- guichet.clock/1 */
#define GUICHET_CLOCK_SERVICE_ID "guichet.clock/1"

typedef struct guichet_clock_service {
    uint32_t struct_size;
    /** @return wall-clock time, nanoseconds since 1970-01-01T00:00:00Z. A host may fake it. */
    int64_t(GUICHET_CALL* wall_ns)(const guichet_host* host);
    /** @return monotonic time in nanoseconds, the time base of every deadline. */
    int64_t(GUICHET_CALL* monotonic_ns)(const guichet_host* host);
} guichet_clock_service;

/** Deadline value meaning "no deadline". */
#define GUICHET_NO_DEADLINE INT64_MAX

/* ---------------------------------------------------------------- guichet.http/1 */
#define GUICHET_HTTP_SERVICE_ID "guichet.http/1"

typedef struct guichet_http_header {
    guichet_str name;
    guichet_str value;
} guichet_http_header;

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

/** An HTTP exchange's outcome, owned by the host until released. */
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

typedef void(GUICHET_CALL* guichet_http_done_fn)(void* user_data, const guichet_http_response* response);

typedef struct guichet_http_service {
    uint32_t struct_size;
    /**
     * Performs one exchange and blocks until it completes, fails, is cancelled or its deadline
     * passes. TLS verification is always on. Connections are reused per host.
     * @param[out] response set to a host-owned response (never NULL on return, also on failure);
     *             release it with `release`.
     * @return the response's status. Any thread; the request is borrowed during the call only.
     */
    guichet_status(GUICHET_CALL* request)(const guichet_host* host, const guichet_http_request* request,
                                          const guichet_http_response** response);
    /**
     * Starts one exchange and returns at once. `done` fires exactly once, on a host thread,
     * never from inside this function, with a response borrowed for the duration of `done`.
     * Cancel it through the request's cancel token.
     * @return GUICHET_OK when started (then `done` will fire), an error otherwise (then it won't).
     */
    guichet_status(GUICHET_CALL* request_async)(const guichet_host* host, const guichet_http_request* request,
                                                guichet_http_done_fn done, void* user_data);
    /** Frees a response obtained from `request`. Any thread; NULL is ignored. */
    void(GUICHET_CALL* release)(const guichet_host* host, const guichet_http_response* response);
} guichet_http_service;

/* ---------------------------------------------------------------- guichet.sign/1 */
#define GUICHET_SIGN_SERVICE_ID "guichet.sign/1"

typedef int32_t guichet_sign_algorithm;
#define GUICHET_SIGN_RSA_PKCS1_SHA256 1 /**< RSASSA-PKCS1-v1_5 over SHA-256 of `data`. */
#define GUICHET_SIGN_ECDSA_SHA256 2     /**< ECDSA over SHA-256 of `data`, DER signature. */
#define GUICHET_SIGN_RSA_PSS_SHA256 3   /**< RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32. */

/** A certificate chain, leaf first, each DER-encoded. Owned by the host. */
typedef struct guichet_cert_chain {
    uint32_t struct_size;
    uint32_t count;
    const uint8_t* const* der; /**< `count` pointers. */
    const uint64_t* der_len;   /**< `count` lengths. */
} guichet_cert_chain;

typedef struct guichet_sign_service {
    uint32_t struct_size;
    /**
     * Signs `data` with a key of the instance's session. Keys are handles: the key never
     * leaves the host or the token. `key_name` empty = the session's signing identity.
     * @param[in,out] signature_len capacity of `signature` in, bytes written out; on
     *                GUICHET_E_BUFFER_TOO_SMALL, the size needed.
     * @param errors  may be NULL; receives the detail of a failure (wrong PIN, absent token...).
     * Any thread; may block while the host asks the user for a PIN.
     */
    guichet_status(GUICHET_CALL* sign)(const guichet_host* host, guichet_str key_name, guichet_sign_algorithm algorithm,
                                       const uint8_t* data, uint64_t data_len, uint8_t* signature,
                                       uint64_t* signature_len, const guichet_error_sink* errors);
    /**
     * @param[out] chain set to the certificate chain of `key_name`, owned by the host and valid
     *             as long as `host`.
     */
    guichet_status(GUICHET_CALL* certificate_chain)(const guichet_host* host, guichet_str key_name,
                                                    const guichet_cert_chain** chain, const guichet_error_sink* errors);
} guichet_sign_service;

/* ---------------------------------------------------------------- guichet.random/1 */
#define GUICHET_RANDOM_SERVICE_ID "guichet.random/1"

typedef struct guichet_random_service {
    uint32_t struct_size;
    /** Fills `buffer` with cryptographically secure random bytes. Any thread. */
    guichet_status(GUICHET_CALL* fill)(const guichet_host* host, uint8_t* buffer, uint64_t len);
} guichet_random_service;

/* ---------------------------------------------------------------- guichet.store/1 */
#define GUICHET_STORE_SERVICE_ID "guichet.store/1"

/** A small key/value space private to each plugin (not per session), persisted when the
 *  runtime has a data directory. Meant for caches and counters, not for patient files. */
typedef struct guichet_store_service {
    uint32_t struct_size;
    /**
     * Reads `key`. @param[in,out] value_len capacity in, size out; GUICHET_E_BUFFER_TOO_SMALL
     * sets it to the size needed, GUICHET_E_NOT_FOUND when absent. Any thread.
     */
    guichet_status(GUICHET_CALL* get)(const guichet_host* host, guichet_str key, uint8_t* value, uint64_t* value_len);
    /** Writes `key` (replacing any value). Any thread. */
    guichet_status(GUICHET_CALL* put)(const guichet_host* host, guichet_str key, const uint8_t* value,
                                      uint64_t value_len);
    /** Removes `key`; GUICHET_E_NOT_FOUND when absent. Any thread. */
    guichet_status(GUICHET_CALL* remove)(const guichet_host* host, guichet_str key);
} guichet_store_service;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(sizeof(guichet_host) == 40, host_size);
GUICHET_STATIC_ASSERT(offsetof(guichet_host, get_service) == 32, host_get_service_offset);
GUICHET_STATIC_ASSERT(sizeof(guichet_cancel_token) == 24, cancel_token_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_log_field) == 40, log_field_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_log_service) == 24, log_service_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_clock_service) == 24, clock_service_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_http_header) == 32, http_header_size);
GUICHET_STATIC_ASSERT(offsetof(guichet_http_request, body) == 56, http_request_body_offset);
GUICHET_STATIC_ASSERT(offsetof(guichet_http_request, client_identity) == 88, http_request_identity_offset);
GUICHET_STATIC_ASSERT(sizeof(guichet_http_request) == 104, http_request_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_http_response) == 48, http_response_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_http_service) == 32, http_service_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_cert_chain) == 24, cert_chain_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_sign_service) == 24, sign_service_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_random_service) == 16, random_service_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_store_service) == 32, store_service_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_SERVICES_H */
