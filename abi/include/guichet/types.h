/**
 * @file guichet/types.h
 * @brief Guichet ABI v1: versions, status codes, strings and error details.
 *
 * C99-compatible. Shared by the application-facing API (runtime.h) and the plugin-facing
 * API (plugin.h, services.h). See docs/abi.md for the rules every type here follows:
 * structs start with `struct_size` and only grow at the end, enumerations are `int32_t`
 * with permanent explicit values, strings are UTF-8.
 */
#ifndef GUICHET_TYPES_H
#define GUICHET_TYPES_H

#include "thread.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Pinned calling convention for every function pointer and exported function. @since 1.0 */
#if defined(_WIN32) && !defined(_WIN64)
#define GUICHET_CALL __cdecl
#else
#define GUICHET_CALL
#endif

/**
 * Marks the functions libguichet exports. On Windows, libguichet's own build defines
 * GUICHET_BUILDING_LIBGUICHET (sdk/host/CMakeLists.txt) and exports them; an application
 * importing guichet.dll gets `__declspec(dllimport)`. Elsewhere, default visibility (libguichet
 * is built with hidden visibility and a version script).
 * @since 1.0
 */
#if defined(_WIN32)
#if defined(GUICHET_BUILDING_LIBGUICHET)
#define GUICHET_API __declspec(dllexport)
#else
#define GUICHET_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define GUICHET_API __attribute__((visibility("default")))
#else
#define GUICHET_API
#endif

/** Compile-time layout check usable from C99 (typedef trick), C11 and C++. */
#if defined(__cplusplus)
#define GUICHET_STATIC_ASSERT(cond, name) static_assert(cond, #name)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define GUICHET_STATIC_ASSERT(cond, name) _Static_assert(cond, #name)
#else
#define GUICHET_STATIC_ASSERT(cond, name) typedef char guichet_static_assert_##name[(cond) ? 1 : -1]
#endif

/**
 * Member presence test for a struct written by the other side of the ABI: true when the
 * writer's `struct_size` covers `member` of `type`, i.e. when the writer was built with headers
 * that have it. A function pointer member must also be non-NULL before it is called.
 * `ptr` must be non-NULL and is evaluated more than once.
 *   if (GUICHET_HAS_MEMBER(clock, guichet_clock_service, some_later_fn) && clock->some_later_fn)
 * @since 1.1
 */
#define GUICHET_HAS_MEMBER(ptr, type, member) \
    ((ptr)->struct_size >= offsetof(type, member) + sizeof(((const type*)0)->member))

/**
 * ABI version of these headers. Major must match between host and plugin; each side uses
 * features up to the smaller minor: it accepts a struct or service table at least as large as
 * ABI 1.0's and reads a member added later only after GUICHET_HAS_MEMBER says it is there.
 * @since 1.0
 */
#define GUICHET_ABI_VERSION_MAJOR 1
#define GUICHET_ABI_VERSION_MINOR 3
#define GUICHET_ABI_VERSION_PATCH 0

/** A semantic version. A fixed value type: it never grows, so it carries no struct_size.
 *  @since 1.0 */
typedef struct guichet_version {
    uint32_t major;
    uint32_t minor;
    uint32_t patch;
    uint32_t reserved; /**< Always 0. */
} guichet_version;

/**
 * A UTF-8 string view: `len` bytes at `ptr`, not necessarily NUL-terminated.
 * A fixed value type (no struct_size). `ptr` may be NULL only when `len` is 0.
 * Who owns the bytes is stated by each function that passes or returns one.
 * @since 1.0
 */
typedef struct guichet_str {
    const char* ptr;
    uint64_t len;
} guichet_str;

/** Builds a guichet_str from a string literal. */
#define GUICHET_STR_LIT(lit) \
    { (lit), (uint64_t)(sizeof(lit) - 1) }

/**
 * Status codes. Values are permanent: a code is never renumbered nor reused.
 * 0..99 success and progress, 100..199 caller errors, 200..299 call lifecycle,
 * 300..399 remote and transport, 400..499 identity and signing, 500..599 plugin loading,
 * 900..999 internal. 0x40000000..0x7FFFFFFF is the vendor range: a plugin may return codes
 * there; the host passes them through untouched. A new code takes the next free value of its
 * range and says `@since` the minor that added it; codes without one exist since 1.0.
 *
 * Tombstones. A code is never deleted: when one is retired, its name is replaced by a tombstone
 * that keeps the value, so the value can never be handed out again and old binaries that still
 * return it are understood. A tombstone is `#define GUICHET_E_OBSOLETE_<value> <value>` with the
 * doc comment "Retired in 1.N: was GUICHET_E_<NAME>; <why, and what is returned instead>." (like
 * curl's CURLE_OBSOLETE20). The old name stays defined as an alias of the tombstone for one major version (then it is
 * removed, so source still using it fails to compile), guichet_status_name() answers
 * "GUICHET_E_OBSOLETE_<value>", and docs/status-codes.md keeps its row, struck through.
 * No code is retired in ABI 1.x so far.
 * @since 1.0
 */
typedef int32_t guichet_status;

#define GUICHET_OK 0     /**< Done. */
#define GUICHET_QUEUED 1 /**< Submission stored in the outbox; will be sent. */

#define GUICHET_E_INVALID_ARGUMENT 100 /**< A parameter or request field is invalid; see field. */
#define GUICHET_E_INVALID_STATE 101    /**< Not allowed now (e.g. destroy from a callback). */
#define GUICHET_E_NOT_FOUND 102        /**< Unknown service, operation or key. */
#define GUICHET_E_UNSUPPORTED 103      /**< Feature not provided by this host or plugin. */
#define GUICHET_E_BUFFER_TOO_SMALL 104 /**< Output buffer too small; the needed size is returned. */
#define GUICHET_E_NO_MEMORY 105        /**< Allocation failed. */
#define GUICHET_E_IO 106               /**< Local file or database error. */

#define GUICHET_E_CANCELLED 200         /**< Cancelled by the caller or by shutdown. */
#define GUICHET_E_DEADLINE_EXCEEDED 201 /**< The call's deadline passed. */

#define GUICHET_E_NETWORK 300             /**< Could not connect, or connection lost. */
#define GUICHET_E_TLS 301                 /**< TLS handshake or certificate verification failed. */
#define GUICHET_E_HTTP_STATUS 302         /**< The server answered an unexpected HTTP status. */
#define GUICHET_E_REMOTE_FAULT 303        /**< The service answered a fault; see remote_code. */
#define GUICHET_E_BAD_RESPONSE 304        /**< Malformed, truncated or unexpected answer. */
#define GUICHET_E_SERVICE_UNAVAILABLE 305 /**< The service is down or overloaded; retry later. */

#define GUICHET_E_IDENTITY 400           /**< Signing identity missing or unusable. */
#define GUICHET_E_PIN_INCORRECT 401      /**< Wrong PIN or passphrase. */
#define GUICHET_E_TOKEN_ABSENT 402       /**< PKCS#11 token (card) not present. */
#define GUICHET_E_CERT_EXPIRED 403       /**< Certificate validity ended. */
#define GUICHET_E_CERT_NOT_YET_VALID 404 /**< Certificate validity not yet started. */
#define GUICHET_E_CERT_UNTRUSTED 405     /**< Certificate chain not trusted. */

#define GUICHET_E_PLUGIN_LOAD 500        /**< The file is not a loadable shared library. */
#define GUICHET_E_PLUGIN_NO_ENTRY 501    /**< The library does not export `guichet_entry`. */
#define GUICHET_E_PLUGIN_ABI_MAJOR 502   /**< The plugin was built for another ABI major. */
#define GUICHET_E_PLUGIN_STRUCT_SIZE 503 /**< A plugin struct is smaller than v1.0 requires. */
#define GUICHET_E_PLUGIN_INIT 504        /**< The plugin's init returned an error. */
#define GUICHET_E_PLUGIN_DUPLICATE 505   /**< A service id is already provided by another plugin. */
#define GUICHET_E_PLUGIN_INVALID 506     /**< A descriptor is malformed (empty id, bad revision...). */

#define GUICHET_E_INTERNAL 900 /**< A bug: an escaped exception, a broken invariant. */

#define GUICHET_VENDOR_STATUS_FIRST 0x40000000
#define GUICHET_VENDOR_STATUS_LAST 0x7FFFFFFF

/**
 * Structured error detail. Strings are borrowed; the function handing one out says until when.
 * `field` is an RFC 6901 JSON pointer to the faulty request field ("/patient/birth_date"),
 * empty when the error is not about one field. A reader checks `struct_size` (GUICHET_HAS_MEMBER)
 * before reading a member added after 1.0.
 * @since 1.0
 */
typedef struct guichet_error {
    uint32_t struct_size;    /**< sizeof(guichet_error) as compiled by the writer. */
    guichet_status status;   /**< Same as the returned status. */
    guichet_str message;     /**< Human-readable, safe to show a professional; no patient data. */
    guichet_str remote_code; /**< Code given by the remote service (e.g. "siram_100"), or empty. */
    int32_t http_status;     /**< HTTP status of the failing exchange, or 0. */
    uint32_t retryable;      /**< 1 when retrying the same request later may succeed. */
    guichet_str field;       /**< JSON pointer of the faulty field, or empty. */
    /** The code the service put in its fault's detail (siram:Erreur `code`, e.g. "desir_550"),
     *  beside `remote_code`, the fault's subcode ("siram_100"); empty when the fault has none.
     *  @since 1.2 */
    guichet_str remote_detail_code;
    /** The detail's severity as the service wrote it (siram:Erreur `severite`: "information",
     *  "avertissement", "erreur", "fatale"), or empty. @since 1.2 */
    guichet_str remote_severity;
    /** A short French text to show the professional as is: the service's own soap:Reason for a
     *  fault, else the status's text, naming the faulty field in words. Never patient data. A
     *  reader of an older writer's error (no member) uses its own text for `status`. @since 1.2 */
    guichet_str user_message;
    /** Seconds the service asked to wait before retrying (HTTP Retry-After), or 0. @since 1.2 */
    uint32_t retry_after_s;
    uint32_t reserved_1_2; /**< Always 0. @since 1.2 */
} guichet_error;

/**
 * Receives an error from the other side of the ABI. Owned by whoever passes it, valid for the
 * duration of the call it is passed to.
 * @since 1.0
 */
typedef struct guichet_error_sink {
    uint32_t struct_size;
    void* context;
    /**
     * Takes one error. `error` and its strings are borrowed for the duration of the call: copy
     * what you need. Called at most once per failed call, before that call returns, on the
     * thread running it. NULL `error` is ignored. Cannot fail.
     * Thread: [callback]
     * @since 1.0
     */
    void(GUICHET_CALL* report)(void* context, const guichet_error* error);
} guichet_error_sink;

/* Layouts are part of the ABI; these hold on every LP64 and LLP64 target. */
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(sizeof(guichet_version) == 16, version_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_str) == 16, str_size);
GUICHET_STATIC_ASSERT(offsetof(guichet_error, message) == 8, error_message_offset);
GUICHET_STATIC_ASSERT(offsetof(guichet_error, remote_code) == 24, error_remote_code_offset);
GUICHET_STATIC_ASSERT(offsetof(guichet_error, http_status) == 40, error_http_status_offset);
GUICHET_STATIC_ASSERT(offsetof(guichet_error, field) == 48, error_field_offset);
GUICHET_STATIC_ASSERT(offsetof(guichet_error, remote_detail_code) == 64, error_v1_1_end);
GUICHET_STATIC_ASSERT(offsetof(guichet_error, remote_severity) == 80, error_remote_severity_offset);
GUICHET_STATIC_ASSERT(offsetof(guichet_error, user_message) == 96, error_user_message_offset);
GUICHET_STATIC_ASSERT(offsetof(guichet_error, retry_after_s) == 112, error_retry_after_offset);
GUICHET_STATIC_ASSERT(sizeof(guichet_error) == 120, error_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_error_sink) == 24, error_sink_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_TYPES_H */
