#include "pem_signer.hpp"

#include <guichet/common/openssl_ptr.hpp>

#include <catch2/catch.hpp>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace guichet::test {

toolkit::SignFunction signer_from(const std::string& key_file) {
    return [key_file](const std::string& data) {
        const common::BioPtr file(BIO_new_file(key_file.c_str(), "r"));
        REQUIRE(file != nullptr);
        const common::EvpPkeyPtr key(PEM_read_bio_PrivateKey(file.get(), nullptr, nullptr, nullptr));
        REQUIRE(key != nullptr);
        const common::EvpMdCtxPtr md(EVP_MD_CTX_new());
        REQUIRE(EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1);
        const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
        size_t len = 0;
        REQUIRE(EVP_DigestSign(md.get(), nullptr, &len, bytes, data.size()) == 1);
        std::vector<uint8_t> signature(len);
        REQUIRE(EVP_DigestSign(md.get(), signature.data(), &len, bytes, data.size()) == 1);
        signature.resize(len);
        return signature;
    };
}

std::vector<uint8_t> leaf_der(const std::string& cert_file) {
    const common::BioPtr file(BIO_new_file(cert_file.c_str(), "r"));
    REQUIRE(file != nullptr);
    const common::X509Ptr cert(PEM_read_bio_X509(file.get(), nullptr, nullptr, nullptr));
    REQUIRE(cert != nullptr);
    std::vector<uint8_t> der(static_cast<size_t>(i2d_X509(cert.get(), nullptr)));
    unsigned char* out = der.data();
    i2d_X509(cert.get(), &out);
    return der;
}

}  // namespace guichet::test
