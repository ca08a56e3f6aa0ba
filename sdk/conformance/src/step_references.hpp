#pragma once
// "${stepN/json/pointer}" in a step's request or expectations: the value at that pointer of
// step N's answer (1-based, as the runner prints steps) — so a scenario can correct or cancel
// the notice its first step sent, and check a history against what it sent.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace guichet::conformance {

/** `value` with every reference resolved: a string that is exactly one reference becomes the
 *  referenced value (any JSON type), a reference inside a longer string its text. Throws
 *  std::invalid_argument naming the reference when the step has no answer or no such pointer. */
nlohmann::json resolve_step_references(const nlohmann::json& value, const std::vector<nlohmann::json>& answers);

}  // namespace guichet::conformance
