#include <guichet/toolkit/utc_time.hpp>

#include <array>
#include <ctime>
#include <iomanip>
#include <sstream>
#include <string_view>

namespace guichet::toolkit {

std::string utc_timestamp(int64_t unix_seconds) {
    const time_t t = static_cast<time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf.data();
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// YYYY-MM-DDTHH:MM:SS, an optional fraction of a second, Z. Checked by hand, not with std::regex:
// libstdc++'s regex executor recurses once per character `\d+` consumes, and a VIHF IssueInstant
// with a 100 KB fraction overflowed the stack of the sandbox.
bool has_utc_timestamp_form(std::string_view text) {
    constexpr std::string_view form = "dddd-dd-ddTdd:dd:dd";
    if (text.size() < form.size() + 1 || text.back() != 'Z') return false;
    for (size_t i = 0; i < form.size(); ++i)
        if (form[i] == 'd' ? !is_digit(text[i]) : text[i] != form[i]) return false;
    const std::string_view fraction = text.substr(form.size(), text.size() - form.size() - 1);
    if (fraction.empty()) return true;
    if (fraction.size() < 2 || fraction[0] != '.') return false;
    for (const char c : fraction.substr(1))
        if (!is_digit(c)) return false;
    return true;
}

}  // namespace

std::optional<int64_t> parse_utc_timestamp(const std::string& text) {
    if (!has_utc_timestamp_form(text)) return std::nullopt;
    std::tm tm{};
    std::istringstream in(text.substr(0, 19));
    in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
    if (in.fail()) return std::nullopt;
    return static_cast<int64_t>(timegm(&tm));
}

}  // namespace guichet::toolkit
