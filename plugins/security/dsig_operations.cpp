#include "dsig_operations.hpp"

#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_dsig.hpp>
#include <guichet/toolkit/xml_load.hpp>

#include <sstream>

namespace guichet::security {

namespace tk = guichet::toolkit;

namespace {

pugi::xml_document parse_field(const tk::Call& call, const std::string& pointer) {
    pugi::xml_document doc;
    if (const auto problem = tk::load_xml(doc, call.request().string(pointer)))
        throw tk::invalid_field(pointer, "is not well-formed XML: " + *problem);
    return doc;
}

std::string problem_name(tk::SignatureProblem p) {
    switch (p) {
        case tk::SignatureProblem::none:
            return "none";
        case tk::SignatureProblem::malformed:
            return "malformed";
        case tk::SignatureProblem::reference_not_found:
            return "reference_not_found";
        case tk::SignatureProblem::digest_mismatch:
            return "digest_mismatch";
        case tk::SignatureProblem::bad_signature:
            return "bad_signature";
        case tk::SignatureProblem::certificate_expired:
            return "certificate_expired";
        case tk::SignatureProblem::certificate_not_yet_valid:
            return "certificate_not_yet_valid";
        case tk::SignatureProblem::untrusted:
            return "untrusted";
        case tk::SignatureProblem::wrapping:
            return "wrapping";
    }
    return "unknown";
}

// Where an element is, as an XPath a reader can follow: /soap:Envelope/soap:Header/saml2:Assertion[1].
// Walks up, not down: no recursion, whatever the depth.
std::string element_path(pugi::xml_node element) {
    std::string path;
    for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent()) {
        int position = 1;
        for (pugi::xml_node s = n.previous_sibling(n.name()); s; s = s.previous_sibling(n.name())) ++position;
        path = "/" + std::string(n.name()) + "[" + std::to_string(position) + "]" + path;
    }
    return path;
}

// The node the verdict says was signed, and nothing else: a caller that reads the answer's
// signed_xml cannot be handed a forged element beside the genuine one (signature wrapping).
tk::Json signed_element(const tk::SignatureVerdict& v) {
    if (!v.valid || !v.signed_element) return nullptr;
    return {{"name", v.signed_element.name()},
            {"path", element_path(v.signed_element)},
            {"xml", tk::standalone_xml(v.signed_element)}};
}

}  // namespace

tk::SignFunction host_signer(const tk::Call& call) {
    const tk::Signer signer = call.host().signer();
    return [signer](const std::string& data) { return signer.sign(GUICHET_SIGN_RSA_PKCS1_SHA256, data); };
}

tk::Json sign_document(tk::Call& call) {
    pugi::xml_document doc = parse_field(call, "/document");
    tk::SignRequest request;
    request.element = tk::document_element(doc);
    request.id_attribute = call.request().optional_string("/id_attribute").value_or("ID");
    if (request.element.attribute(request.id_attribute.c_str()).empty())
        throw tk::invalid_field("/document",
                                "the root element has no " + request.id_attribute + " attribute to reference");
    request.certificates = call.host().signer().certificate_chain();
    // SAML puts the signature right after the Issuer; elsewhere it opens the element.
    for (pugi::xml_node child : request.element.children())
        if (child.type() == pugi::node_element && tk::local_name(child.name()) == "Issuer")
            request.insert_after = child;
    tk::sign_enveloped(request, host_signer(call));
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return {{"document", out.str()}};
}

tk::Json verify_document(tk::Call& call) {
    const pugi::xml_document doc = parse_field(call, "/document");
    tk::VerifyOptions options;
    options.check_chain = !call.request().optional_boolean("/signature_only").value_or(false);
    if (options.check_chain) options.trusted_pem = call.request().string("/trusted_pem");
    options.at_unix_seconds = call.host().clock().wall_ns() / 1'000'000'000;
    const auto verdicts = tk::verify_signatures(doc, options);
    tk::Json signatures = tk::Json::array();
    bool all_valid = !verdicts.empty();
    for (const auto& v : verdicts) {
        all_valid = all_valid && v.valid;
        signatures.push_back({{"valid", v.valid},
                              {"problem", problem_name(v.problem)},
                              {"detail", v.detail},
                              {"signer", v.signer_subject},
                              {"reference", v.reference},
                              {"chain_checked", v.chain_checked},
                              {"signed_element", signed_element(v)}});
    }
    return {{"valid", all_valid}, {"chain_checked", options.check_chain}, {"signatures", signatures}};
}

}  // namespace guichet::security
