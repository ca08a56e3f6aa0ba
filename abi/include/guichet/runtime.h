/**
 * @file guichet/runtime.h
 * @brief libguichet: the application-facing API of the reference host runtime.
 *
 * What practice software (in any language) calls. Every identifier here can be expressed by a
 * C FFI (Python ctypes, C# P/Invoke, Delphi): opaque handles, NUL-terminated UTF-8 strings for
 * names and paths, (pointer, length) pairs for JSON documents, plain callbacks.
 *
 * Errors: functions return a guichet_status. The detail of the last failure on the calling
 * thread is available from guichet_last_error() until the next guichet_* call on that thread.
 * Results of calls carry their own detail (guichet_result_error).
 *
 * Threads: every function carries a tag of guichet/thread.h. Handles may be shared between
 * threads; what a tag does not allow, the application serialises.
 */
#ifndef GUICHET_RUNTIME_H
#define GUICHET_RUNTIME_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque handles, allocated by libguichet and freed by its matching function. @since 1.0 */
typedef struct guichet_runtime guichet_runtime;
typedef struct guichet_session guichet_session;
typedef struct guichet_result guichet_result;
typedef struct guichet_pending_call guichet_pending_call;

/**
 * Receives log records (already redacted unless the runtime was told to log patient data).
 * `category` and `message` are borrowed until it returns. Must not call back into the runtime.
 * Thread: [callback] (from any runtime thread, concurrently with itself: serialise inside if needed)
 * @since 1.0
 */
typedef void(GUICHET_CALL* guichet_log_fn)(void* user_data, int32_t level, const char* category, const char* message);

/**
 * Asks the application for a secret (a PKCS#12 passphrase, a card PIN). Never stored by the
 * runtime. `kind` is "pin" or "passphrase", `label` names what is asked for.
 * Write at most `capacity` bytes to `buffer` (NUL-terminated) and return GUICHET_OK, or
 * GUICHET_E_CANCELLED when the user declines. `buffer` is the runtime's; it wipes it after use.
 * Thread: [callback & blocking] (from the thread that needs the secret: an application thread
 * inside guichet_call, or a runtime worker; may be called concurrently for two sessions)
 * @since 1.0
 */
typedef guichet_status(GUICHET_CALL* guichet_secret_fn)(void* user_data, const char* kind, const char* label,
                                                        char* buffer, uint32_t capacity);

/**
 * Extra redaction applied to every log message after the built-in one (which masks NIR/INS
 * patterns, dates, and fields flagged as patient data). Write the redacted text, NUL-terminated,
 * into `out` (at most `capacity` bytes) and return its length, or return a negative value to
 * keep the message as it is. `message` is borrowed until it returns.
 * Thread: [callback] (from any runtime thread, concurrently with itself; must not call back
 * into the runtime)
 * @since 1.0
 */
typedef int32_t(GUICHET_CALL* guichet_redact_fn)(void* user_data, const char* message, char* out, uint32_t capacity);

/**
 * Time source override (tests, replay): returns nanoseconds (wall: since the Unix epoch;
 * monotonic: any origin, never decreasing). Cannot fail.
 * Thread: [callback] (from any runtime or plugin thread, concurrently; must not block)
 * @since 1.0
 */
typedef int64_t(GUICHET_CALL* guichet_time_fn)(void* user_data);

/**
 * What the loader does with a plugin that exports more symbols than `guichet_entry` (ABI rule 1;
 * the toolkit's version script guarantees it, a hand-built plugin may forget).
 * @since 1.1
 */
typedef int32_t guichet_plugin_export_policy;
/** Load it, and write a WARN log record (category "plugins") naming the extra symbols. The
 *  default, and what a 1.0 config gets. @since 1.1 */
#define GUICHET_PLUGIN_EXPORTS_WARN 0
/** Refuse it with GUICHET_E_PLUGIN_INVALID, naming the extra symbols. @since 1.1 */
#define GUICHET_PLUGIN_EXPORTS_REFUSE 1

/**
 * How the runtime configures itself; copied by guichet_runtime_create. Members are appended
 * only; each one added after 1.0 says `@since` and what the runtime does when the caller's
 * struct_size does not cover it.
 * @since 1.0
 */
typedef struct guichet_runtime_config {
    uint32_t struct_size;             /**< sizeof(guichet_runtime_config). */
    uint32_t worker_threads;          /**< Threads for asynchronous calls; 0 = 4. */
    const char* software_name;        /**< Required. The practice software's name. */
    const char* software_version;     /**< Required. */
    const char* authorisation_number; /**< Its authorisation number (IDAM); may be NULL. */
    const char* software_instance_id; /**< UUID of this installation; NULL = generated per runtime. */
    const char* ca_bundle_path;       /**< PEM file of trusted CAs for TLS; NULL = system store. */
    const char* data_dir;             /**< Where the plugin stores live; NULL = in memory only. */
    const char* proxy_url;            /**< e.g. "http://proxy:3128"; NULL = none (environment ignored). */
    guichet_log_fn log;               /**< NULL = logs discarded. */
    void* log_user_data;
    int32_t log_level;         /**< Lowest level recorded (GUICHET_LOG_* in services.h). */
    uint32_t log_patient_data; /**< 1 = do not redact patient data (explicit tests only). */
    guichet_secret_fn secret;  /**< NULL = no PIN or passphrase can be asked for. */
    void* secret_user_data;
    guichet_time_fn wall_clock_ns;      /**< NULL = system clock. */
    guichet_time_fn monotonic_clock_ns; /**< NULL = steady clock. */
    void* clock_user_data;
    guichet_redact_fn redact; /**< NULL = built-in redaction only. */
    void* redact_user_data;
    /** GUICHET_PLUGIN_EXPORTS_*; GUICHET_PLUGIN_EXPORTS_WARN when struct_size does not cover it.
     *  @since 1.1 */
    guichet_plugin_export_policy plugin_export_policy;
    uint32_t reserved_1_1; /**< Always 0. @since 1.1 */
    /** Largest answer body accepted, in bytes; a larger one (announced or streamed, chunked
     *  included) stops the exchange with GUICHET_E_BAD_RESPONSE. 0, or a struct_size that does
     *  not cover it, = GUICHET_DEFAULT_MAX_RESPONSE_BYTES. @since 1.2 */
    uint64_t max_response_bytes;
    /** The outbox's SQLite file (docs/outbox.md): every call of a submitting operation is written
     *  there before it is sent. NULL or "" = "outbox.sqlite" in data_dir, or in memory (kept
     *  only while the runtime lives) when data_dir is NULL. Created owner-only. A struct_size
     *  that does not cover it = that default. @since 1.3 */
    const char* outbox_path;
    /** Passphrase encrypting the outbox at rest (SQLCipher); NULL or "" = not encrypted. Copied;
     *  the same passphrase must be given to reopen it. @since 1.3 */
    const char* outbox_key;
    /** Attempts of one submission before it is `failed` (a person must decide); 0 = 8. @since 1.3 */
    uint32_t outbox_max_attempts;
    /** Delay before the first retry, doubled at each attempt (±25 % jitter, at most one hour, at
     *  least the service's Retry-After); 0 = 5000. @since 1.3 */
    uint32_t outbox_retry_base_ms;
    /** Days the request and answer of a settled submission are kept before they are purged (its
     *  metadata stays, for the history); 0 = 30. @since 1.3 */
    uint32_t outbox_retention_days;
    /** 1 = no background delivery thread: queued submissions go out only through
     *  guichet_outbox_run (a scheduler's job, the CLI). 0 = delivered in the background while the
     *  runtime lives. @since 1.3 */
    uint32_t outbox_manual_delivery;
} guichet_runtime_config;

/** The answer bound a runtime uses when its config sets none: 64 MiB, far above any SOAP
 *  answer of the teleservices (a DMP document list with MTOM attachments stays under it).
 *  @since 1.2 */
#define GUICHET_DEFAULT_MAX_RESPONSE_BYTES ((uint64_t)64 * 1024 * 1024)

/**
 * @return the ABI version libguichet implements. Cannot fail.
 * Thread: [any-thread]
 * @since 1.0
 */
GUICHET_API guichet_version GUICHET_CALL guichet_abi_version(void);

/**
 * @return a static English name for a status ("GUICHET_E_TLS"), "GUICHET_VENDOR_STATUS" or
 *         "GUICHET_UNKNOWN_STATUS"; never NULL, never to be freed. Cannot fail.
 * Thread: [any-thread]
 * @since 1.0
 */
GUICHET_API const char* GUICHET_CALL guichet_status_name(guichet_status status);

/**
 * @return the detail of the last failed guichet_* call on this thread, or NULL if it
 * succeeded. Borrowed until the next guichet_* call on this thread.
 * Thread: [any-thread] (the detail is per thread)
 * @since 1.0
 */
GUICHET_API const guichet_error* GUICHET_CALL guichet_last_error(void);

/**
 * Creates a runtime. The config and its strings are copied.
 * @param[out] runtime the new runtime, to destroy with guichet_runtime_destroy.
 * A config from any 1.x minor is accepted: members after `struct_size` are read only when
 * it covers them (at least ABI 1.0's size is required).
 * @return GUICHET_E_INVALID_ARGUMENT (missing name/version, struct_size below ABI 1.0's),
 *         GUICHET_E_IO (data_dir or CA bundle unusable).
 * Thread: [any-thread]
 * @since 1.0
 */
GUICHET_API guichet_status GUICHET_CALL guichet_runtime_create(const guichet_runtime_config* config,
                                                               guichet_runtime** runtime);

/**
 * Cancels every pending call (their callbacks fire with GUICHET_E_CANCELLED before this
 * returns), closes sessions, unloads plugins, frees the runtime. NULL is ignored.
 * Must not be called from a call's callback (it would wait for itself): then it does nothing
 * and guichet_last_error() says GUICHET_E_INVALID_STATE.
 * Thread: [not-concurrent & never-from-callback & blocking] (with every function on this
 * runtime and its sessions: nothing may use them any more)
 * @since 1.0
 */
GUICHET_API void GUICHET_CALL guichet_runtime_destroy(guichet_runtime* runtime);

/**
 * Loads every plugin found in `directory` (files ending in .so/.dylib/.dll). A candidate that
 * is refused does not stop the others: see guichet_runtime_refusal_at.
 * @return GUICHET_OK when the directory was read, GUICHET_E_IO when it could not be.
 * Thread: [not-concurrent] (with guichet_session_open and the guichet_runtime_refusal_* /
 * _service_* / _operation_at functions on this runtime)
 * @since 1.0
 */
GUICHET_API guichet_status GUICHET_CALL guichet_runtime_add_plugin_dir(guichet_runtime* runtime, const char* directory);

/**
 * Loads one plugin file.
 * @return GUICHET_OK or the reason it was refused (GUICHET_E_PLUGIN_*), detail in
 *         guichet_last_error(). The refusal is also recorded for guichet_runtime_refusal_at.
 * Thread: [not-concurrent] (as guichet_runtime_add_plugin_dir)
 * @since 1.0
 */
GUICHET_API guichet_status GUICHET_CALL guichet_runtime_load_plugin(guichet_runtime* runtime, const char* path);

/** A plugin candidate that was refused. The caller owns the struct and sets `struct_size`;
 *  the strings are the runtime's until it is destroyed. @since 1.0 */
typedef struct guichet_plugin_refusal {
    uint32_t struct_size;
    guichet_status status;
    const char* path;
    const char* message;
} guichet_plugin_refusal;

/**
 * @return how many candidates were refused so far; 0 for a NULL runtime.
 * Thread: [not-concurrent] (with plugin loading on this runtime)
 * @since 1.0
 */
GUICHET_API uint32_t GUICHET_CALL guichet_runtime_refusal_count(const guichet_runtime* runtime);

/**
 * Fills `refusal` (whose struct_size the caller sets) for refusal `index`: only the members
 * its struct_size covers, so an application built with older headers keeps working.
 * @return GUICHET_OK, GUICHET_E_NOT_FOUND (index out of range), GUICHET_E_INVALID_ARGUMENT
 *         (NULL, or struct_size below ABI 1.0's).
 * Thread: [not-concurrent] (with plugin loading on this runtime)
 * @since 1.0
 */
GUICHET_API guichet_status GUICHET_CALL guichet_runtime_refusal_at(const guichet_runtime* runtime, uint32_t index,
                                                                   guichet_plugin_refusal* refusal);

/** A loaded service. The caller owns the struct and sets `struct_size`; the strings are the
 *  runtime's until it is destroyed. @since 1.0 */
typedef struct guichet_service_info {
    uint32_t struct_size;
    uint32_t operation_count;
    const char* id; /**< "insi/1" */
    const char* display_name;
    const char* plugin_path;
    guichet_version plugin_version;
} guichet_service_info;

/** An operation of a loaded service; ownership as guichet_service_info. @since 1.0 */
typedef struct guichet_operation_info {
    uint32_t struct_size;
    uint32_t submits; /**< 1 when the operation sends something on the user's behalf. */
    const char* name;
    const char* summary;
} guichet_operation_info;

/**
 * @return how many services the loaded plugins provide; 0 for a NULL runtime.
 * Thread: [not-concurrent] (with plugin loading on this runtime)
 * @since 1.0
 */
GUICHET_API uint32_t GUICHET_CALL guichet_runtime_service_count(const guichet_runtime* runtime);

/**
 * Fills `info` (caller sets struct_size) for service `index`, in load order: only the members
 * its struct_size covers.
 * @return GUICHET_OK, GUICHET_E_NOT_FOUND, GUICHET_E_INVALID_ARGUMENT (as refusal_at).
 * Thread: [not-concurrent] (with plugin loading on this runtime)
 * @since 1.0
 */
GUICHET_API guichet_status GUICHET_CALL guichet_runtime_service_at(const guichet_runtime* runtime, uint32_t index,
                                                                   guichet_service_info* info);

/**
 * Fills `info` (caller sets struct_size) for operation `operation_index` of service
 * `service_index`: only the members its struct_size covers.
 * @return GUICHET_OK, GUICHET_E_NOT_FOUND, GUICHET_E_INVALID_ARGUMENT (as refusal_at).
 * Thread: [not-concurrent] (with plugin loading on this runtime)
 * @since 1.0
 */
GUICHET_API guichet_status GUICHET_CALL guichet_runtime_operation_at(const guichet_runtime* runtime,
                                                                     uint32_t service_index, uint32_t operation_index,
                                                                     guichet_operation_info* info);

/**
 * Opens a session: the professional's identity context for a series of calls, as a JSON
 * document (see docs/sessions.md: professional, structure, authentication mode, TLS identity,
 * endpoints per service). Copied.
 * @param[out] session the new session, to close with guichet_session_close.
 * @return GUICHET_E_INVALID_ARGUMENT with the faulty field when the JSON is malformed,
 *         GUICHET_E_IO (unreadable identity or CA file), GUICHET_E_PIN_INCORRECT,
 *         GUICHET_E_CANCELLED (passphrase not given), GUICHET_E_CERT_* (identity unusable).
 * Thread: [any-thread & blocking] (may ask for a passphrase; not concurrent with plugin loading)
 * @since 1.0
 */
GUICHET_API guichet_status GUICHET_CALL guichet_session_open(guichet_runtime* runtime, const char* context_json,
                                                             uint64_t context_len, guichet_session** session);

/**
 * Cancels the session's pending calls (callbacks fire before this returns) and frees it. NULL
 * is ignored. From a call's callback it does nothing and guichet_last_error() says
 * GUICHET_E_INVALID_STATE.
 * Thread: [not-concurrent & never-from-callback & blocking] (with every function on this session)
 * @since 1.0
 */
GUICHET_API void GUICHET_CALL guichet_session_close(guichet_session* session);

/**
 * Calls an operation and waits for its result, on the calling thread.
 * @param deadline_ms relative deadline in milliseconds, 0 = none.
 * @param[out] result set in every case except invalid arguments; free with guichet_result_free.
 * @return the result's status (its detail also in guichet_last_error()).
 * Thread: [any-thread & never-from-callback & blocking] (calls on one session may run concurrently)
 * @since 1.0
 */
GUICHET_API guichet_status GUICHET_CALL guichet_call(guichet_session* session, const char* service_id,
                                                     const char* operation, const char* request_json,
                                                     uint64_t request_len, uint32_t deadline_ms,
                                                     guichet_result** result);

/**
 * Fires exactly once per asynchronous call, on a runtime thread, never from inside
 * guichet_call_async and never after guichet_session_close/guichet_runtime_destroy return.
 * `result` is borrowed until the callback returns. It may start other calls; it must not
 * close the session or destroy the runtime (see [never-from-callback]).
 * Thread: [callback] (from a runtime thread, concurrently for different calls)
 * @since 1.0
 */
typedef void(GUICHET_CALL* guichet_call_done_fn)(void* user_data, const guichet_result* result);

/**
 * Starts a call and returns at once.
 * @param done may be NULL (then use guichet_pending_call_wait).
 * @param[out] call handle to cancel or wait on; release it with guichet_pending_call_free
 *             (any time: the call goes on and `done` still fires). May be NULL.
 * @return GUICHET_OK when started (then `done` fires exactly once), an error otherwise
 *         (GUICHET_E_INVALID_ARGUMENT, GUICHET_E_NOT_FOUND: then `done` never fires).
 * Thread: [any-thread]
 * @since 1.0
 */
GUICHET_API guichet_status GUICHET_CALL guichet_call_async(guichet_session* session, const char* service_id,
                                                           const char* operation, const char* request_json,
                                                           uint64_t request_len, uint32_t deadline_ms,
                                                           guichet_call_done_fn done, void* user_data,
                                                           guichet_pending_call** call);

/**
 * Asks a pending call to stop; it completes with GUICHET_E_CANCELLED unless it had already
 * finished. Harmless after completion; NULL is ignored. Does not wait.
 * Thread: [any-thread] (also from a callback)
 * @since 1.0
 */
GUICHET_API void GUICHET_CALL guichet_pending_call_cancel(guichet_pending_call* call);

/**
 * Waits up to `timeout_ms` (0 = forever) for the call to complete.
 * @param[out] result when not NULL and the call completed, a copy to free with guichet_result_free.
 * @return GUICHET_OK once completed, GUICHET_E_DEADLINE_EXCEEDED if still running,
 *         GUICHET_E_INVALID_ARGUMENT for a NULL call.
 * Thread: [any-thread & never-from-callback & blocking]
 * @since 1.0
 */
GUICHET_API guichet_status GUICHET_CALL guichet_pending_call_wait(guichet_pending_call* call, uint32_t timeout_ms,
                                                                  guichet_result** result);

/**
 * Releases the handle (the call goes on). NULL is ignored.
 * Thread: [not-concurrent] (with every other use of this handle; it is gone afterwards)
 * @since 1.0
 */
GUICHET_API void GUICHET_CALL guichet_pending_call_free(guichet_pending_call* call);

/**
 * @return the call's status (GUICHET_OK, GUICHET_QUEUED or an error); GUICHET_E_INVALID_ARGUMENT
 *         for NULL.
 * Thread: [any-thread]
 * @since 1.0
 */
GUICHET_API guichet_status GUICHET_CALL guichet_result_status(const guichet_result* result);

/**
 * @return the answer JSON (NUL-terminated, empty on error), borrowed until the result is freed;
 *         "" for NULL. `len` may be NULL.
 * Thread: [any-thread]
 * @since 1.0
 */
GUICHET_API const char* GUICHET_CALL guichet_result_json(const guichet_result* result, uint64_t* len);

/**
 * @return the error detail, or NULL on success or for NULL; borrowed until the result is freed.
 * Thread: [any-thread]
 * @since 1.0
 */
GUICHET_API const guichet_error* GUICHET_CALL guichet_result_error(const guichet_result* result);

/**
 * Frees a result. NULL is ignored.
 * Thread: [not-concurrent] (with every other use of this result)
 * @since 1.0
 */
GUICHET_API void GUICHET_CALL guichet_result_free(guichet_result* result);

/**
 * @return the submission id (outbox) of a call to a submitting operation, NUL-terminated,
 *         borrowed until the result is freed; "" for other calls, for a submission refused
 *         before it was stored, and for NULL. See guichet/outbox.h.
 * Thread: [any-thread]
 * @since 1.3
 */
GUICHET_API const char* GUICHET_CALL guichet_result_submission_id(const guichet_result* result);

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(offsetof(guichet_runtime_config, redact_user_data) == 136, runtime_config_v1_0_end);
GUICHET_STATIC_ASSERT(offsetof(guichet_runtime_config, plugin_export_policy) == 144, runtime_config_policy_offset);
GUICHET_STATIC_ASSERT(offsetof(guichet_runtime_config, max_response_bytes) == 152, runtime_config_v1_1_end);
GUICHET_STATIC_ASSERT(offsetof(guichet_runtime_config, outbox_path) == 160, runtime_config_v1_2_end);
GUICHET_STATIC_ASSERT(offsetof(guichet_runtime_config, outbox_manual_delivery) == 188, runtime_config_v1_3_last);
GUICHET_STATIC_ASSERT(sizeof(guichet_runtime_config) == 192, runtime_config_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_plugin_refusal) == 24, plugin_refusal_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_service_info) == 48, service_info_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_operation_info) == 24, operation_info_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_RUNTIME_H */
