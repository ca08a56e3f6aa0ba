#include <guichet/toolkit/beneficiary_fields.hpp>
#include <guichet/toolkit/ins_number.hpp>

#include <chrono>
#include <regex>

namespace guichet::toolkit {

std::string read_nir(const Request& r, const std::string& at, bool required) {
    static const std::regex nir(R"(\d{6}[AB0-9]\d{6})");
    const std::string value = required ? r.string(at) : r.optional_string(at).value_or("");
    if ((required || !value.empty()) && !std::regex_match(value, nir))
        throw invalid_field(at, "must be a NIR of 13 characters without its key (Corsica: 2A/2B)");
    return value;
}

std::string read_nir_key(const Request& r, const std::string& at) {
    static const std::regex key(R"(\d{2})");
    const std::string value = r.optional_string(at).value_or("");
    if (!value.empty() && !std::regex_match(value, key)) throw invalid_field(at, "must be the 2-digit NIR key");
    return value;
}

namespace {

// The card gives the key with the number; a key that does not match is a misread or a forgery.
void require_matching_key(const std::string& nir, const std::string& key, const std::string& at) {
    if (!nir.empty() && !key.empty() && key != nir_key(nir))
        throw invalid_field(at, "does not match the NIR (97 - NIR mod 97, Corsica 2A/2B as 19/18)");
}

// A lunar date keeps 00 for an unknown month or day; a known one must exist (1980-02-30 cannot).
bool is_possible_birth_date(int year, unsigned month, unsigned day) {
    if (month > 12 || day > 31) return false;
    if (month == 0 || day == 0) return true;
    return std::chrono::year_month_day{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)}.ok();
}

}  // namespace

std::string read_card_birth_date(const Request& r, const std::string& at) {
    static const std::regex date(R"((\d{4})-(\d{2})-(\d{2}))");
    const std::string value = r.string(at);
    std::smatch m;
    if (!std::regex_match(value, m, date)) throw invalid_field(at, "must be YYYY-MM-DD as read from the card");
    if (!is_possible_birth_date(std::stoi(m[1].str()), static_cast<unsigned>(std::stoi(m[2].str())),
                                static_cast<unsigned>(std::stoi(m[3].str()))))
        throw invalid_field(at, "is not a date: month 01-12 and a day the month has (00 where unknown)");
    return value;
}

std::string read_birth_date(const Request& r, const std::string& at) { return read_card_birth_date(r, at); }

std::string read_name(const Request& r, const std::string& at) {
    std::string value = r.string(at);
    if (value.find_first_not_of(" \t") == std::string::npos) throw invalid_field(at, "must not be empty or blank");
    return value;
}

std::string read_birth_rank(const Request& r, const std::string& at) {
    const int64_t rank = r.integer(at);
    if (rank < 1 || rank > 9) throw invalid_field(at, "must be the card's birth rank, 1 to 9");
    return std::to_string(rank);
}

CardBeneficiary read_card_beneficiary(const Request& r, const std::string& at, bool insured_required) {
    CardBeneficiary b;
    b.nir = read_nir(r, at + "/nir", false);
    b.key = read_nir_key(r, at + "/key");
    b.insured_nir = read_nir(r, at + "/insured_nir", insured_required);
    b.insured_key = read_nir_key(r, at + "/insured_key");
    require_matching_key(b.nir, b.key, at + "/key");
    require_matching_key(b.insured_nir, b.insured_key, at + "/insured_key");
    if (b.nir.empty() && b.insured_nir.empty())
        throw invalid_field(at + "/nir",
                            "give the beneficiary's NIR, or the insured person's (insured_nir) as on the Vitale card");
    b.birth_date = read_card_birth_date(r, at + "/birth_date");
    b.birth_rank = read_birth_rank(r, at + "/birth_rank");
    return b;
}

std::string read_calendar_date(const Request& r, const std::string& at) {
    static const std::regex form(R"((\d{4})-(\d{2})-(\d{2}))");
    const std::string value = r.string(at);
    std::smatch m;
    if (!std::regex_match(value, m, form)) throw invalid_field(at, "must be a date, YYYY-MM-DD");
    const std::chrono::year_month_day day{std::chrono::year(std::stoi(m[1].str())),
                                          std::chrono::month(static_cast<unsigned>(std::stoi(m[2].str()))),
                                          std::chrono::day(static_cast<unsigned>(std::stoi(m[3].str())))};
    if (!day.ok()) throw invalid_field(at, "is not a calendar date");
    return value;
}

}  // namespace guichet::toolkit
