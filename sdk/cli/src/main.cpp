// guichet: the reference host as a program.
#include "options.hpp"
#include "verbs.hpp"

#include <guichet/runtime.h>

#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr const char* usage = R"(usage: guichet <command> [arguments] [--help]

commands:
  plugins list|info|check   what the plugin directories provide; check one plugin file
  call <service> <op>       call an operation through the reference host
  pki make <dir>            write a test PKI shaped like IGC-Santé's test hierarchy
  sandbox start|stop|...    run the local HTTPS simulator of the teleservices
  conform --plugin P        run conformance scenarios against a plugin, in its own sandbox
  outbox list|show|run...   the submissions kept until the services have them
  vihf build                print the session's signed VIHF
  dsig sign|verify <file>   sign a document, or verify every signature in it
  version                   versions of the CLI and of the ABI

Every command takes --help. Exit codes are listed in docs/cli.md.
)";

int run(std::vector<std::string> args) {
    if (args.empty() || args[0] == "--help" || args[0] == "help" || args[0] == "-h") {
        std::cout << usage;
        return args.empty() ? guichet::cli::exit_usage : guichet::cli::exit_ok;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (command == "plugins") return guichet::cli::plugins_verb(args);
    if (command == "call") return guichet::cli::call_verb(args);
    if (command == "pki") return guichet::cli::pki_verb(args);
    if (command == "sandbox") return guichet::cli::sandbox_verb(args);
    if (command == "conform") return guichet::cli::conform_verb(args);
    if (command == "outbox") return guichet::cli::outbox_verb(args);
    if (command == "vihf" || command == "dsig") return guichet::cli::security_verb(command, args);
    if (command == "version") {
        const guichet_version abi = guichet_abi_version();
        std::cout << "guichet 0.1.0, ABI " << abi.major << "." << abi.minor << "." << abi.patch << "\n";
        return guichet::cli::exit_ok;
    }
    std::cerr << "error: unknown command '" << command << "'\n" << usage;
    return guichet::cli::exit_usage;
}

}  // namespace

// The last line of defence: whatever a verb throws on text from outside (JSON that is not
// UTF-8, a file that is not what it says) ends as an error message and the exit code of a
// failed call, not an abort.
int main(int argc, char** argv) {
    try {
        return run(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
    } catch (...) {
        std::cerr << "error: unknown internal error\n";
    }
    return guichet::cli::exit_call_failed;
}
