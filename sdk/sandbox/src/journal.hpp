#pragma once
// Every exchange the sandbox handles, as JSON lines: who (TLS client), what (service,
// operation), what happened (status, fault, injected answer, timing), and the messages —
// patient data redacted unless the sandbox was started to keep it. TLS refusals are entries too
// (kind "tls_refusal": which listener, why), kept apart from exchanges when queried.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

namespace guichet::sandbox {

struct JournalEntry {
    std::string service;
    std::string operation;
    std::string client_subject;
    std::string method;
    std::string path;
    int status = 0;
    int64_t duration_ms = 0;
    std::string fault;      ///< fault kind applied, or empty
    bool injected = false;  ///< answer came from the injected queue
    std::string request_body;
    std::string response_body;
};

class Journal {
public:
    /** `file` empty = in memory only. */
    Journal(std::string file, bool keep_patient_data);

    void record(const JournalEntry& entry);
    /** A TLS handshake the listener refused, and why (no request was read: no patient data). */
    void record_tls_refusal(const std::string& listener, const std::string& reason);
    /** Entries with sequence number > `since`, optionally for one service, of one kind:
     *  "exchange" (the default), "tls_refusal", or "all". */
    nlohmann::json query(uint64_t since, const std::string& service, const std::string& kind = "exchange") const;
    void clear();
    /** Sequence number of the last entry (0 before any). */
    uint64_t last_sequence() const;
    bool keeps_patient_data() const { return keep_patient_data_; }

private:
    void append(nlohmann::json line);  // caller holds mutex_

    mutable std::mutex mutex_;
    std::string file_;
    std::ofstream out_;
    bool keep_patient_data_;
    uint64_t next_sequence_ = 1;
    std::vector<nlohmann::json> entries_;
};

}  // namespace guichet::sandbox
