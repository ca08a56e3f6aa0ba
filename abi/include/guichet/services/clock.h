/**
 * @file guichet/services/clock.h
 * @brief Host service guichet.clock/1: wall and monotonic time (the time base of deadlines).
 */
#ifndef GUICHET_SERVICES_CLOCK_H
#define GUICHET_SERVICES_CLOCK_H

/** @since 1.0 */
#define GUICHET_CLOCK_SERVICE_ID "guichet.clock/1"

#include "../host.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @since 1.0 */
typedef struct guichet_clock_service {
    uint32_t struct_size;
    /**
     * @return wall-clock time, nanoseconds since 1970-01-01T00:00:00Z. A host may fake it
     *         (tests, replay). Cannot fail.
     * Thread: [any-thread]
     * @since 1.0
     */
    int64_t(GUICHET_CALL* wall_ns)(const guichet_host* host);
    /**
     * @return monotonic time in nanoseconds, the time base of every deadline. Cannot fail.
     * Thread: [any-thread]
     * @since 1.0
     */
    int64_t(GUICHET_CALL* monotonic_ns)(const guichet_host* host);
} guichet_clock_service;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(sizeof(guichet_clock_service) == 24, clock_service_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_SERVICES_CLOCK_H */
