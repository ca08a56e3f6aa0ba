#pragma once
// What the fuzz targets share: the input as text, and the trust material of the signed seeds.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace guichet::fuzz {

inline std::string_view text_of(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/** The CA certificates of the throwaway PKI that signed the seeds (tests/fuzz/data/trust.pem). */
inline const std::string& seeds_trust_pem() {
    static const std::string pem = [] {
        std::ifstream in(GUICHET_FUZZ_TRUST_PEM, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    return pem;
}

/** When the seeds were signed (tests/fuzz/data/signed_at): certificates and VIHF windows are
 *  judged at this time, so a seed signed once stays valid whatever the date of the run. */
inline constexpr int64_t seeds_signed_at = GUICHET_FUZZ_SIGNED_AT;

}  // namespace guichet::fuzz
