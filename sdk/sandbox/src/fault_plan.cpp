#include "fault_plan.hpp"

#include "soap_fault.hpp"

#include <guichet/contracts/cnam.hpp>
#include <guichet/contracts/soap12.hpp>

#include <stdexcept>

namespace guichet::sandbox {

namespace {
const std::vector<std::pair<FaultKind, std::string>> kind_names = {
    {FaultKind::latency, "latency"},   {FaultKind::http_500, "http_500"},
    {FaultKind::http_503, "http_503"}, {FaultKind::soap_fault, "soap_fault"},
    {FaultKind::close, "close"},       {FaultKind::truncate, "truncate"},
    {FaultKind::trickle, "trickle"},   {FaultKind::drop_answer, "drop_answer"}};
// Ten minutes: longer than any client's timeout, and delay + jitter stays far from INT_MAX.
constexpr int64_t max_fault_ms = 600'000;

// A JSON integer in [0, max_fault_ms]; read as int64 first, so 1e12 is refused, never narrowed.
int bounded_ms(const nlohmann::json& j, const char* name, int fallback) {
    if (!j.contains(name)) return fallback;
    const auto& value = j[name];
    if (!value.is_number_integer() || value.get<int64_t>() < 0 || value.get<int64_t>() > max_fault_ms)
        throw std::invalid_argument(std::string(name) + " must be an integer from 0 to " +
                                    std::to_string(max_fault_ms) + " (ten minutes)");
    return static_cast<int>(value.get<int64_t>());
}

}  // namespace

bool stands_for_unavailable_service(FaultKind kind) {
    switch (kind) {
        case FaultKind::http_500:
        case FaultKind::http_503:
        case FaultKind::soap_fault:
        case FaultKind::close:
            return true;
        default:
            return false;
    }
}

std::string fault_kind_name(FaultKind kind) {
    for (const auto& [k, name] : kind_names)
        if (k == kind) return name;
    return "unknown";
}

FaultRule FaultRule::from_json(const nlohmann::json& j) {
    if (!j.is_object()) throw std::invalid_argument("a fault rule must be a JSON object");
    FaultRule rule;
    const std::string kind = j.value("kind", "");
    bool known = false;
    for (const auto& [k, name] : kind_names)
        if (name == kind) {
            rule.kind = k;
            known = true;
        }
    if (!known)
        throw std::invalid_argument(
            "kind must be one of latency, http_500, http_503, soap_fault, close, truncate, trickle, drop_answer");
    rule.service = j.value("service", "");
    rule.operation = j.value("operation", "");
    rule.remaining = j.value("count", -1);
    rule.probability = j.value("probability", 1.0);
    rule.delay_ms = bounded_ms(j, "delay_ms", rule.kind == FaultKind::trickle ? 50 : 0);
    rule.jitter_ms = bounded_ms(j, "jitter_ms", 0);
    if (rule.remaining == 0 || rule.remaining < -1) throw std::invalid_argument("count must be positive (or absent)");
    if (rule.probability <= 0 || rule.probability > 1) throw std::invalid_argument("probability must be in (0, 1]");
    return rule;
}

nlohmann::json FaultRule::to_json() const {
    return {{"kind", fault_kind_name(kind)}, {"service", service},   {"operation", operation}, {"count", remaining},
            {"probability", probability},    {"delay_ms", delay_ms}, {"jitter_ms", jitter_ms}};
}

void FaultPlan::add(FaultRule rule) {
    std::lock_guard lock(mutex_);
    rules_.push_back(std::move(rule));
}

void FaultPlan::clear() {
    std::lock_guard lock(mutex_);
    rules_.clear();
}

void FaultPlan::reset() {
    std::lock_guard lock(mutex_);
    rules_.clear();
    generator_.seed(seed_);
}

std::vector<FaultRule> FaultPlan::rules() const {
    std::lock_guard lock(mutex_);
    return rules_;
}

std::optional<FaultDecision> FaultPlan::decide(const std::string& service, const std::string& operation) {
    std::lock_guard lock(mutex_);
    for (auto it = rules_.begin(); it != rules_.end(); ++it) {
        if (!it->service.empty() && it->service != service) continue;
        if (!it->operation.empty() && it->operation != operation) continue;
        // Every matching rule draws, hit or miss, so a replay with the same seed draws the same.
        const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(generator_);
        if (draw >= it->probability) continue;
        FaultDecision d{it->kind, it->delay_ms, fault_kind_name(it->kind)};
        if (it->jitter_ms > 0) {  // both bounded at parse: the sum fits an int
            const uint64_t span = static_cast<uint64_t>(it->jitter_ms) + 1;
            d.delay_ms += static_cast<int>(static_cast<uint64_t>(generator_()) % span);
        }
        if (it->remaining > 0 && --it->remaining == 0) rules_.erase(it);
        return d;
    }
    return std::nullopt;
}

void FaultPlan::apply(const FaultDecision& d, HttpAnswer& answer) {
    switch (d.kind) {
        case FaultKind::latency:
            answer.delay_ms += d.delay_ms;
            break;
        case FaultKind::http_500:
            answer = HttpAnswer{500, "text/plain", {}, "Internal Server Error (sandbox fault)"};
            break;
        case FaultKind::http_503:
            answer = HttpAnswer{503, "text/plain", {{"Retry-After", "30"}}, "Service Unavailable (sandbox fault)"};
            break;
        case FaultKind::soap_fault:
            // As a CNAM service answers when it is down: Receiver, siram_40, its recorded text.
            answer = soap_fault_answer(CnamFault{contracts::soap12::fault_receiver,
                                                 contracts::cnam::temporarily_unavailable,
                                                 contracts::cnam::reason::temporarily_unavailable,
                                                 {},
                                                 contracts::cnam::severity::fatal,
                                                 {}});
            break;
        case FaultKind::close:
        case FaultKind::drop_answer:  // the same on the wire; the service answered first
            answer.delivery = Delivery::close_without_answer;
            break;
        case FaultKind::truncate:
            answer.delivery = Delivery::truncated;
            break;
        case FaultKind::trickle:
            answer.delivery = Delivery::trickle;
            answer.delay_ms = d.delay_ms;
            break;
    }
}

}  // namespace guichet::sandbox
