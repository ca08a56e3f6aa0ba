#include "qualification.hpp"

#include "search_by_traits.hpp"

#include <guichet/toolkit/ins_number.hpp>

#include <algorithm>
#include <cctype>

namespace guichet::insi {

namespace tk = guichet::toolkit;

namespace {

// Traits are compared without case, accents aside, and with separators unified ("JEAN-PIERRE"
// and "jean pierre" are the same name); the reference traits are INSi's.
std::string normalised(std::string s) {
    std::string out;
    for (unsigned char c : s) out += (c == '-' || c == '\'' || c == ' ') ? ' ' : static_cast<char>(std::toupper(c));
    return out;
}

struct Comparison {
    tk::Json fields = tk::Json::object();
    std::vector<std::string> mismatches;
    void field(const std::string& name, bool same) {
        fields[name] = same ? "match" : "mismatch";
        if (!same) mismatches.push_back(name);
    }
};

Comparison compare(const Traits& local, const tk::Json& reference, const std::string& first_name_used) {
    Comparison c;
    c.field("birth_name", normalised(local.birth_name) == normalised(reference.value("birth_name", "")));
    bool first_name_known = false;
    for (const auto& f : reference.value("first_names", tk::Json::array()))
        first_name_known = first_name_known || normalised(f.get<std::string>()) == normalised(first_name_used);
    c.field("first_name", first_name_known);
    c.field("sex", local.sex == reference.value("sex", ""));
    c.field("birth_date", local.birth_date == reference.value("birth_date", ""));
    if (!local.birth_place.empty()) c.field("birth_place", local.birth_place == reference.value("birth_place", ""));
    return c;
}

// An INS the practice stored is checked before anything is sent: a wrong key or OID in the
// patient file is a vigilance problem to show, not a mismatch for INSi to explain.
void require_valid_ins(const tk::Request& r, const std::string& at) {
    const std::string nir = r.string(at + "/nir");
    const std::string key = r.optional_string(at + "/key").value_or("");
    const std::string oid = r.string(at + "/oid");
    if (const auto problem = tk::ins_problem(nir, key, oid))
        throw tk::invalid_field(at + "/" + problem->part, problem->reason);
}

bool same_ins(const tk::Request& r, const std::string& at, const tk::Json& ins) {
    return r.string(at + "/nir") == ins.value("nir", "") && r.string(at + "/oid") == ins.value("oid", "") &&
           r.optional_string(at + "/key").value_or(ins.value("key", "")) == ins.value("key", "");
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

}  // namespace

tk::Json verify_ins(tk::Call& call) {
    const tk::Request& r = call.request();
    const Traits traits = read_traits(r, "/traits");
    require_valid_ins(r, "/ins");
    const Search s = search(call, traits);
    const tk::Json found = search_json(s);
    if (s.result.code == "01")
        return {{"result", "not_found"}, {"reason", "INSi finds no identity for the stored traits"}};
    if (s.result.code == "02")
        return {{"result", "several"}, {"reason", "INSi finds several identities for the stored traits"}};
    Comparison c = compare(traits, found["traits"], s.first_name_used);
    bool ins_matches = same_ins(r, "/ins", found["ins"]);
    bool historical = false;
    for (const auto& h : found["history"]) historical = historical || same_ins(r, "/ins", h);
    c.fields["ins"] = ins_matches ? "match" : historical ? "historical" : "mismatch";
    if (!ins_matches) c.mismatches.push_back("ins");
    tk::Json answer{{"result", c.mismatches.empty() ? "match" : "mismatch"},
                    {"mismatches", c.mismatches},
                    {"comparison", c.fields},
                    {"ins", found["ins"]}};
    if (historical) answer["reason"] = "the stored INS is in the history: the active INS replaces it";
    return answer;
}

tk::Json qualify_identity(tk::Call& call) {
    const tk::Request& r = call.request();
    const Traits traits = read_traits(r, "/traits");
    const bool document_checked = r.boolean("/identity_document_checked");
    if (r.has("/stored_ins")) require_valid_ins(r, "/stored_ins");
    const Search s = search(call, traits);
    const tk::Json found = search_json(s);
    // Without an INS from INSi, the status rests on the identity document alone.
    const std::string without_ins = document_checked ? "VALI" : "PROV";
    tk::Json answer{
        {"search", {{"code", s.result.code}, {"attempts", s.attempts}, {"first_name_used", s.first_name_used}}}};
    auto status = [&](const std::string& value, const std::string& reason) {
        answer["identity_status"] = value;
        answer["qualified"] = value == "QUAL";
        answer["reason"] = reason;
        return answer;
    };
    if (s.result.code == "01") return status(without_ins, "INSi finds no identity for these traits: no INS retrieved");
    if (s.result.code == "02")
        return status(without_ins, "INSi finds several identities for these traits: not qualifiable, check the traits");

    answer["ins"] = found["ins"];
    answer["history"] = found["history"];
    answer["reference_traits"] = found["traits"];
    if (!found["qualifiable"].get<bool>())
        return status(without_ins, "INSi returned a temporary NIA: an NIA can never be qualified");
    Comparison c = compare(traits, found["traits"], s.first_name_used);
    if (r.has("/stored_ins") && !same_ins(r, "/stored_ins", found["ins"])) {
        c.fields["stored_ins"] = "mismatch";
        c.mismatches.push_back("stored_ins");
    }
    answer["comparison"] = c.fields;
    if (!c.mismatches.empty())
        return status(without_ins, "the local traits differ from INSi's on: " + join(c.mismatches) +
                                       " - correct them before qualifying");
    if (!document_checked)
        return status("RECUP", "INS retrieved and traits consistent; check an identity document to qualify it");
    return status("QUAL", "INS retrieved, traits consistent with INSi, identity document checked");
}

}  // namespace guichet::insi
