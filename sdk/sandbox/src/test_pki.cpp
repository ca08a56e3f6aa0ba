#include "private_files.hpp"

#include <guichet/common/openssl_ptr.hpp>
#include <guichet/sandbox/test_pki.hpp>

#include <nlohmann/json.hpp>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace guichet::sandbox {

namespace {

using Key = common::EvpPkeyPtr;
using Cert = common::X509Ptr;

[[noreturn]] void openssl_failed(const std::string& what) {
    char buf[256];
    ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
    throw std::runtime_error(what + ": " + buf);
}

constexpr long day = 24L * 3600L;

struct Issued {
    Key key;
    Cert cert;
};

struct Profile {
    std::vector<std::pair<std::string, std::string>> subject;  // (field, value), in order
    std::vector<std::pair<int, std::string>> extensions;       // (NID, openssl config value)
    long not_before_offset = -day;                             // seconds from now
    long not_after_offset = 3 * 365 * day;
};

Key new_key() {
    Key key(EVP_RSA_gen(2048));
    if (!key) openssl_failed("RSA key generation");
    return key;
}

// Issues a certificate for `profile`; self-signed when `issuer` is null.
Issued issue(const Profile& profile, const Issued* issuer) {
    Issued out{new_key(), Cert(X509_new())};
    X509* cert = out.cert.get();
    X509_set_version(cert, 2);
    unsigned char serial_bytes[16];
    RAND_bytes(serial_bytes, sizeof serial_bytes);
    serial_bytes[0] &= 0x7F;
    const common::BignumPtr serial(BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
    BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert));
    X509_gmtime_adj(X509_getm_notBefore(cert), profile.not_before_offset);
    X509_gmtime_adj(X509_getm_notAfter(cert), profile.not_after_offset);
    X509_NAME* name = X509_get_subject_name(cert);
    for (const auto& [field, value] : profile.subject)
        if (X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0) != 1)
            openssl_failed("subject field " + field);
    X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer->cert.get()) : name);
    X509_set_pubkey(cert, out.key.get());

    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer ? issuer->cert.get() : cert, cert, nullptr, nullptr, 0);
    std::vector<std::pair<int, std::string>> extensions = profile.extensions;
    extensions.emplace_back(NID_subject_key_identifier, "hash");
    extensions.emplace_back(NID_authority_key_identifier, "keyid:always");
    for (const auto& [nid, value] : extensions) {
        const common::X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
        if (!ext) openssl_failed("extension " + value);
        X509_add_ext(cert, ext.get(), -1);
    }
    if (X509_sign(cert, issuer ? issuer->key.get() : out.key.get(), EVP_sha256()) == 0) openssl_failed("signing");
    return out;
}

Profile ca_profile(const std::string& cn) {
    Profile p;
    p.subject = {{"C", "FR"}, {"O", "GUICHET SANDBOX"}, {"OU", "IGC-SANTE TEST (NOT FOR PRODUCTION)"}, {"CN", cn}};
    p.extensions = {{NID_basic_constraints, "critical,CA:TRUE"}, {NID_key_usage, "critical,keyCertSign,cRLSign"}};
    p.not_after_offset = 10 * 365 * day;
    return p;
}

class Writer {
public:
    explicit Writer(std::filesystem::path dir) : dir_(std::move(dir)) {}
    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    void pem(const std::string& name, const std::vector<const Issued*>& chain) const {
        const common::BioPtr bio(BIO_new_file(path(name).c_str(), "w"));
        if (!bio) openssl_failed("cannot write " + path(name));
        for (const Issued* i : chain) PEM_write_bio_X509(bio.get(), i->cert.get());
    }
    // Created 0600 before the key is written into it: never readable by others, whatever the umask.
    void key(const std::string& name, const Issued& issued) const {
        make_private_file(path(name));
        const common::BioPtr bio(BIO_new_file(path(name).c_str(), "w"));
        if (!bio) openssl_failed("cannot write " + path(name));
        PEM_write_bio_PrivateKey(bio.get(), issued.key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    }
    void pkcs12(const std::string& name, const Issued& issued, const std::vector<const Issued*>& cas,
                const std::string& friendly) const {
        const common::X509StackPtr stack(sk_X509_new_null());
        for (const Issued* ca : cas) sk_X509_push(stack.get(), ca->cert.get());
        const common::Pkcs12Ptr p12(PKCS12_create(test_pki_passphrase, friendly.c_str(), issued.key.get(),
                                                  issued.cert.get(), stack.get(), 0, 0, 0, 0, 0));
        if (!p12) openssl_failed("PKCS#12 " + name);
        make_private_file(path(name));
        const common::BioPtr bio(BIO_new_file(path(name).c_str(), "wb"));
        i2d_PKCS12_bio(bio.get(), p12.get());
    }

private:
    std::filesystem::path dir_;
};

Profile professional(const std::string& rpps, const std::string& surname, const std::string& given,
                     const std::string& title) {
    Profile p;
    // CPS-like subject: CN = "8" (RPPS identifier type) + RPPS number, with the name.
    p.subject = {{"C", "FR"},   {"O", "GUICHET SANDBOX"}, {"OU", "CPS TEST"}, {"title", title}, {"SN", surname},
                 {"GN", given}, {"CN", "8" + rpps}};
    p.extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                    {NID_key_usage, "critical,digitalSignature,nonRepudiation"},
                    {NID_ext_key_usage, "clientAuth,emailProtection"}};
    return p;
}

Profile structure(const std::string& cn, const std::string& finess, const std::string& org) {
    Profile p;
    p.subject = {{"C", "FR"}, {"O", org}, {"OU", finess}, {"CN", cn}};
    p.extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                    {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                    {NID_ext_key_usage, "clientAuth"}};
    return p;
}

}  // namespace

void make_test_pki(const std::string& dir_text) {
    const std::filesystem::path dir(dir_text);
    make_private_directory(dir);
    const Writer w(dir);

    const Issued root = issue(ca_profile("TEST AC RACINE IGC-SANTE"), nullptr);
    const Issued personnes = issue(ca_profile("TEST AC IGC-SANTE ELEMENTAIRE PERSONNES"), &root);
    const Issued organisations = issue(ca_profile("TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"), &root);
    const Issued serveurs = issue(ca_profile("TEST AC IGC-SANTE ELEMENTAIRE SERVEURS"), &root);
    const Issued unknown_root = issue(ca_profile("TEST AC INCONNUE"), nullptr);

    w.pem("root-ca.pem", {&root});
    w.pem("personnes-ca.pem", {&personnes});
    w.pem("organisations-ca.pem", {&organisations});
    w.pem("serveurs-ca.pem", {&serveurs});
    w.pem("trust.pem", {&root, &personnes, &organisations, &serveurs});
    w.pem("unknown-ca.pem", {&unknown_root});
    w.pem("client-cas.pem", {&root, &personnes, &organisations});

    Profile server;
    server.subject = {{"C", "FR"}, {"O", "GUICHET SANDBOX"}, {"CN", "localhost"}};
    server.extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                         {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                         {NID_ext_key_usage, "serverAuth"},
                         {NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"}};
    const Issued server_cert = issue(server, &serveurs);
    w.pem("server.pem", {&server_cert, &serveurs});
    w.key("server.key", server_cert);

    const Issued doctor = issue(professional("10100000011", "MEDECIN-TEST", "ISABELLE", "Médecin"), &personnes);
    w.pem("professional.pem", {&doctor, &personnes});
    w.key("professional.key", doctor);
    w.pkcs12("professional.p12", doctor, {&personnes, &root}, "professional");

    Profile expired = professional("10100000029", "EXPIRE", "PAUL", "Médecin");
    expired.not_before_offset = -2 * 365 * day;
    expired.not_after_offset = -365 * day;
    const Issued expired_doctor = issue(expired, &personnes);
    w.pem("professional-expired.pem", {&expired_doctor, &personnes});
    w.key("professional-expired.key", expired_doctor);

    Profile future = professional("10100000037", "FUTUR", "JEANNE", "Sage-femme");
    future.not_before_offset = 365 * day;
    future.not_after_offset = 2 * 365 * day;
    const Issued future_doctor = issue(future, &personnes);
    w.pem("professional-not-yet-valid.pem", {&future_doctor, &personnes});
    w.key("professional-not-yet-valid.key", future_doctor);

    const Issued stranger = issue(professional("10100000045", "INCONNU", "MARC", "Médecin"), &unknown_root);
    w.pem("professional-wrong-ca.pem", {&stranger});
    w.key("professional-wrong-ca.key", stranger);

    const std::string finess = "10B0000001";
    for (const std::string cn : {"INSI-AUTO", "INSI-MANU"}) {
        const Issued org = issue(structure(cn, finess, "CENTRE DE SANTE TEST GUICHET"), &organisations);
        std::string base = "structure-" + cn;
        for (auto& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        w.pem(base + ".pem", {&org, &organisations});
        w.key(base + ".key", org);
        w.pkcs12(base + ".p12", org, {&organisations, &root}, cn);
    }

    const nlohmann::json manifest = {
        {"description", "Guichet test PKI shaped like IGC-Santé's test hierarchy. Test material only."},
        {"pkcs12_passphrase", test_pki_passphrase},
        {"trust_store", w.path("trust.pem")},
        {"server", {{"certificate_chain", w.path("server.pem")}, {"private_key", w.path("server.key")}}},
        {"identities",
         {{"professional",
           {{"pkcs12", w.path("professional.p12")},
            {"certificate", w.path("professional.pem")},
            {"private_key", w.path("professional.key")},
            {"rpps", "10100000011"},
            {"id_nat", "810100000011"}}},
          {"professional-expired",
           {{"certificate", w.path("professional-expired.pem")}, {"private_key", w.path("professional-expired.key")}}},
          {"professional-not-yet-valid",
           {{"certificate", w.path("professional-not-yet-valid.pem")},
            {"private_key", w.path("professional-not-yet-valid.key")}}},
          {"professional-wrong-ca",
           {{"certificate", w.path("professional-wrong-ca.pem")},
            {"private_key", w.path("professional-wrong-ca.key")}}},
          {"structure-insi-auto",
           {{"pkcs12", w.path("structure-insi-auto.p12")},
            {"certificate", w.path("structure-insi-auto.pem")},
            {"private_key", w.path("structure-insi-auto.key")},
            {"finess", finess}}},
          {"structure-insi-manu",
           {{"pkcs12", w.path("structure-insi-manu.p12")},
            {"certificate", w.path("structure-insi-manu.pem")},
            {"private_key", w.path("structure-insi-manu.key")},
            {"finess", finess}}}}}};
    write_private_file(dir / "manifest.json", manifest.dump(2) + "\n");  // holds the PKCS#12 passphrase
}

}  // namespace guichet::sandbox
