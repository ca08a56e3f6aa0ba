#pragma once
// The notices the sandbox's AATi service has received (and those aati.json seeds), as the real
// service keeps them: by number, with their patient, prescriber, state, version and correction
// deadline. Forgotten when the sandbox is reset (the submission ledger's generation changes).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace guichet::sandbox::aati_service {

struct Notice {
    std::string number;              ///< "AAT-…" (empty for a certificate sent alone)
    std::string certificate_number;  ///< "CMA-…" or empty
    std::string patient_ins;         ///< NIR + key, 15 characters
    std::string professional;        ///< the VIHF NameID of the sender
    std::string state;               ///< contracts::aati::state
    int version = 1;
    int64_t received_at = 0;        ///< unix seconds, the latest version's
    int64_t correctable_until = 0;  ///< 0: no correction (not transmitted, cancelled)
    std::string nature, risk, work_time, start_date, end_date, certificate_kind;
};

class NoticeBook {
public:
    /** Forgets what was received when `generation` differs from the last one seen, then
     *  (re)loads the seeds of aati.json's `notices`. */
    void synchronise(uint64_t generation, const nlohmann::json& seeds);
    void add(Notice notice);
    /** A copy of the notice with this number or certificate number. */
    std::optional<Notice> find(const std::string& number) const;
    /** Runs `change` on the notice with this number under the book's lock, so two changes of
     *  one notice cannot both take the same version. False when there is no such notice. */
    bool update(const std::string& number, const std::function<void(Notice&)>& change);
    /** This professional's notices for this patient, the last received first. */
    std::vector<Notice> history(const std::string& professional, const std::string& patient_ins) const;

private:
    mutable std::mutex mutex_;
    std::optional<uint64_t> generation_;
    std::vector<Notice> notices_;
};

}  // namespace guichet::sandbox::aati_service
