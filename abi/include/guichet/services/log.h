/**
 * @file guichet/services/log.h
 * @brief Host service guichet.log/1: log records, redacted by the host.
 */
#ifndef GUICHET_SERVICES_LOG_H
#define GUICHET_SERVICES_LOG_H

/** @since 1.0 */
#define GUICHET_LOG_SERVICE_ID "guichet.log/1"

#include "../host.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Log levels, also used by guichet_runtime_config::log_level. @since 1.0 */
typedef int32_t guichet_log_level;
#define GUICHET_LOG_TRACE 0
#define GUICHET_LOG_DEBUG 1
#define GUICHET_LOG_INFO 2
#define GUICHET_LOG_WARN 3
#define GUICHET_LOG_ERROR 4

/** A named value attached to a log record. A fixed value type (no struct_size). @since 1.0 */
typedef struct guichet_log_field {
    guichet_str name;
    guichet_str value;
    uint32_t patient_data; /**< 1: NIR, INS, name, birth date...; redacted unless the host says otherwise. */
    uint32_t reserved;     /**< Always 0. */
} guichet_log_field;

/** @since 1.0 */
typedef struct guichet_log_service {
    uint32_t struct_size;
    /**
     * Writes a record. The host also runs its redaction over `message` (patterns such as NIR
     * and dates), but fields holding patient data must be flagged: names cannot be detected.
     * Strings and fields are borrowed for the duration of the call. Cannot fail: a record the
     * host cannot write is dropped.
     * Thread: [any-thread]
     * @since 1.0
     */
    void(GUICHET_CALL* write)(const guichet_host* host, guichet_log_level level, guichet_str category,
                              guichet_str message, const guichet_log_field* fields, uint32_t field_count);
    /**
     * @return the lowest level the host records, so plugins can skip building messages.
     * Thread: [any-thread]
     * @since 1.0
     */
    guichet_log_level(GUICHET_CALL* threshold)(const guichet_host* host);
} guichet_log_service;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(sizeof(guichet_log_field) == 40, log_field_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_log_service) == 24, log_service_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_SERVICES_LOG_H */
