#pragma once
// Exactly-once for the sandbox's submission services (soap-echo/1's submit today; AATi, PSEi,
// DMP deposits later): a submission is known by its wsa:MessageID, which a client keeps on every
// attempt of one submission (the host's idempotency key). The first request with a MessageID is
// processed and its answer recorded — a receipt, or the service's business refusal; a later one
// with the same MessageID, service, action and body gets that answer back byte for byte and is
// counted as a replay; the same MessageID with another body is the client's bug, refused.
//
// The record is an append-only JSON-lines file in the state directory (owner-only), each line
// fsync'd before the client is answered, read back when the sandbox starts: a sandbox stopped
// and started again on the same state directory still recognises a retry. Without a state
// directory it lives in memory only. docs/protocols/submission-echo.md.
#include "http_server.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace guichet::sandbox {

/** What a submission service answers when it processes a submission for the first time. */
struct SubmissionOutcome {
    HttpAnswer answer;
    std::string receipt;  ///< the receipt number drawn; empty = refused (the answer is a fault)
};

/** What identifies a submission and what must be the same on every attempt. */
struct SubmissionKey {
    std::string message_id;
    std::string service;
    std::string action;
    std::string body_digest;  ///< SHA-256 of the payload's canonical form (exc-c14n), base64
};

class SubmissionLedger {
public:
    /** `file` empty = in memory only. Reads back what an earlier run recorded; a last line cut
     *  short by a crash (its client was never answered) is dropped. Throws when it cannot read
     *  or create the file. */
    explicit SubmissionLedger(std::string file);
    ~SubmissionLedger();
    SubmissionLedger(const SubmissionLedger&) = delete;
    SubmissionLedger& operator=(const SubmissionLedger&) = delete;

    /** The recorded answer for a known MessageID (a replay, recorded as such); the refusal for a
     *  known MessageID with another service, action or body; else `process()`'s outcome,
     *  recorded and on disk before it is returned. One submission at a time: a retry racing its
     *  first attempt waits for it and is answered as a replay. */
    HttpAnswer submit(const SubmissionKey& key, const std::function<SubmissionOutcome()>& process);

    /** {"submissions": [{message_id, service, action, outcome, accepted, refused, replays,
     *  receipt, status, recorded_at}...], "accepted": n, "refused": n, "replays": n}. */
    nlohmann::json summary() const;
    /** Forgets every submission, on disk too. */
    void clear();
    /** Counts the clears: a service keeping its own state about submissions (AATi's notices)
     *  forgets it when this changes, so a reset between scenarios resets it too. */
    uint64_t generation() const { return generation_.load(); }

private:
    struct Entry {
        SubmissionKey key;
        std::string receipt;
        HttpAnswer answer;
        std::string recorded_at;
        uint64_t replays = 0;
        uint64_t order = 0;
    };
    void load();
    void apply(const nlohmann::json& line);
    void append(const nlohmann::json& line);  // caller holds mutex_; throws when not durable

    mutable std::mutex mutex_;
    std::string file_;
    int fd_ = -1;
    std::map<std::string, Entry> entries_;  ///< by MessageID
    uint64_t next_order_ = 0;
    std::atomic<uint64_t> generation_{0};
};

/** The refusal of a MessageID reused for another submission (a client bug): soap:Sender,
 *  wsa:InvalidAddressingHeader, detail code `message_id_reused_code`, not retryable. */
inline constexpr const char* message_id_reused_code = "sandbox_message_id_reused";
HttpAnswer message_id_reused_fault(const std::string& message_id);

}  // namespace guichet::sandbox
