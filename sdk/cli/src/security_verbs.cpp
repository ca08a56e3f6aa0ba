// guichet vihf build | dsig sign | dsig verify: the security plugin (vihf/1, dsig/1) driven
// through the runtime, so signing uses the session's identity (file, PKCS#12 or card).
#include "host_setup.hpp"
#include "json_output.hpp"
#include "verbs.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace guichet::cli {

namespace {

constexpr const char* vihf_usage = R"(usage: guichet vihf build --session FILE [--patient-ins INS [--patient-oid OID]
                          [--identity-status QUAL]] [--purpose normal|break_glass|emergency_center]
                          [--validity SECONDS] [--plugins DIR]...

  Prints the session's VIHF (SAML 2.0 assertion), signed with the session's signing identity.
  The session gives the authentication mode, professional and structure (docs/sessions.md).
  An INS is only put in the VIHF of a qualified identity (--identity-status QUAL).
)";

constexpr const char* dsig_usage = R"(usage: guichet dsig sign <file> --session FILE [--id-attribute ID]
       guichet dsig verify <file> (--trust CA.pem | --signature-only)

  sign    signs the root element of <file> (enveloped, exclusive C14N, RSA-SHA256) with the
          session's signing identity and prints the signed document
  verify  checks every signature of <file>: digests, signature value, and the signer's
          certificate chain against --trust. --signature-only skips the chain (for recorded
          real messages whose CA is not at hand) and says so. Exit 0 only when all are valid.
)";

int vihf(const std::vector<std::string>& args) {
    const Options options(args, {"help", "verbose"});
    if (options.flag("help")) {
        std::cout << vihf_usage;
        return exit_ok;
    }
    if (!options.error().empty() || options.positional() != std::vector<std::string>{"build"} ||
        !options.value("session")) {
        std::cerr << vihf_usage;
        return exit_usage;
    }
    nlohmann::json request = nlohmann::json::object();
    if (const auto ins = options.value("patient-ins")) {
        request["patient"] = {{"ins", *ins}, {"identity_status", options.value("identity-status").value_or("")}};
        if (const auto oid = options.value("patient-oid")) request["patient"]["oid"] = *oid;
    }
    if (const auto purpose = options.value("purpose")) request["purpose"] = *purpose;
    if (const auto validity = options.value("validity")) {
        try {
            request["validity_seconds"] = std::stoll(*validity);
        } catch (const std::exception&) {
            std::cerr << "error: --validity needs a number of seconds\n";
            return exit_usage;
        }
    }
    std::string session;
    if (!read_session(options, session)) return exit_io;
    const auto outcome = call_once(options, "vihf/1", "build", json_text(request, -1), session, 30'000);
    if (!outcome) return exit_call_failed;
    if (outcome->failed()) {
        print_error("vihf build", *outcome);
        return exit_code_of(*outcome);
    }
    std::cout << nlohmann::json::parse(outcome->json)["assertion"].get<std::string>() << "\n";
    return exit_ok;
}

int dsig(const std::vector<std::string>& args) {
    const Options options(args, {"help", "signature-only", "verbose"});
    if (options.flag("help")) {
        std::cout << dsig_usage;
        return exit_ok;
    }
    const auto& words = options.positional();
    if (!options.error().empty() || words.size() != 2 || (words[0] != "sign" && words[0] != "verify")) {
        std::cerr << dsig_usage;
        return exit_usage;
    }
    std::string document;
    if (!read_input(words[1], document)) {
        std::cerr << "error: cannot read '" << words[1] << "'\n";
        return exit_io;
    }
    // The document travels to dsig/1 as a JSON string, which holds UTF-8 only: a Latin-1 file's
    // accented letters would become U+FFFD, and another document than the file be signed or
    // verified. Refused instead, saying what to do.
    if (!is_utf8(document)) {
        std::cerr << "error: '" << words[1] << "' is not UTF-8 text; dsig " << words[0]
                  << " takes UTF-8 documents (convert it first, e.g. iconv -f ISO-8859-1 -t UTF-8)\n";
        return exit_io;
    }
    if (words[0] == "sign") {
        std::string session;
        if (!options.value("session")) {
            std::cerr << "error: dsig sign needs --session (it names the signing identity)\n";
            return exit_usage;
        }
        if (!read_session(options, session)) return exit_io;
        const nlohmann::json request{{"document", document},
                                     {"id_attribute", options.value("id-attribute").value_or("ID")}};
        const auto outcome = call_once(options, "dsig/1", "sign", json_text(request, -1), session, 30'000);
        if (!outcome) return exit_call_failed;
        if (outcome->failed()) {
            print_error("dsig sign", *outcome);
            return exit_code_of(*outcome);
        }
        std::cout << nlohmann::json::parse(outcome->json)["document"].get<std::string>() << "\n";
        return exit_ok;
    }

    nlohmann::json request{{"document", document}, {"signature_only", options.flag("signature-only")}};
    if (!options.flag("signature-only")) {
        const auto trust = options.value("trust");
        std::string pem;
        if (!trust) {
            std::cerr << "error: dsig verify needs --trust CA.pem, or --signature-only to skip the chain\n";
            return exit_usage;
        }
        if (!read_input(*trust, pem)) {
            std::cerr << "error: cannot read '" << *trust << "'\n";
            return exit_io;
        }
        request["trusted_pem"] = pem;
    }
    const auto outcome = call_once(options, "dsig/1", "verify", json_text(request, -1), "{}", 30'000);
    if (!outcome) return exit_call_failed;
    if (outcome->failed()) {
        print_error("dsig verify", *outcome);
        return exit_code_of(*outcome);
    }
    const auto verdict = nlohmann::json::parse(outcome->json);
    if (verdict["signatures"].empty()) std::cout << "no signature found\n";
    // A valid line names the element that was signed (its path): that element, not another of
    // the same name elsewhere in the file, is what the signature vouches for.
    for (const auto& s : verdict["signatures"]) {
        if (s["valid"].get<bool>())
            std::cout << "valid    " << s["reference"].get<std::string>() << "  "
                      << s["signed_element"]["path"].get<std::string>() << "  " << s["signer"].get<std::string>()
                      << "\n";
        else
            std::cout << "INVALID  " << s["reference"].get<std::string>() << "  " << s["problem"].get<std::string>()
                      << ": " << s["detail"].get<std::string>() << "\n";
    }
    if (options.flag("signature-only"))
        std::cout
            << "note: certificate chains were NOT checked (--signature-only): digests and signature values only\n";
    return verdict["valid"].get<bool>() ? exit_ok : exit_call_failed;
}

}  // namespace

int security_verb(const std::string& command, const std::vector<std::string>& args) {
    return command == "vihf" ? vihf(args) : dsig(args);
}

}  // namespace guichet::cli
