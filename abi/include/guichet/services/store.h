/**
 * @file guichet/services/store.h
 * @brief Host service guichet.store/1: a small key/value space private to each plugin.
 */
#ifndef GUICHET_SERVICES_STORE_H
#define GUICHET_SERVICES_STORE_H

/** @since 1.0 */
#define GUICHET_STORE_SERVICE_ID "guichet.store/1"

#include "../host.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A small key/value space private to each plugin (not per session), persisted when the
 * runtime has a data directory. Meant for caches and counters, not for patient files.
 * Keys and values are borrowed during each call; values read are copied into the caller's buffer.
 * @since 1.0
 */
typedef struct guichet_store_service {
    uint32_t struct_size;
    /**
     * Reads `key`. @param[in,out] value_len capacity in, size out.
     * @return GUICHET_OK, GUICHET_E_NOT_FOUND when absent, GUICHET_E_BUFFER_TOO_SMALL (then
     *         `value_len` is the size needed), GUICHET_E_INVALID_ARGUMENT (empty key), GUICHET_E_IO.
     * Thread: [any-thread]
     * @since 1.0
     */
    guichet_status(GUICHET_CALL* get)(const guichet_host* host, guichet_str key, uint8_t* value, uint64_t* value_len);
    /**
     * Writes `key` (replacing any value).
     * @return GUICHET_OK, GUICHET_E_INVALID_ARGUMENT (empty key), GUICHET_E_IO.
     * Thread: [any-thread]
     * @since 1.0
     */
    guichet_status(GUICHET_CALL* put)(const guichet_host* host, guichet_str key, const uint8_t* value,
                                      uint64_t value_len);
    /**
     * Removes `key`.
     * @return GUICHET_OK, GUICHET_E_NOT_FOUND when absent, GUICHET_E_INVALID_ARGUMENT, GUICHET_E_IO.
     * Thread: [any-thread]
     * @since 1.0
     */
    guichet_status(GUICHET_CALL* remove)(const guichet_host* host, guichet_str key);
} guichet_store_service;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(sizeof(guichet_store_service) == 32, store_service_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_SERVICES_STORE_H */
