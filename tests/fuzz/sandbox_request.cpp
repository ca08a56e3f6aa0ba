// A request body reaching the sandbox, without sockets. The first byte picks the endpoint (which
// service, which listener, which client certificate); the rest is the body. Each input goes
//  1. through Sandbox::Impl::route, as the HTTP server hands it over: the service's handler (the
//     SOAP pipeline with the wall clock, then the simulated service's answer), the journal;
//  2. through accept_soap alone, with the service's rules, at the time the seeds were signed and
//     with their trust anchors, so a mutated seed with a genuine VIHF reaches every check.
// A handler that throws is a finding: route() turns it into a 500 "sandbox error", which a test
// service must never answer to a request, however odd.
#include "fuzz_support.hpp"
#include "sandbox_impl.hpp"
#include "soap_pipeline.hpp"

#include <guichet/contracts/adri.hpp>
#include <guichet/contracts/insi.hpp>
#include <guichet/contracts/soap_echo.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

namespace fs = std::filesystem;
namespace sb = guichet::sandbox;
namespace contracts = guichet::contracts;

namespace {

// A professional's certificate as the card listener may see one, and INSi's structure certificate.
constexpr const char* professional_subject = "CN=899700218896,OU=Medecin,O=CABINET TEST,C=FR";
constexpr const char* structure_subject = "CN=INSI-AUTO,OU=499700000001,O=STRUCTURE TEST,C=FR";

struct Endpoint {
    const char* path;
    const char* listener;
    const char* client_subject;
    const char* content_type;
    std::optional<sb::SoapServiceRules> rules;  ///< as the service declares them; none: not SOAP
};

sb::SoapServiceRules insi_rules() {
    sb::SoapServiceRules r;
    r.actions = {{contracts::insi::search_by_traits_action, "search_by_traits"},
                 {contracts::insi::search_by_vitale_action, "search_by_vitale"}};
    r.context_bam_required = true;
    r.structure_certificate_replaces_vihf = true;
    r.structure_common_names = {contracts::insi::structure_cn_auto, contracts::insi::structure_cn_manual};
    return r;
}

sb::SoapServiceRules adri_rules() {
    sb::SoapServiceRules r;
    r.actions = {{contracts::adri::rights_action, "get_rights"}};
    r.context_bam_required = true;
    return r;
}

sb::SoapServiceRules soap_echo_rules() {
    sb::SoapServiceRules r;
    r.actions = {{contracts::soap_echo::echo_action, "echo"}};
    return r;
}

// Indexed by the input's first byte: keep the order, the seeds depend on it.
const std::vector<Endpoint>& endpoints() {
    constexpr const char* soap = "application/soap+xml; charset=utf-8";
    static const std::vector<Endpoint> all{
        {"/insi", sb::card_listener, professional_subject, soap, insi_rules()},
        {"/insi", sb::mutual_tls_listener, structure_subject, soap, insi_rules()},
        {"/adri", sb::mutual_tls_listener, professional_subject, soap, adri_rules()},
        {"/soap/echo", sb::mutual_tls_listener, professional_subject, soap, soap_echo_rules()},
        {"/echo", sb::mutual_tls_listener, professional_subject, "application/json", std::nullopt},
    };
    return all;
}

// The sandbox's inside, without its servers: Sandbox::Impl reads a PKI folder for its trust
// anchors (and a manifest the servers would use); the seeds' trust anchors stand in for both.
sb::Sandbox::Impl& sandbox() {
    static sb::Sandbox::Impl* impl = [] {
        const fs::path pki = fs::temp_directory_path() / ("guichet-fuzz-sandbox-" + std::to_string(::getpid()));
        fs::create_directories(pki);
        std::ofstream(pki / "manifest.json") << "{}";
        std::ofstream(pki / "trust.pem") << guichet::fuzz::seeds_trust_pem();
        sb::SandboxOptions options;
        options.pki_dir = pki.string();
#ifdef GUICHET_FUZZ_PUBLIC_SCHEMAS
        options.public_schemas_dir = GUICHET_FUZZ_PUBLIC_SCHEMAS;
#endif
        options.journal_patient_data = false;  // the redaction runs on every exchange
        auto* made = new sb::Sandbox::Impl(options);
        fs::remove_all(pki);
        return made;
    }();
    return *impl;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const Endpoint& endpoint = endpoints()[data[0] % endpoints().size()];
    sb::HttpRequestIn request;
    request.method = "POST";
    request.target = endpoint.path;
    request.headers = {{"Content-Type", endpoint.content_type}, {"Host", "127.0.0.1"}};
    request.body = std::string(guichet::fuzz::text_of(data + 1, size - 1));
    request.client_subject = endpoint.client_subject;
    request.listener = endpoint.listener;

    sb::Sandbox::Impl& impl = sandbox();
    const sb::HttpAnswer answer = impl.route(request);
    if (answer.status == 500 && answer.body.rfind("sandbox error:", 0) == 0) {
        std::fprintf(stderr, "a sandbox handler threw on %s: %s\n", endpoint.path, answer.body.c_str());
        std::abort();
    }
    impl.journal.clear();  // the journal would grow with every input

    if (endpoint.rules) {
        const auto now = impl.data();
        const sb::SoapPipelineConfig config{now->authorisation_numbers, guichet::fuzz::seeds_trust_pem(), now->schemas,
                                            3600};
        sb::accept_soap(request, *endpoint.rules, config, guichet::fuzz::seeds_signed_at);
    }
    return 0;
}
