#include "submission_ledger.hpp"

#include "private_files.hpp"
#include "soap_fault.hpp"

#include <guichet/contracts/soap12.hpp>
#include <guichet/toolkit/crypto.hpp>
#include <guichet/toolkit/utc_time.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace guichet::sandbox {

namespace tk = guichet::toolkit;

namespace {

[[noreturn]] void failed(const std::string& what, const std::string& file) {
    throw std::runtime_error("submission record " + file + ": cannot " + what + ": " + std::strerror(errno));
}

std::string bytes_base64(const std::string& bytes) {
    return tk::base64_encode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

std::string base64_bytes(const std::string& text) {
    const auto bytes = tk::base64_decode(text);
    return {bytes.begin(), bytes.end()};
}

nlohmann::json headers_json(const HttpAnswer& answer) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [name, value] : answer.headers) out.push_back({name, value});
    return out;
}

bool same_submission(const SubmissionKey& a, const SubmissionKey& b) {
    return a.service == b.service && a.action == b.action && a.body_digest == b.body_digest;
}

}  // namespace

HttpAnswer message_id_reused_fault(const std::string& message_id) {
    return soap_fault_answer(CnamFault{contracts::soap12::fault_sender,
                                       contracts::wsa::invalid_addressing_header,
                                       "wsa:MessageID deja utilise pour une autre soumission",
                                       message_id_reused_code,
                                       {},
                                       "Le MessageID " + message_id +
                                           " a deja servi a une soumission d'un autre contenu (service, action "
                                           "ou corps differents) : une nouvelle soumission demande un nouveau "
                                           "MessageID."});
}

SubmissionLedger::SubmissionLedger(std::string file) : file_(std::move(file)) {
    if (file_.empty()) return;
    make_private_file(file_);  // owner-only before the first submission is written to it
    load();
    fd_ = ::open(file_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd_ < 0) failed("open", file_);
}

SubmissionLedger::~SubmissionLedger() {
    if (fd_ >= 0) ::close(fd_);
}

// Lines are written whole and fsync'd before the client is answered; a crash can only leave a
// last line cut short, whose client never had its answer: it is dropped, and the file cut back to
// its last complete line so the next append starts on a line of its own.
void SubmissionLedger::load() {
    std::ifstream in(file_, std::ios::binary);
    if (!in) failed("read", file_);
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    const size_t complete = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
    size_t at = 0;
    while (at < complete) {
        const size_t end = text.find('\n', at);
        const std::string line = text.substr(at, end - at);
        at = end + 1;
        if (line.empty()) continue;
        const auto parsed = nlohmann::json::parse(line, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object())
            throw std::runtime_error("submission record " + file_ + ": a line is not JSON (the file was edited?)");
        apply(parsed);
    }
    if (complete < text.size() && ::truncate(file_.c_str(), static_cast<off_t>(complete)) != 0)
        failed("cut back the unfinished last line of", file_);
}

void SubmissionLedger::apply(const nlohmann::json& line) {
    const std::string kind = line.value("kind", "");
    const std::string message_id = line.value("message_id", "");
    if (kind == "replay") {
        if (const auto it = entries_.find(message_id); it != entries_.end()) ++it->second.replays;
        return;
    }
    if (kind != "submission") return;
    Entry e;
    e.key = {message_id, line.value("service", ""), line.value("action", ""), line.value("body_digest", "")};
    e.receipt = line.value("receipt", "");
    e.recorded_at = line.value("recorded_at", "");
    e.answer.status = line.value("status", 200);
    e.answer.content_type = line.value("content_type", "");
    for (const auto& h : line.value("headers", nlohmann::json::array()))
        e.answer.headers.emplace_back(h.at(0).get<std::string>(), h.at(1).get<std::string>());
    e.answer.body = base64_bytes(line.value("body_base64", ""));
    e.order = next_order_++;
    entries_[message_id] = std::move(e);
}

void SubmissionLedger::append(const nlohmann::json& line) {
    if (fd_ < 0) return;
    const std::string text = line.dump() + "\n";
    for (size_t written = 0; written < text.size();) {
        const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) failed("write", file_);
        written += static_cast<size_t>(n);
    }
    if (::fsync(fd_) != 0) failed("sync", file_);
}

HttpAnswer SubmissionLedger::submit(const SubmissionKey& key, const std::function<SubmissionOutcome()>& process) {
    std::lock_guard lock(mutex_);
    if (const auto it = entries_.find(key.message_id); it != entries_.end()) {
        if (!same_submission(it->second.key, key)) return message_id_reused_fault(key.message_id);
        append({{"kind", "replay"}, {"message_id", key.message_id}});
        ++it->second.replays;
        return it->second.answer;
    }
    SubmissionOutcome outcome = process();
    Entry e{key, outcome.receipt, outcome.answer, tk::utc_timestamp(std::time(nullptr)), 0, next_order_};
    append({{"kind", "submission"},
            {"message_id", key.message_id},
            {"service", key.service},
            {"action", key.action},
            {"body_digest", key.body_digest},
            {"receipt", e.receipt},
            {"recorded_at", e.recorded_at},
            {"status", e.answer.status},
            {"content_type", e.answer.content_type},
            {"headers", headers_json(e.answer)},
            {"body_base64", bytes_base64(e.answer.body)}});
    ++next_order_;
    entries_[key.message_id] = std::move(e);
    return outcome.answer;
}

nlohmann::json SubmissionLedger::summary() const {
    std::lock_guard lock(mutex_);
    std::vector<const Entry*> in_order(entries_.size());
    size_t i = 0;
    for (const auto& [id, e] : entries_) in_order[i++] = &e;
    std::sort(in_order.begin(), in_order.end(), [](const Entry* a, const Entry* b) { return a->order < b->order; });
    nlohmann::json list = nlohmann::json::array();
    uint64_t accepted = 0, refused = 0, replays = 0;
    for (const Entry* e : in_order) {
        const bool was_accepted = !e->receipt.empty();
        (was_accepted ? accepted : refused) += 1;
        replays += e->replays;
        list.push_back({{"message_id", e->key.message_id},
                        {"service", e->key.service},
                        {"action", e->key.action},
                        {"outcome", was_accepted ? "accepted" : "refused"},
                        {"accepted", was_accepted ? 1 : 0},
                        {"refused", was_accepted ? 0 : 1},
                        {"replays", e->replays},
                        {"receipt", e->receipt},
                        {"status", e->answer.status},
                        {"recorded_at", e->recorded_at}});
    }
    return {{"submissions", list}, {"accepted", accepted}, {"refused", refused}, {"replays", replays}};
}

void SubmissionLedger::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
    next_order_ = 0;
    ++generation_;
    if (fd_ < 0) return;
    if (::ftruncate(fd_, 0) != 0) failed("empty", file_);
    if (::fsync(fd_) != 0) failed("sync", file_);
}

}  // namespace guichet::sandbox
