#pragma once
// Hexadecimal text and random (version 4) UUIDs, formatted once for the host and the toolkit;
// each brings its own random bytes (the host from OpenSSL, a plugin from guichet.random/1).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace guichet::common {

/** Lowercase hexadecimal of `len` bytes. */
inline std::string hex(const uint8_t* data, size_t len) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (size_t i = 0; i < len; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 0xF];
    }
    return out;
}

/** A version 4 UUID, lowercase 8-4-4-4-12, from 16 random bytes: RFC 9562 §5.4 sets the
 *  version (4) in the high nibble of byte 6 and the variant (10) in the high bits of byte 8. */
inline std::string uuid_v4(std::array<uint8_t, 16> random) {
    random[6] = static_cast<uint8_t>((random[6] & 0x0F) | 0x40);
    random[8] = static_cast<uint8_t>((random[8] & 0x3F) | 0x80);
    const uint8_t* b = random.data();
    return hex(b, 4) + '-' + hex(b + 4, 2) + '-' + hex(b + 6, 2) + '-' + hex(b + 8, 2) + '-' + hex(b + 10, 6);
}

}  // namespace guichet::common
