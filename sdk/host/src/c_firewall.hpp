#pragma once
// The firewall every exported C function goes through: no exception crosses it, every failure
// becomes a status plus guichet_last_error(). Shared by the C API's files.
#include "runtime.hpp"
#include "session.hpp"

#include <guichet/runtime.h>

#include <new>

namespace guichet::host::c_api {

// The application only ever sees Session as the opaque guichet_session.
inline Session* session_of(guichet_session* s) { return reinterpret_cast<Session*>(s); }
inline guichet_session* handle_of(Session* s) { return reinterpret_cast<guichet_session*>(s); }

template <typename Body>
guichet_status firewall(Body&& body) noexcept {
    try {
        clear_last_error();
        body();
        return GUICHET_OK;
    } catch (const HostError& e) {
        set_last_error(e.detail);
        return e.detail.status;
    } catch (const std::bad_alloc&) {
        set_last_error(ErrorDetail::make(GUICHET_E_NO_MEMORY, "out of memory"));
        return GUICHET_E_NO_MEMORY;
    } catch (const std::exception& e) {
        set_last_error(ErrorDetail::make(GUICHET_E_INTERNAL, std::string("internal error: ") + e.what()));
        return GUICHET_E_INTERNAL;
    } catch (...) {
        set_last_error(ErrorDetail::make(GUICHET_E_INTERNAL, "internal error: unknown exception"));
        return GUICHET_E_INTERNAL;
    }
}

/** Runs a call whose failures are part of its result: `*result` is set in every case, and the
 *  result's error is the thread's last error too. Returns the result's status. */
template <typename Call>
guichet_status store_outcome(guichet_result** result, Call&& call) {
    guichet_result outcome;
    try {
        outcome = call();
    } catch (const HostError& e) {
        outcome = guichet_result::failure(e.detail);
    }
    *result = new guichet_result(std::move(outcome));
    if ((*result)->error) set_last_error(*(*result)->error);
    return (*result)->status;
}

inline void require(bool condition, const char* message) {
    if (!condition) fail(GUICHET_E_INVALID_ARGUMENT, message);
}

inline const ServiceInfo& service_or_fail(Runtime& rt, const char* service_id) {
    require(service_id != nullptr, "service id is NULL");
    const auto* service = rt.find_service(service_id);
    if (service == nullptr)
        fail(GUICHET_E_NOT_FOUND,
             std::string("no loaded plugin provides service '") + service_id + "' (see `guichet plugins list`)");
    return *service;
}

}  // namespace guichet::host::c_api
