#pragma once
// The AATi wire contract, Guichet sandbox profile 1.0.0 (docs/protocols/aati): the request
// bodies and the tolerant reading of the answers. The real contract is not public; when a vendor
// has it, this file and its .cpp are what changes.
#include "notice_request.hpp"

#include <guichet/contracts/aati.hpp>

#include <pugixml.hpp>

#include <string>
#include <vector>

namespace guichet::aati {

using contracts::aati::answer_namespace;

std::string transmit_body(const NoticeRequest& request);
std::string correct_body(const std::string& notice_number, const NoticeRequest& request);
std::string cancel_body(const std::string& notice_number, const std::string& reason);
std::string history_body(const Patient& patient, const std::string& since);

/** AccuseReceptionAAT. */
struct Acknowledgement {
    std::string code;  ///< CodeCR: 00 accepted, 02 scheme not connected
    std::string label;
    std::string notice_number, certificate_number;
    std::string state;  ///< wire value (TRANSMIS...)
    int version = 1;
    std::string received_at, correctable_until;
};

/** One AvisEmis of HistoriqueAAT. */
struct HistoryEntry {
    Acknowledgement notice;
    std::string nature, risk, work_time, start_date, end_date, certificate_kind;
};

/** Throws toolkit::Error(GUICHET_E_BAD_RESPONSE) for another answer or one without CR/CodeCR,
 *  Etat or DateReception. */
Acknowledgement parse_acknowledgement(pugi::xml_node payload);
std::vector<HistoryEntry> parse_history(pugi::xml_node payload);

/** The JSON names of the wire's states and kinds (TRANSMIS → transmitted...). */
std::string state_name(const std::string& wire_state);
std::string json_name(const std::string& wire_value);

}  // namespace guichet::aati
