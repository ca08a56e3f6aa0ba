// guichet pki make <dir>
#include "options.hpp"

#include <guichet/sandbox/test_pki.hpp>

using guichet::sandbox::make_test_pki;
#include "verbs.hpp"

#include <iostream>

namespace guichet::cli {

namespace {
constexpr const char* usage = R"(usage: guichet pki make <dir>

  Writes a test PKI shaped like IGC-Santé's test hierarchy into <dir>: a root and the
  "personnes", "organisations" and "serveurs" CAs; a professional (CPS-like) certificate with its
  RPPS in the subject; INSI-AUTO and INSI-MANU structure certificates (PEM and PKCS#12,
  passphrase "guichet-test"); the sandbox's TLS certificate for localhost/127.0.0.1; expired,
  not-yet-valid and wrong-CA variants; trust.pem; manifest.json describing it all.
  Test material only: never use it outside tests, never commit the keys.
)";
}  // namespace

int pki_verb(const std::vector<std::string>& args) {
    const Options options(args, {"help"});
    if (options.flag("help")) {
        std::cout << usage;
        return exit_ok;
    }
    if (options.positional().size() != 2 || options.positional()[0] != "make") {
        std::cerr << usage;
        return exit_usage;
    }
    try {
        make_test_pki(options.positional()[1]);
    } catch (const std::exception& e) {
        std::cerr << "error: cannot make the test PKI: " << e.what() << "\n";
        return exit_io;
    }
    std::cout << "test PKI written to " << options.positional()[1] << " (see manifest.json)\n";
    return exit_ok;
}

}  // namespace guichet::cli
