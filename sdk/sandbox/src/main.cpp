// guichet-sandbox: starts the simulated teleservices and their admin API; see docs/sandbox.md.
#include <guichet/sandbox/sandbox.hpp>
#include <guichet/sandbox/test_pki.hpp>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>

namespace {

constexpr const char* usage =
    R"(usage: guichet-sandbox [--pki DIR] [--state DIR] [--port N] [--card-port N] [--admin-port N]
                       [--seed N] [--data DIR] [--public-schemas DIR] [--vihf-lifetime S]
                       [--max-request-body BYTES] [--journal-patient-data]

  --pki DIR        test PKI made by `guichet pki make` (made there if DIR has no manifest.json)
  --state DIR      where client.json (a ready session context) and journal.jsonl are written
  --port N         HTTPS port, mutual TLS: every service, INSi's structure endpoint (default 0: any free port)
  --card-port N    HTTPS port, client certificate optional: INSi's card endpoint (default 0)
  --admin-port N   HTTP admin API port on loopback (default 0)
  --seed N         seed of the fault generator (default 1): same seed, same faults
  --data DIR       test data: software.json, identities.json, schemas/ (default: the shipped data)
  --public-schemas DIR  the public specs (e.g. ../shared/specs): request bodies, ContexteLPS and
                   ContexteBAM are validated, and the conformance runner checks faults against them
  --vihf-lifetime S   validity of a VIHF without Conditions after its IssueInstant (default 3600)
  --max-request-body BYTES  larger request bodies are answered 413 (default 20971520: 20 MiB)
  --journal-patient-data   keep patient data in clear in the journal (explicit tests only)
)";

guichet::sandbox::Sandbox* running = nullptr;

void on_signal(int) {
    if (running != nullptr) {
        // Only async-signal-safe work here: a detached thread does the real stopping.
        std::thread([] { running->stop(); }).detach();
    }
}

}  // namespace

int main(int argc, char** argv) {
    guichet::sandbox::SandboxOptions options;
    options.pki_dir = "guichet-sandbox-pki";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
            return argv[++i];
        };
        try {
            if (a == "--help") {
                std::cout << usage;
                return 0;
            } else if (a == "--pki") {
                options.pki_dir = value();
            } else if (a == "--state") {
                options.state_dir = value();
            } else if (a == "--port") {
                options.port = static_cast<uint16_t>(std::stoul(value()));
            } else if (a == "--card-port") {
                options.card_port = static_cast<uint16_t>(std::stoul(value()));
            } else if (a == "--vihf-lifetime") {
                options.vihf_lifetime_seconds = std::stoll(value());
            } else if (a == "--max-request-body") {
                options.max_request_body = std::stoull(value());
            } else if (a == "--admin-port") {
                options.admin_port = static_cast<uint16_t>(std::stoul(value()));
            } else if (a == "--public-schemas") {
                options.public_schemas_dir = value();
            } else if (a == "--data") {
                options.data_dir = value();
            } else if (a == "--seed") {
                options.seed = std::stoull(value());
            } else if (a == "--journal-patient-data") {
                options.journal_patient_data = true;
            } else {
                throw std::invalid_argument("unknown option " + a);
            }
        } catch (const std::exception& e) {
            std::cerr << "guichet-sandbox: " << e.what() << "\n" << usage;
            return 2;
        }
    }
    try {
        if (!std::filesystem::exists(std::filesystem::path(options.pki_dir) / "manifest.json"))
            guichet::sandbox::make_test_pki(options.pki_dir);
        guichet::sandbox::Sandbox sandbox(options);
        running = &sandbox;
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
        std::cout << "guichet-sandbox: services " << sandbox.services_url() << ", card mode " << sandbox.card_url()
                  << ", admin " << sandbox.admin_url()
                  << (options.state_dir.empty() ? "" : ", client config " + options.state_dir + "/client.json")
                  << (options.journal_patient_data ? " (journal keeps patient data in clear)" : "") << std::endl;
        sandbox.wait();
        running = nullptr;
        sandbox.stop();
    } catch (const std::exception& e) {
        std::cerr << "guichet-sandbox: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
