#pragma once
// Who holds outbox leases on this machine. A submission being sent is leased by one runtime
// (a random token) of one process (host name, pid): another runtime or process may take it
// over only when that lease has expired or its holder is gone — a process that died (kill -9,
// power cut) leaves `sending` rows that must be sent again, with the same idempotency key.
#include <cstdint>
#include <string>

namespace guichet::host::lease_owners {

/** This machine's name, as written in leases. */
const std::string& this_host();

/** Marks a runtime's token as alive in this process (until forget). */
void remember(const std::string& token);
void forget(const std::string& token);

/** True when a lease may be taken over: expired, or held by a runtime that no longer exists
 *  (a dead process on this machine, or a destroyed runtime of this process). */
bool is_stale(const std::string& host, int64_t pid, const std::string& owner, int64_t until_ms, int64_t now_ms);

}  // namespace guichet::host::lease_owners
