#include <guichet/toolkit/utc_time.hpp>

#include <array>
#include <ctime>
#include <iomanip>
#include <regex>
#include <sstream>

namespace guichet::toolkit {

std::string utc_timestamp(int64_t unix_seconds) {
    const time_t t = static_cast<time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf.data();
}

std::optional<int64_t> parse_utc_timestamp(const std::string& text) {
    static const std::regex form(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)");
    if (!std::regex_match(text, form)) return std::nullopt;
    std::tm tm{};
    std::istringstream in(text.substr(0, 19));
    in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
    if (in.fail()) return std::nullopt;
    return static_cast<int64_t>(timegm(&tm));
}

}  // namespace guichet::toolkit
