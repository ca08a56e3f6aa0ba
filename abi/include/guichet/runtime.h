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
 */
#ifndef GUICHET_RUNTIME_H
#define GUICHET_RUNTIME_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct guichet_runtime guichet_runtime;
typedef struct guichet_session guichet_session;
typedef struct guichet_result guichet_result;
typedef struct guichet_pending_call guichet_pending_call;

/** Receives log records (already redacted unless the runtime was told to log patient data).
 *  Called from any runtime thread; must not call back into the runtime. */
typedef void(GUICHET_CALL* guichet_log_fn)(void* user_data, int32_t level, const char* category, const char* message);

/**
 * Asks the application for a secret (a PKCS#12 passphrase, a card PIN). Never stored by the
 * runtime. `kind` is "pin" or "passphrase", `label` names what is asked for.
 * Write at most `capacity` bytes to `buffer` (NUL-terminated) and return GUICHET_OK, or
 * GUICHET_E_CANCELLED when the user declines. Called from the thread that needs it.
 */
typedef guichet_status(GUICHET_CALL* guichet_secret_fn)(void* user_data, const char* kind, const char* label,
                                                        char* buffer, uint32_t capacity);

/**
 * Extra redaction applied to every log message after the built-in one (which masks NIR/INS
 * patterns, dates, and fields flagged as patient data). Write the redacted text, NUL-terminated,
 * into `out` (at most `capacity` bytes) and return its length, or return a negative value to
 * keep the message as it is. Any runtime thread.
 */
typedef int32_t(GUICHET_CALL* guichet_redact_fn)(void* user_data, const char* message, char* out, uint32_t capacity);

/** Time source override (tests, replay). Both may be NULL to use the system clocks. */
typedef int64_t(GUICHET_CALL* guichet_time_fn)(void* user_data);

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
} guichet_runtime_config;

/** @return the ABI version libguichet implements. Any thread. */
GUICHET_API guichet_version GUICHET_CALL guichet_abi_version(void);

/** @return a static English name for a status ("GUICHET_E_TLS"), "GUICHET_VENDOR_STATUS" or
 *  "GUICHET_UNKNOWN_STATUS". Any thread. */
GUICHET_API const char* GUICHET_CALL guichet_status_name(guichet_status status);

/**
 * @return the detail of the last failed guichet_* call on this thread, or NULL if it
 * succeeded. Borrowed until the next guichet_* call on this thread.
 */
GUICHET_API const guichet_error* GUICHET_CALL guichet_last_error(void);

/**
 * Creates a runtime. The config and its strings are copied.
 * @param[out] runtime the new runtime, to destroy with guichet_runtime_destroy.
 * @return GUICHET_E_INVALID_ARGUMENT (missing name/version, bad struct_size), GUICHET_E_IO
 *         (data_dir unusable). Any thread.
 */
GUICHET_API guichet_status GUICHET_CALL guichet_runtime_create(const guichet_runtime_config* config,
                                                               guichet_runtime** runtime);

/**
 * Cancels every pending call (their callbacks fire with GUICHET_E_CANCELLED before this
 * returns), closes sessions, unloads plugins, frees the runtime. NULL is ignored.
 * Must not be called from a call's callback (it would wait for itself): then it does nothing
 * and guichet_last_error() says GUICHET_E_INVALID_STATE.
 */
GUICHET_API void GUICHET_CALL guichet_runtime_destroy(guichet_runtime* runtime);

/**
 * Loads every plugin found in `directory` (files ending in .so/.dylib/.dll). A candidate that
 * is refused does not stop the others: see guichet_runtime_refusal_at.
 * @return GUICHET_OK when the directory was read, GUICHET_E_IO when it could not be.
 * Thread rule: not concurrently with sessions being opened on this runtime.
 */
GUICHET_API guichet_status GUICHET_CALL guichet_runtime_add_plugin_dir(guichet_runtime* runtime, const char* directory);

/**
 * Loads one plugin file.
 * @return GUICHET_OK or the reason it was refused (GUICHET_E_PLUGIN_*), detail in
 *         guichet_last_error(). The refusal is also recorded for guichet_runtime_refusal_at.
 */
GUICHET_API guichet_status GUICHET_CALL guichet_runtime_load_plugin(guichet_runtime* runtime, const char* path);

/** A plugin candidate that was refused. Strings owned by the runtime until it is destroyed. */
typedef struct guichet_plugin_refusal {
    uint32_t struct_size;
    guichet_status status;
    const char* path;
    const char* message;
} guichet_plugin_refusal;

/** @return how many candidates were refused so far. */
GUICHET_API uint32_t GUICHET_CALL guichet_runtime_refusal_count(const guichet_runtime* runtime);

/** Fills `refusal` (whose struct_size the caller sets) for refusal `index`. */
GUICHET_API guichet_status GUICHET_CALL guichet_runtime_refusal_at(const guichet_runtime* runtime, uint32_t index,
                                                                   guichet_plugin_refusal* refusal);

/** A loaded service. Strings owned by the runtime until it is destroyed. */
typedef struct guichet_service_info {
    uint32_t struct_size;
    uint32_t operation_count;
    const char* id; /**< "insi/1" */
    const char* display_name;
    const char* plugin_path;
    guichet_version plugin_version;
} guichet_service_info;

typedef struct guichet_operation_info {
    uint32_t struct_size;
    uint32_t submits; /**< 1 when the operation sends something on the user's behalf. */
    const char* name;
    const char* summary;
} guichet_operation_info;

/** @return how many services the loaded plugins provide. */
GUICHET_API uint32_t GUICHET_CALL guichet_runtime_service_count(const guichet_runtime* runtime);

/** Fills `info` (caller sets struct_size) for service `index`, in load order. */
GUICHET_API guichet_status GUICHET_CALL guichet_runtime_service_at(const guichet_runtime* runtime, uint32_t index,
                                                                   guichet_service_info* info);

/** Fills `info` for operation `operation_index` of service `service_index`. */
GUICHET_API guichet_status GUICHET_CALL guichet_runtime_operation_at(const guichet_runtime* runtime,
                                                                     uint32_t service_index, uint32_t operation_index,
                                                                     guichet_operation_info* info);

/**
 * Opens a session: the professional's identity context for a series of calls, as a JSON
 * document (see docs/sessions.md: professional, structure, authentication mode, TLS identity,
 * endpoints per service). Copied.
 * @return GUICHET_E_INVALID_ARGUMENT with the faulty field when the JSON is malformed.
 * Any thread.
 */
GUICHET_API guichet_status GUICHET_CALL guichet_session_open(guichet_runtime* runtime, const char* context_json,
                                                             uint64_t context_len, guichet_session** session);

/** Cancels the session's pending calls (callbacks fire before this returns) and frees it. */
GUICHET_API void GUICHET_CALL guichet_session_close(guichet_session* session);

/**
 * Calls an operation and waits for its result, on the calling thread.
 * @param deadline_ms relative deadline in milliseconds, 0 = none.
 * @param[out] result set in every case except invalid arguments; free with guichet_result_free.
 * @return the result's status.
 */
GUICHET_API guichet_status GUICHET_CALL guichet_call(guichet_session* session, const char* service_id,
                                                     const char* operation, const char* request_json,
                                                     uint64_t request_len, uint32_t deadline_ms,
                                                     guichet_result** result);

/** Fires exactly once per asynchronous call, on a runtime thread, never from inside
 *  guichet_call_async and never after guichet_session_close/guichet_runtime_destroy return.
 *  `result` is borrowed until the callback returns. */
typedef void(GUICHET_CALL* guichet_call_done_fn)(void* user_data, const guichet_result* result);

/**
 * Starts a call and returns at once.
 * @param done may be NULL (then use guichet_pending_call_wait).
 * @param[out] call handle to cancel or wait on; release it with guichet_pending_call_free
 *             (any time: the call goes on and `done` still fires). May be NULL.
 * @return GUICHET_OK when started (then `done` fires exactly once), an error otherwise.
 */
GUICHET_API guichet_status GUICHET_CALL guichet_call_async(guichet_session* session, const char* service_id,
                                                           const char* operation, const char* request_json,
                                                           uint64_t request_len, uint32_t deadline_ms,
                                                           guichet_call_done_fn done, void* user_data,
                                                           guichet_pending_call** call);

/** Asks a pending call to stop; it completes with GUICHET_E_CANCELLED unless it had already
 *  finished. Harmless after completion. Any thread. */
GUICHET_API void GUICHET_CALL guichet_pending_call_cancel(guichet_pending_call* call);

/**
 * Waits up to `timeout_ms` (0 = forever) for the call to complete.
 * @param[out] result when not NULL and the call completed, a copy to free with guichet_result_free.
 * @return GUICHET_OK once completed, GUICHET_E_DEADLINE_EXCEEDED if still running.
 */
GUICHET_API guichet_status GUICHET_CALL guichet_pending_call_wait(guichet_pending_call* call, uint32_t timeout_ms,
                                                                  guichet_result** result);

/** Releases the handle. NULL is ignored. */
GUICHET_API void GUICHET_CALL guichet_pending_call_free(guichet_pending_call* call);

/** @return the call's status (GUICHET_OK, GUICHET_QUEUED or an error). */
GUICHET_API guichet_status GUICHET_CALL guichet_result_status(const guichet_result* result);

/** @return the answer JSON (NUL-terminated, empty on error), borrowed until the result is freed. */
GUICHET_API const char* GUICHET_CALL guichet_result_json(const guichet_result* result, uint64_t* len);

/** @return the error detail, or NULL on success; borrowed until the result is freed. */
GUICHET_API const guichet_error* GUICHET_CALL guichet_result_error(const guichet_result* result);

/** Frees a result. NULL is ignored. */
GUICHET_API void GUICHET_CALL guichet_result_free(guichet_result* result);

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(sizeof(guichet_runtime_config) == 144, runtime_config_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_plugin_refusal) == 24, plugin_refusal_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_service_info) == 48, service_info_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_operation_info) == 24, operation_info_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_RUNTIME_H */
