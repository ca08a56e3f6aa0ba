#include <guichet/contracts/insi.hpp>
#include <guichet/toolkit/ins_number.hpp>

#include <cstdint>

namespace guichet::toolkit {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_department(std::string_view two) {
    return (is_digit(two[0]) && is_digit(two[1])) || (two[0] == '2' && (two[1] == 'A' || two[1] == 'B'));
}

}  // namespace

bool is_nir_shape(std::string_view nir) {
    if (nir.size() != 13 || nir[0] < '1' || nir[0] > '8' || !is_department(nir.substr(5, 2))) return false;
    for (size_t i = 0; i < nir.size(); ++i)
        if (i != 5 && i != 6 && !is_digit(nir[i])) return false;
    return true;
}

std::string nir_key(std::string_view nir) {
    // 2A -> 19 and 2B -> 18 in the department's place: the number stays 13 digits.
    uint64_t number = 0;
    for (size_t i = 0; i < nir.size(); ++i) {
        char c = nir[i];
        if (i == 5 && (nir[6] == 'A' || nir[6] == 'B')) c = '1';
        if (i == 6 && (c == 'A' || c == 'B')) c = c == 'A' ? '9' : '8';
        number = number * 10 + static_cast<uint64_t>(c - '0');
    }
    const auto key = 97 - number % 97;
    return (key < 10 ? "0" : "") + std::to_string(key);
}

bool is_ins_oid(std::string_view oid) {
    namespace insi = contracts::insi;
    return oid == insi::oid_ins_nir || oid == insi::oid_ins_nia || oid == insi::oid_ins_nir_test ||
           oid == insi::oid_ins_nir_demo;
}

std::optional<InsProblem> ins_problem(std::string_view nir, std::string_view key, std::string_view oid) {
    if (!is_nir_shape(nir))
        return InsProblem{"nir", "the number is not a NIR: 13 characters, digits (department 2A/2B for Corsica)"};
    if (!key.empty() && key != nir_key(nir))
        return InsProblem{"key", "the key does not match the number (97 - NIR mod 97)"};
    if (!is_ins_oid(oid))
        return InsProblem{"oid", "the OID is not one of the INS OIDs (NIR, NIA, test, demonstration)"};
    return std::nullopt;
}

}  // namespace guichet::toolkit
