#pragma once
// The few primitives XML-DSig needs: SHA-256 and Base64 (OpenSSL).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::toolkit {

std::vector<uint8_t> sha256(std::string_view data);
std::string base64_encode(const uint8_t* data, size_t len);
inline std::string base64_encode(const std::vector<uint8_t>& data) { return base64_encode(data.data(), data.size()); }
/** Decodes Base64, ignoring whitespace (XML wraps long values). Throws std::runtime_error if malformed. */
std::vector<uint8_t> base64_decode(std::string_view text);

/** The RFC 2253 subject of a DER certificate, UTF-8 (the VIHF Issuer form). Throws std::runtime_error. */
std::string certificate_subject(const std::vector<uint8_t>& der);

}  // namespace guichet::toolkit
