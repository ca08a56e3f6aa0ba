/**
 * @file guichet/services.h
 * @brief Guichet ABI v1: umbrella header for the host and every host service.
 *
 * One concept per header:
 *  - guichet/host.h            guichet_host (service lookup), guichet_cancel_token
 *  - guichet/services/log.h    guichet.log/1
 *  - guichet/services/clock.h  guichet.clock/1
 *  - guichet/services/http.h   guichet.http/1
 *  - guichet/services/sign.h   guichet.sign/1
 *  - guichet/services/random.h guichet.random/1
 *  - guichet/services/store.h  guichet.store/1
 * Including this header includes them all (and guichet/types.h, guichet/thread.h).
 */
#ifndef GUICHET_SERVICES_H
#define GUICHET_SERVICES_H

#include "host.h"
#include "services/clock.h"
#include "services/http.h"
#include "services/log.h"
#include "services/random.h"
#include "services/sign.h"
#include "services/store.h"

#endif /* GUICHET_SERVICES_H */
