#include "identity.hpp"

#include "pkcs11_token.hpp"

#include <guichet/common/openssl_ptr.hpp>

#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>

namespace guichet::host {

namespace {

std::string openssl_reason() {
    const unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (code == 0) return "no detail";
    std::array<char, 256> buf{};
    ERR_error_string_n(code, buf.data(), buf.size());
    return buf.data();
}

std::string read_file(const std::string& path, const std::string& field) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(GUICHET_E_IO, "cannot read identity file '" + path + "'", field);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Asks the application for the passphrase; the buffer is wiped once OpenSSL has used it.
class Passphrase {
public:
    Passphrase(const SecretSource& source, const std::string& label, const std::string& field) {
        if (source.ask == nullptr)
            fail(GUICHET_E_PIN_INCORRECT,
                 "identity '" + label + "' needs a passphrase and the application gave no secret callback", field);
        const guichet_status s =
            source.ask(source.user_data, "passphrase", label.c_str(), buf_.data(), static_cast<uint32_t>(buf_.size()));
        if (s != GUICHET_OK) fail(GUICHET_E_CANCELLED, "passphrase for identity '" + label + "' was not given", field);
        buf_.back() = '\0';
    }
    ~Passphrase() { OPENSSL_cleanse(buf_.data(), buf_.size()); }
    const char* c_str() const { return buf_.data(); }

private:
    std::array<char, 1024> buf_{};
};

void check_validity(X509* cert, int64_t now_wall_ns, const std::string& name, const std::string& field) {
    time_t now = static_cast<time_t>(now_wall_ns / 1'000'000'000);
    if (X509_cmp_time(X509_get0_notBefore(cert), &now) > 0)
        fail(GUICHET_E_CERT_NOT_YET_VALID, "certificate of identity '" + name + "' is not valid yet", field);
    if (X509_cmp_time(X509_get0_notAfter(cert), &now) < 0)
        fail(GUICHET_E_CERT_EXPIRED, "certificate of identity '" + name + "' has expired", field);
}

}  // namespace

Identity::~Identity() {
    // First the pooled connections: each one's SSL_CTX holds a reference to key_, and a token
    // key's last reference goes back into libp11 objects that live only as long as
    // token_session_ (slots, module). Closed after it (at runtime destruction, as they were),
    // they corrupted the heap.
    connections_.reset();
    X509_free(certificate_);
    sk_X509_pop_free(extra_certs_, X509_free);
    EVP_PKEY_free(key_);
}

std::shared_ptr<Identity> Identity::load(const std::string& name, const nlohmann::json& description,
                                         const std::string& pointer, const SecretSource& secrets, int64_t now_wall_ns) {
    std::shared_ptr<Identity> id(new Identity());
    id->name_ = name;
    if (!description.is_object())
        fail(GUICHET_E_INVALID_ARGUMENT, "identity '" + name + "' must be an object", pointer);

    if (auto token = description.find("pkcs11"); token != description.end()) {
        TokenKey key = open_token_key(name, *token, pointer + "/pkcs11", secrets);
        id->token_session_ = std::move(key.session);
        id->key_ = key.key;
        id->certificate_ = key.certificate;
    } else if (auto p12 = description.find("pkcs12"); p12 != description.end()) {
        if (!p12->is_string()) fail(GUICHET_E_INVALID_ARGUMENT, "pkcs12 must be a file path", pointer + "/pkcs12");
        const std::string bytes = read_file(p12->get<std::string>(), pointer + "/pkcs12");
        const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
        const common::Pkcs12Ptr pkcs12(d2i_PKCS12(nullptr, &p, static_cast<long>(bytes.size())));
        if (!pkcs12)
            fail(GUICHET_E_INVALID_ARGUMENT, "file is not a PKCS#12 bundle: " + openssl_reason(), pointer + "/pkcs12");
        int parsed = 0;
        if (PKCS12_verify_mac(pkcs12.get(), "", 0) == 1 || PKCS12_verify_mac(pkcs12.get(), nullptr, 0) == 1) {
            parsed = PKCS12_parse(pkcs12.get(), "", &id->key_, &id->certificate_, &id->extra_certs_);
        } else {
            Passphrase pass(secrets, name, pointer + "/pkcs12");
            if (PKCS12_verify_mac(pkcs12.get(), pass.c_str(), -1) != 1) {
                ERR_clear_error();
                fail(GUICHET_E_PIN_INCORRECT, "wrong passphrase for identity '" + name + "'", pointer + "/pkcs12");
            }
            parsed = PKCS12_parse(pkcs12.get(), pass.c_str(), &id->key_, &id->certificate_, &id->extra_certs_);
        }
        if (parsed != 1 || id->key_ == nullptr || id->certificate_ == nullptr)
            fail(GUICHET_E_IDENTITY,
                 "PKCS#12 bundle of identity '" + name + "' holds no key and certificate: " + openssl_reason(),
                 pointer + "/pkcs12");
    } else if (description.contains("certificate") && description.contains("private_key")) {
        const auto& cert_path = description["certificate"];
        const auto& key_path = description["private_key"];
        if (!cert_path.is_string())
            fail(GUICHET_E_INVALID_ARGUMENT, "certificate must be a file path", pointer + "/certificate");
        if (!key_path.is_string())
            fail(GUICHET_E_INVALID_ARGUMENT, "private_key must be a file path", pointer + "/private_key");
        const std::string cert_pem = read_file(cert_path.get<std::string>(), pointer + "/certificate");
        const common::BioPtr cert_bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
        id->certificate_ = PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr);
        if (id->certificate_ != nullptr) {
            id->extra_certs_ = sk_X509_new_null();
            while (X509* extra = PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr))
                sk_X509_push(id->extra_certs_, extra);
            ERR_clear_error();  // end of file is reported as an error
        }
        if (id->certificate_ == nullptr)
            fail(GUICHET_E_INVALID_ARGUMENT, "no PEM certificate in file: " + openssl_reason(),
                 pointer + "/certificate");

        const std::string key_pem = read_file(key_path.get<std::string>(), pointer + "/private_key");
        const common::BioPtr key_bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
        const bool encrypted = key_pem.find("ENCRYPTED") != std::string::npos;
        if (encrypted) {
            Passphrase pass(secrets, name, pointer + "/private_key");
            id->key_ = PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, const_cast<char*>(pass.c_str()));
            if (id->key_ == nullptr) {
                ERR_clear_error();
                fail(GUICHET_E_PIN_INCORRECT, "wrong passphrase for identity '" + name + "'", pointer + "/private_key");
            }
        } else {
            id->key_ = PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr);
        }
        if (id->key_ == nullptr)
            fail(GUICHET_E_INVALID_ARGUMENT, "no PEM private key in file: " + openssl_reason(),
                 pointer + "/private_key");
    } else {
        fail(GUICHET_E_INVALID_ARGUMENT,
             "identity '" + name + "' needs \"pkcs11\", \"pkcs12\", or \"certificate\" and \"private_key\"", pointer);
    }

    if (X509_check_private_key(id->certificate_, id->key_) != 1) {
        ERR_clear_error();
        fail(GUICHET_E_IDENTITY, "private key of identity '" + name + "' does not match its certificate", pointer);
    }
    check_validity(id->certificate_, now_wall_ns, name, pointer);
    id->finish_chain();
    return id;
}

void Identity::finish_chain() {
    auto add = [this](X509* cert) {
        const int len = i2d_X509(cert, nullptr);
        std::vector<uint8_t> der(static_cast<size_t>(len));
        unsigned char* out = der.data();
        i2d_X509(cert, &out);
        chain_der_.push_back(std::move(der));
    };
    add(certificate_);
    for (int i = 0; extra_certs_ != nullptr && i < sk_X509_num(extra_certs_); ++i) add(sk_X509_value(extra_certs_, i));
    for (const auto& der : chain_der_) {
        chain_ptrs_.push_back(der.data());
        chain_lens_.push_back(der.size());
    }
    chain_view_.struct_size = sizeof(guichet_cert_chain);
    chain_view_.count = static_cast<uint32_t>(chain_der_.size());
    chain_view_.der = chain_ptrs_.data();
    chain_view_.der_len = chain_lens_.data();
}

bool Identity::install_into(SSL_CTX* ctx) const {
    if (SSL_CTX_use_certificate(ctx, certificate_) != 1) return false;
    if (SSL_CTX_use_PrivateKey(ctx, key_) != 1) return false;
    for (int i = 0; extra_certs_ != nullptr && i < sk_X509_num(extra_certs_); ++i)
        if (SSL_CTX_add1_chain_cert(ctx, sk_X509_value(extra_certs_, i)) != 1) return false;
    return true;
}

ConnectionPool& Identity::connections(const std::function<std::shared_ptr<ConnectionPool>()>& make) const {
    std::lock_guard lock(connections_mutex_);
    if (!connections_) connections_ = make();
    return *connections_;
}

std::vector<uint8_t> Identity::sign(guichet_sign_algorithm algorithm, const uint8_t* data, size_t len) const {
    const int key_type = EVP_PKEY_get_base_id(key_);
    const bool rsa = key_type == EVP_PKEY_RSA;
    const bool ec = key_type == EVP_PKEY_EC;
    if ((algorithm == GUICHET_SIGN_RSA_PKCS1_SHA256 || algorithm == GUICHET_SIGN_RSA_PSS_SHA256) && !rsa)
        fail(GUICHET_E_UNSUPPORTED, "identity '" + name_ + "' has no RSA key");
    if (algorithm == GUICHET_SIGN_ECDSA_SHA256 && !ec)
        fail(GUICHET_E_UNSUPPORTED, "identity '" + name_ + "' has no EC key");
    if (algorithm < GUICHET_SIGN_RSA_PKCS1_SHA256 || algorithm > GUICHET_SIGN_RSA_PSS_SHA256)
        fail(GUICHET_E_UNSUPPORTED, "unknown signature algorithm " + std::to_string(algorithm));

    const common::EvpMdCtxPtr md(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (EVP_DigestSignInit(md.get(), &pctx, EVP_sha256(), nullptr, key_) != 1)
        fail(GUICHET_E_IDENTITY, "cannot start signing: " + openssl_reason());
    if (algorithm == GUICHET_SIGN_RSA_PSS_SHA256) {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32);
        EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256());
    }
    size_t sig_len = 0;
    if (EVP_DigestSign(md.get(), nullptr, &sig_len, data, len) != 1)
        fail(GUICHET_E_IDENTITY, "cannot size signature: " + openssl_reason());
    std::vector<uint8_t> sig(sig_len);
    if (EVP_DigestSign(md.get(), sig.data(), &sig_len, data, len) != 1)
        fail(GUICHET_E_IDENTITY, "signing failed: " + openssl_reason());
    sig.resize(sig_len);
    return sig;
}

}  // namespace guichet::host
