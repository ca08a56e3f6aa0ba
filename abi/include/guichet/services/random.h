/**
 * @file guichet/services/random.h
 * @brief Host service guichet.random/1: cryptographically secure random bytes.
 */
#ifndef GUICHET_SERVICES_RANDOM_H
#define GUICHET_SERVICES_RANDOM_H

/** @since 1.0 */
#define GUICHET_RANDOM_SERVICE_ID "guichet.random/1"

#include "../host.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @since 1.0 */
typedef struct guichet_random_service {
    uint32_t struct_size;
    /**
     * Fills `buffer` (the caller's, `len` bytes) with cryptographically secure random bytes.
     * @return GUICHET_OK, GUICHET_E_INVALID_ARGUMENT (NULL buffer), GUICHET_E_INTERNAL (the
     *         system generator failed: never use the buffer then).
     * Thread: [any-thread]
     * @since 1.0
     */
    guichet_status(GUICHET_CALL* fill)(const guichet_host* host, uint8_t* buffer, uint64_t len);
} guichet_random_service;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(sizeof(guichet_random_service) == 16, random_service_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_SERVICES_RANDOM_H */
