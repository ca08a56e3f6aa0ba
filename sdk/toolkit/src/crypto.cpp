#include <guichet/common/openssl_ptr.hpp>
#include <guichet/toolkit/crypto.hpp>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cctype>
#include <memory>
#include <stdexcept>

namespace guichet::toolkit {

std::vector<uint8_t> sha256(std::string_view data) {
    std::vector<uint8_t> digest(32);
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &len, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    return digest;
}

std::string base64_encode(const uint8_t* data, size_t len) {
    std::string out(4 * ((len + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len));
    out.resize(static_cast<size_t>(n));
    return out;
}

std::vector<uint8_t> base64_decode(std::string_view text) {
    std::string compact;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
    if (compact.size() % 4 != 0) throw std::runtime_error("Base64 text has a length that is not a multiple of 4");
    std::vector<uint8_t> out(compact.size() / 4 * 3);
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(compact.data()),
                                  static_cast<int>(compact.size()));
    if (n < 0) throw std::runtime_error("malformed Base64");
    size_t padding = 0;
    if (!compact.empty() && compact.back() == '=') ++padding;
    if (compact.size() > 1 && compact[compact.size() - 2] == '=') ++padding;
    out.resize(static_cast<size_t>(n) - padding);
    return out;
}

std::string certificate_subject(const std::vector<uint8_t>& der) {
    const unsigned char* p = der.data();
    const common::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert) throw std::runtime_error("unreadable certificate");
    const common::BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert.get()), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

}  // namespace guichet::toolkit
