#pragma once
// Faults on demand: rules per service and operation, for the next N calls or until removed,
// drawn from a seeded generator so that a run can be replayed exactly.
#include "http_server.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace guichet::sandbox {

/** Two families, told apart by stands_for_unavailable_service (docs/sandbox.md, "Faults"):
 *  - the service is down: http_500, http_503, soap_fault (siram_40 under soap:Receiver) and close
 *    (the connection closed without an answer) replace the service: it never sees the request,
 *    so a submission is not recorded;
 *  - the answer goes wrong on its way back: latency, truncate, trickle and drop_answer (the
 *    connection closed instead of the answer) let the service answer first, so a submission is
 *    recorded before the client loses, or waits for, its answer — its retry is then a replay. */
enum class FaultKind { latency, http_500, http_503, soap_fault, close, truncate, trickle, drop_answer };

/** True for the kinds that stand for a service that is down: the request never reaches it. */
bool stands_for_unavailable_service(FaultKind kind);

struct FaultRule {
    FaultKind kind = FaultKind::latency;
    std::string service;     ///< "" = every service
    std::string operation;   ///< "" = every operation
    int remaining = -1;      ///< calls left; -1 = until removed
    double probability = 1;  ///< chance per matching call, drawn from the seeded generator
    int delay_ms = 0;        ///< latency, or pause between trickled pieces
    int jitter_ms = 0;       ///< latency: plus 0..jitter_ms, drawn from the generator

    /** From the admin API's JSON; throws std::invalid_argument naming the bad member. */
    static FaultRule from_json(const nlohmann::json& j);
    nlohmann::json to_json() const;
};

/** What happens to one call. */
struct FaultDecision {
    FaultKind kind;
    int delay_ms = 0;
    std::string description;
};

class FaultPlan {
public:
    explicit FaultPlan(uint64_t seed) : seed_(seed), generator_(seed) {}

    void add(FaultRule rule);
    void clear();
    /** Clears the rules and restarts the generator from the seed. */
    void reset();
    std::vector<FaultRule> rules() const;
    uint64_t seed() const { return seed_; }

    /** The fault for this call, if a rule matches and the draw says so. */
    std::optional<FaultDecision> decide(const std::string& service, const std::string& operation);

    /** Applies a decision to an answer (status, body, delivery, delay). */
    static void apply(const FaultDecision& decision, HttpAnswer& answer);

private:
    mutable std::mutex mutex_;
    uint64_t seed_;
    std::mt19937_64 generator_;
    std::vector<FaultRule> rules_;
};

std::string fault_kind_name(FaultKind kind);

}  // namespace guichet::sandbox
