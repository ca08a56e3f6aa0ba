#include <guichet/common/openssl_ptr.hpp>
#include <guichet/toolkit/crypto.hpp>
#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_dsig.hpp>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cstring>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace guichet::toolkit {

namespace {

bool is_dsig(pugi::xml_node node, const char* local) {
    return node.type() == pugi::node_element && local_name(node.name()) == local &&
           namespace_uri(node, name_prefix(node.name())) == dsig_namespace;
}

pugi::xml_node dsig_child(pugi::xml_node parent, const char* local) {
    for (pugi::xml_node c : parent.children())
        if (is_dsig(c, local)) return c;
    return {};
}

std::set<std::string> prefix_list(pugi::xml_node algorithm_holder) {
    std::set<std::string> prefixes;
    for (pugi::xml_node c : algorithm_holder.children()) {
        if (c.type() != pugi::node_element || local_name(c.name()) != "InclusiveNamespaces") continue;
        std::istringstream words(c.attribute("PrefixList").value());
        for (std::string w; words >> w;) prefixes.insert(w);
    }
    return prefixes;
}

void add_prefix_list(pugi::xml_node holder, const std::set<std::string>& prefixes) {
    if (prefixes.empty()) return;
    std::string list;
    for (const auto& p : prefixes) list += (list.empty() ? "" : " ") + p;
    pugi::xml_node inclusive = holder.append_child("ec:InclusiveNamespaces");
    inclusive.append_attribute("xmlns:ec") = exc_c14n_algorithm;
    inclusive.append_attribute("PrefixList") = list.c_str();
}

// Every element whose id attribute equals `id`; more than one is an attack (signature wrapping).
// Every element under `node` (itself included) carrying `id` in one of the id attributes.
// pugixml's traverse() walks without recursion: no stack to exhaust, whatever the nesting.
class IdFinder : public pugi::xml_tree_walker {
public:
    IdFinder(const std::string& id, const std::vector<std::string>& names, std::vector<pugi::xml_node>& found)
        : id_(id), names_(names), found_(found) {}
    bool for_each(pugi::xml_node& n) override {
        if (carries_id(n)) found_.push_back(n);
        return true;
    }
    bool carries_id(pugi::xml_node n) const {
        if (n.type() != pugi::node_element) return false;
        for (const auto& name : names_)
            if (pugi::xml_attribute a = n.attribute(name.c_str()); a && id_ == a.value()) return true;
        return false;
    }

private:
    const std::string& id_;
    const std::vector<std::string>& names_;
    std::vector<pugi::xml_node>& found_;
};

void find_by_id(pugi::xml_node node, const std::string& id, const std::vector<std::string>& names,
                std::vector<pugi::xml_node>& found) {
    IdFinder finder(id, names, found);
    if (finder.carries_id(node)) found.push_back(node);
    node.traverse(finder);
}

SignatureVerdict problem(SignatureProblem p, std::string detail, SignatureVerdict v = {}) {
    v.valid = false;
    v.signed_element = {};
    v.problem = p;
    v.detail = std::move(detail);
    return v;
}

common::X509Ptr parse_der(const std::vector<uint8_t>& der) {
    const unsigned char* p = der.data();
    return common::X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

}  // namespace

void sign_enveloped(const SignRequest& request, const SignFunction& sign) {
    pugi::xml_node element = request.element;
    const std::string id = element.attribute(request.id_attribute.c_str()).value();
    if (id.empty()) throw std::runtime_error("the element to sign has no " + request.id_attribute + " attribute");
    if (request.certificates.empty()) throw std::runtime_error("no certificate to put in KeyInfo");

    pugi::xml_node signature = request.insert_after ? element.insert_child_after("ds:Signature", request.insert_after)
                                                    : element.prepend_child("ds:Signature");
    signature.append_attribute("xmlns:ds") = dsig_namespace;
    pugi::xml_node signed_info = signature.append_child("ds:SignedInfo");
    pugi::xml_node c14n_method = signed_info.append_child("ds:CanonicalizationMethod");
    c14n_method.append_attribute("Algorithm") = exc_c14n_algorithm;
    add_prefix_list(c14n_method, request.inclusive_prefixes);
    signed_info.append_child("ds:SignatureMethod").append_attribute("Algorithm") = rsa_sha256_algorithm;
    pugi::xml_node reference = signed_info.append_child("ds:Reference");
    reference.append_attribute("URI") = ("#" + id).c_str();
    pugi::xml_node transforms = reference.append_child("ds:Transforms");
    transforms.append_child("ds:Transform").append_attribute("Algorithm") = enveloped_algorithm;
    pugi::xml_node exc = transforms.append_child("ds:Transform");
    exc.append_attribute("Algorithm") = exc_c14n_algorithm;
    add_prefix_list(exc, request.inclusive_prefixes);
    reference.append_child("ds:DigestMethod").append_attribute("Algorithm") = sha256_algorithm;
    pugi::xml_node digest_value = reference.append_child("ds:DigestValue");
    pugi::xml_node signature_value = signature.append_child("ds:SignatureValue");
    signature.append_child("ds:KeyInfo")
        .append_child("ds:X509Data")
        .append_child("ds:X509Certificate")
        .text()
        .set(base64_encode(request.certificates.front()).c_str());

    C14nOptions content;
    content.excluded = signature;
    content.inclusive_prefixes = request.inclusive_prefixes;
    digest_value.text().set(base64_encode(sha256(exclusive_c14n(element, content))).c_str());

    C14nOptions info;
    info.inclusive_prefixes = request.inclusive_prefixes;
    signature_value.text().set(base64_encode(sign(exclusive_c14n(signed_info, info))).c_str());
}

namespace {

// The steps of verify_signature, in order. Each returns the verdict that stops verification, or
// nothing to go on; `verdict` gathers what the steps learnt (reference, signer) for the caller.
using Stop = std::optional<SignatureVerdict>;

struct SignatureParts {
    pugi::xml_node signed_info;
    pugi::xml_node c14n_method;
    pugi::xml_node signature_value;
};

// Finds the parts of the ds:Signature and accepts only the algorithms we produce: an allowlist,
// as xmlsec keeps, so no weaker digest or transform can be slipped in.
Stop find_signature(pugi::xml_node signature, SignatureParts& parts) {
    if (!is_dsig(signature, "Signature")) return problem(SignatureProblem::malformed, "not a ds:Signature element");
    parts.signed_info = dsig_child(signature, "SignedInfo");
    parts.c14n_method = dsig_child(parts.signed_info, "CanonicalizationMethod");
    const pugi::xml_node signature_method = dsig_child(parts.signed_info, "SignatureMethod");
    parts.signature_value = dsig_child(signature, "SignatureValue");
    if (!parts.signed_info || !parts.c14n_method || !signature_method || !parts.signature_value)
        return problem(SignatureProblem::malformed, "ds:Signature lacks SignedInfo, its methods, or SignatureValue");
    if (std::strcmp(parts.c14n_method.attribute("Algorithm").value(), exc_c14n_algorithm) != 0)
        return problem(SignatureProblem::malformed,
                       std::string("unsupported canonicalization ") + parts.c14n_method.attribute("Algorithm").value());
    if (std::strcmp(signature_method.attribute("Algorithm").value(), rsa_sha256_algorithm) != 0)
        return problem(SignatureProblem::malformed,
                       std::string("unsupported signature method ") + signature_method.attribute("Algorithm").value());
    return std::nullopt;
}

// The element a same-document reference names. An id found twice is refused: that is how
// signature wrapping hides a forged element beside the signed one.
Stop resolve_reference(pugi::xml_node signature, const std::string& uri, const VerifyOptions& options,
                       const SignatureVerdict& verdict, pugi::xml_node& target) {
    if (uri.empty()) {
        target = document_element(signature);
    } else if (uri[0] == '#') {
        std::vector<pugi::xml_node> matches;
        find_by_id(document_element(signature), uri.substr(1), options.id_attributes, matches);
        if (matches.size() > 1)
            return problem(SignatureProblem::malformed,
                           "id '" + uri.substr(1) + "' appears " + std::to_string(matches.size()) + " times", verdict);
        if (!matches.empty()) target = matches.front();
    } else {
        return problem(SignatureProblem::malformed, "only same-document references are supported: " + uri, verdict);
    }
    if (!target) return problem(SignatureProblem::reference_not_found, "no element with id " + uri, verdict);
    return std::nullopt;
}

// How the reference's content was canonicalized: enveloped and exc-c14n only, exc-c14n required.
Stop reference_c14n(pugi::xml_node signature, pugi::xml_node reference, const std::string& uri,
                    const SignatureVerdict& verdict, C14nOptions& c14n) {
    bool canonical = false;
    for (pugi::xml_node t : dsig_child(reference, "Transforms").children()) {
        if (!is_dsig(t, "Transform")) continue;
        const std::string algorithm = t.attribute("Algorithm").value();
        if (algorithm == enveloped_algorithm) {
            c14n.excluded = signature;
        } else if (algorithm == exc_c14n_algorithm) {
            c14n.inclusive_prefixes = prefix_list(t);
            canonical = true;
        } else {
            return problem(SignatureProblem::malformed, "unsupported transform " + algorithm, verdict);
        }
    }
    if (!canonical)
        return problem(SignatureProblem::malformed, "reference " + uri + " is not exclusively canonicalized", verdict);
    return std::nullopt;
}

// Where the signed element may be. Enveloped: the element the ds:Signature is a child of, as
// sign_enveloped makes it and SAML requires (saml-core 5.4.2). A reference to any other element
// is how signature wrapping works: the signature is moved into a forged element, or left beside
// one, while the genuine element it names hides elsewhere; the caller would read the forged one.
// Detached (no enveloped transform): only when the caller asked for it.
Stop check_placement(pugi::xml_node signature, pugi::xml_node target, bool enveloped, const std::string& uri,
                     const VerifyOptions& options, const SignatureVerdict& verdict) {
    if (enveloped && target != signature.parent())
        return problem(SignatureProblem::wrapping,
                       "enveloped signature references " + uri + ", which is not the element it sits in (<" +
                           signature.parent().name() + ">): signature wrapping",
                       verdict);
    if (!enveloped && !options.allow_detached)
        return problem(
            SignatureProblem::wrapping,
            "reference " + uri + " is not enveloped: a detached signature is refused unless asked for (wrapping)",
            verdict);
    return std::nullopt;
}

// One ds:Reference: its target found where it may be, canonicalized as it says, and digested to
// its DigestValue. `target` is the element signed.
Stop check_reference(pugi::xml_node signature, pugi::xml_node reference, const VerifyOptions& options,
                     SignatureVerdict& verdict, pugi::xml_node& target) {
    const std::string uri = reference.attribute("URI").value();
    verdict.reference = uri;
    if (Stop stop = resolve_reference(signature, uri, options, verdict, target)) return stop;
    C14nOptions c14n;
    if (Stop stop = reference_c14n(signature, reference, uri, verdict, c14n)) return stop;
    const bool enveloped = c14n.excluded == signature;
    if (Stop stop = check_placement(signature, target, enveloped, uri, options, verdict)) return stop;
    const pugi::xml_node digest_method = dsig_child(reference, "DigestMethod");
    if (std::strcmp(digest_method.attribute("Algorithm").value(), sha256_algorithm) != 0)
        return problem(SignatureProblem::malformed,
                       std::string("unsupported digest ") + digest_method.attribute("Algorithm").value(), verdict);
    const auto expected = base64_decode(dsig_child(reference, "DigestValue").text().get());
    if (sha256(exclusive_c14n(target, c14n)) != expected)
        return problem(SignatureProblem::digest_mismatch, "the content signed under " + uri + " was modified", verdict);
    return std::nullopt;
}

// Exactly one Reference, as SAML requires: with several, which element "was signed" would be
// the caller's guess, and a guess is what wrapping exploits.
Stop check_references(pugi::xml_node signature, pugi::xml_node signed_info, const VerifyOptions& options,
                      SignatureVerdict& verdict, pugi::xml_node& target) {
    std::vector<pugi::xml_node> references;
    for (pugi::xml_node reference : signed_info.children())
        if (is_dsig(reference, "Reference")) references.push_back(reference);
    if (references.empty()) return problem(SignatureProblem::malformed, "SignedInfo has no Reference");
    if (references.size() > 1)
        return problem(SignatureProblem::malformed,
                       "SignedInfo has " + std::to_string(references.size()) + " references, one is accepted");
    return check_reference(signature, references.front(), options, verdict, target);
}

// The certificates of KeyInfo, leaf first (the signer's subject goes in the verdict).
Stop read_certificates(pugi::xml_node signature, SignatureVerdict& verdict,
                       std::vector<common::X509Ptr>& certificates) {
    std::vector<uint8_t> leaf_der;
    const pugi::xml_node x509_data = dsig_child(dsig_child(signature, "KeyInfo"), "X509Data");
    for (pugi::xml_node c : x509_data.children())
        if (is_dsig(c, "X509Certificate")) {
            const auto der = base64_decode(c.text().get());
            if (leaf_der.empty()) leaf_der = der;
            certificates.push_back(parse_der(der));
            if (!certificates.back())
                return problem(SignatureProblem::malformed, "unreadable X509Certificate", verdict);
        }
    if (certificates.empty())
        return problem(SignatureProblem::malformed, "KeyInfo carries no X509Certificate", verdict);
    verdict.signer_subject = certificate_subject(leaf_der);
    return std::nullopt;
}

// The SignatureValue over the canonical SignedInfo, with the leaf's public key.
Stop check_signature_value(const SignatureParts& parts, X509* leaf, const SignatureVerdict& verdict) {
    C14nOptions info;
    info.inclusive_prefixes = prefix_list(parts.c14n_method);
    const std::string canonical_info = exclusive_c14n(parts.signed_info, info);
    const auto value = base64_decode(parts.signature_value.text().get());
    const common::EvpMdCtxPtr md(EVP_MD_CTX_new());
    const bool signature_ok =
        EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, X509_get0_pubkey(leaf)) == 1 &&
        EVP_DigestVerify(md.get(), value.data(), value.size(),
                         reinterpret_cast<const unsigned char*>(canonical_info.data()), canonical_info.size()) == 1;
    ERR_clear_error();
    if (!signature_ok)
        return problem(SignatureProblem::bad_signature, "the signature value does not match SignedInfo", verdict);
    return std::nullopt;
}

// The leaf up to a trusted CA (the other KeyInfo certificates as intermediates), at the time
// asked: an expired or not yet valid signer is told apart from an untrusted one.
Stop check_chain(const std::vector<common::X509Ptr>& certificates, const VerifyOptions& options,
                 SignatureVerdict& verdict) {
    verdict.chain_checked = true;
    const common::X509StorePtr store(X509_STORE_new());
    const common::BioPtr bio(BIO_new_mem_buf(options.trusted_pem.data(), static_cast<int>(options.trusted_pem.size())));
    int trusted = 0;
    while (X509* ca = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        X509_STORE_add_cert(store.get(), ca);
        X509_free(ca);  // the store keeps its own reference
        ++trusted;
    }
    ERR_clear_error();
    if (trusted == 0) return problem(SignatureProblem::untrusted, "no trusted certificate given", verdict);
    const common::X509StackPtr untrusted(sk_X509_new_null());
    for (size_t i = 1; i < certificates.size(); ++i) sk_X509_push(untrusted.get(), certificates[i].get());
    const common::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
    X509_STORE_CTX_init(ctx.get(), store.get(), certificates.front().get(), untrusted.get());
    if (options.at_unix_seconds != 0)
        X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), static_cast<time_t>(options.at_unix_seconds));
    if (X509_verify_cert(ctx.get()) == 1) return std::nullopt;
    const int err = X509_STORE_CTX_get_error(ctx.get());
    const std::string why = X509_verify_cert_error_string(err);
    ERR_clear_error();
    if (err == X509_V_ERR_CERT_HAS_EXPIRED)
        return problem(SignatureProblem::certificate_expired, "signer certificate expired: " + why, verdict);
    if (err == X509_V_ERR_CERT_NOT_YET_VALID)
        return problem(SignatureProblem::certificate_not_yet_valid, "signer certificate not yet valid: " + why,
                       verdict);
    return problem(SignatureProblem::untrusted, "signer certificate not trusted: " + why, verdict);
}

}  // namespace

SignatureVerdict verify_signature(pugi::xml_node signature, const VerifyOptions& options) {
    SignatureParts parts;
    if (Stop stop = find_signature(signature, parts)) return *stop;
    SignatureVerdict verdict;
    pugi::xml_node signed_element;
    try {
        if (Stop stop = check_references(signature, parts.signed_info, options, verdict, signed_element)) return *stop;
        std::vector<common::X509Ptr> certificates;
        if (Stop stop = read_certificates(signature, verdict, certificates)) return *stop;
        if (Stop stop = check_signature_value(parts, certificates.front().get(), verdict)) return *stop;
        if (options.check_chain)
            if (Stop stop = check_chain(certificates, options, verdict)) return *stop;
    } catch (const std::exception& e) {  // malformed Base64 or XML met on the way
        return problem(SignatureProblem::malformed, e.what(), verdict);
    }
    verdict.valid = true;
    verdict.signed_element = signed_element;  // only now: a refused signature names no signed node
    verdict.detail = options.check_chain ? "signature and certificate chain valid"
                                         : "digests and signature value valid (certificate chain not checked)";
    return verdict;
}

std::vector<SignatureVerdict> verify_signatures(const pugi::xml_document& document, const VerifyOptions& options) {
    std::vector<pugi::xml_node> signatures;
    struct Collector : pugi::xml_tree_walker {
        std::vector<pugi::xml_node>* out;
        bool for_each(pugi::xml_node& node) override {
            if (local_name(node.name()) == "Signature" && node.type() == pugi::node_element &&
                namespace_uri(node, name_prefix(node.name())) == dsig_namespace)
                out->push_back(node);
            return true;
        }
    } collector;
    collector.out = &signatures;
    const_cast<pugi::xml_document&>(document).traverse(collector);
    std::vector<SignatureVerdict> verdicts;
    for (pugi::xml_node s : signatures) verdicts.push_back(verify_signature(s, options));
    return verdicts;
}

}  // namespace guichet::toolkit
