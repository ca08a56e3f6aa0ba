/**
 * @file guichet/outbox.h
 * @brief libguichet's outbox: submissions kept safely, delivered exactly once (docs/outbox.md).
 *
 * Every call of an operation flagged GUICHET_OPERATION_SUBMITS (a sick-leave notice, a care
 * protocol, a DMP deposit) is written to the runtime's outbox (guichet_runtime_config
 * outbox_path) before anything is sent, with an idempotency key the plugin puts on the wire (the
 * WS-Addressing MessageID of every attempt), so the service recognises a retry.
 *
 * A submission's state is one of "queued", "sending", "accepted", "refused" (the service said no:
 * final), "failed" (the retry budget is spent, or the outcome needs a person) and "cancelled".
 * The call answers GUICHET_OK with the service's answer when it answered within the call's
 * deadline, GUICHET_QUEUED (answer: the submission as JSON) when it did not or could not be
 * reached: the outbox retries it with backoff, and tells the listener when it is settled.
 *
 * Submissions are JSON objects (docs/outbox.md): id, service, operation, state, attempts,
 * created_at, updated_at, next_attempt_at, patient_reference, idempotency_key, last_error
 * {status, status_name, message, user_message, retryable, remote_code}, and for guichet_outbox_get
 * the request and the answer while they are kept (see outbox_retention_days).
 *
 * Threads: every function carries a tag of guichet/thread.h.
 */
#ifndef GUICHET_OUTBOX_H
#define GUICHET_OUTBOX_H

#include "runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * How guichet_submit calls. The caller owns it and sets `struct_size`; members are appended only.
 * @since 1.3
 */
typedef struct guichet_submit_options {
    uint32_t struct_size;
    /** Relative deadline in milliseconds for the first attempt, 0 = none: past it the call
     *  answers GUICHET_QUEUED and the submission goes on in the outbox. */
    uint32_t deadline_ms;
    /** The application's own reference of the patient's file, to find the submission again
     *  (guichet_outbox_list); NULL = none. Stored in clear: never a NIR, an INS or a name (a
     *  reference shaped like a NIR is refused). */
    const char* patient_reference;
} guichet_submit_options;

/**
 * Calls a submitting operation through the outbox, on the calling thread: the submission is
 * stored (synchronously, fsync'd) before the first attempt.
 * @param options may be NULL (no deadline, no patient reference).
 * @param[out] result set in every case except invalid arguments; free with guichet_result_free.
 *             Its submission id: guichet_result_submission_id.
 * @return GUICHET_OK (accepted, the service's answer), GUICHET_QUEUED (stored, will be sent; the
 *         answer is the submission), the service's refusal (final, never retried),
 *         GUICHET_E_IO (the outbox could not store it: nothing was sent),
 *         GUICHET_E_INVALID_ARGUMENT (the request or a NIR-shaped patient reference: nothing stored),
 *         GUICHET_E_UNSUPPORTED (the operation does not submit: use guichet_call).
 * Thread: [any-thread & never-from-callback & blocking]
 * @since 1.3
 */
GUICHET_API guichet_status GUICHET_CALL guichet_submit(guichet_session* session, const char* service_id,
                                                       const char* operation, const char* request_json,
                                                       uint64_t request_len, const guichet_submit_options* options,
                                                       guichet_result** result);

/**
 * Told when a submission settles after its call answered GUICHET_QUEUED: accepted, refused or
 * failed (a person must look at it). `submission_json` is the submission (without its request),
 * borrowed until it returns. It must not call guichet_runtime_destroy.
 * Thread: [callback] (from the runtime's delivery thread, or from the thread in guichet_outbox_run)
 * @since 1.3
 */
typedef void(GUICHET_CALL* guichet_outbox_listener_fn)(void* user_data, const char* submission_json, uint64_t len);

/**
 * Registers the listener (NULL removes it). Replaces the previous one.
 * @return GUICHET_E_INVALID_ARGUMENT for a NULL runtime.
 * Thread: [any-thread] (a callback already running may still reach the previous listener)
 * @since 1.3
 */
GUICHET_API guichet_status GUICHET_CALL guichet_outbox_set_listener(guichet_runtime* runtime,
                                                                    guichet_outbox_listener_fn listener,
                                                                    void* user_data);

/**
 * Lists submissions, newest first.
 * @param filter_json a JSON object, may be NULL/empty: {"state": "queued", "service": "aati/1",
 *        "patient_reference": "...", "limit": 100} (limit 1..10000, default 100).
 * @param[out] list a result whose JSON is {"submissions": [...]}; free with guichet_result_free.
 * @return GUICHET_E_INVALID_ARGUMENT (filter malformed, naming the field), GUICHET_E_IO.
 * Thread: [any-thread & blocking]
 * @since 1.3
 */
GUICHET_API guichet_status GUICHET_CALL guichet_outbox_list(guichet_runtime* runtime, const char* filter_json,
                                                            uint64_t filter_len, guichet_result** list);

/**
 * One submission, with its request and answer while they are kept.
 * @param[out] submission a result whose JSON is the submission; free with guichet_result_free.
 * @return GUICHET_E_NOT_FOUND, GUICHET_E_IO, GUICHET_E_INVALID_ARGUMENT.
 * Thread: [any-thread & blocking]
 * @since 1.3
 */
GUICHET_API guichet_status GUICHET_CALL guichet_outbox_get(guichet_runtime* runtime, const char* submission_id,
                                                           guichet_result** submission);

/**
 * Makes a queued or failed submission due now, with a fresh retry budget (same idempotency key).
 * @return GUICHET_E_NOT_FOUND, GUICHET_E_INVALID_STATE (accepted, refused, cancelled, or being
 *         sent), GUICHET_E_IO.
 * Thread: [any-thread & blocking]
 * @since 1.3
 */
GUICHET_API guichet_status GUICHET_CALL guichet_outbox_retry(guichet_runtime* runtime, const char* submission_id);

/**
 * Cancels a queued or failed submission: it will not be sent (again). One being sent cannot be
 * cancelled (the service may already have it).
 * @return GUICHET_E_NOT_FOUND, GUICHET_E_INVALID_STATE, GUICHET_E_IO.
 * Thread: [any-thread & blocking]
 * @since 1.3
 */
GUICHET_API guichet_status GUICHET_CALL guichet_outbox_cancel(guichet_runtime* runtime, const char* submission_id);

/**
 * Delivers every submission that is due now (and those another process left `sending` when it
 * died), one attempt each, on the calling thread, then purges what retention says.
 * @param[out] report may be NULL; a result whose JSON is {"attempted", "accepted", "refused",
 *             "failed", "queued"} counts; free with guichet_result_free.
 * @return GUICHET_OK when the outbox could be read (individual failures are in the report and
 *         the submissions), GUICHET_E_IO.
 * Thread: [any-thread & never-from-callback & blocking]
 * @since 1.3
 */
GUICHET_API guichet_status GUICHET_CALL guichet_outbox_run(guichet_runtime* runtime, guichet_result** report);

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(sizeof(guichet_submit_options) == 16, submit_options_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_OUTBOX_H */
