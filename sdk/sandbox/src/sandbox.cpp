#include "client_config.hpp"
#include "private_files.hpp"
#include "sandbox_impl.hpp"

#include <openssl/rand.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace guichet::sandbox {

namespace fs = std::filesystem;

namespace {

nlohmann::json read_json_file(const fs::path& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path.string() + " (make the PKI with `guichet pki make <dir>`)");
    return nlohmann::json::parse(in);
}

// The journal file's directory must exist before the journal opens it.
std::string journal_file(const std::string& state_dir) {
    if (state_dir.empty()) return {};
    make_private_directory(state_dir);
    return (fs::path(state_dir) / "journal.jsonl").string();
}

std::string submissions_file(const std::string& state_dir) {
    if (state_dir.empty()) return {};
    make_private_directory(state_dir);
    return (fs::path(state_dir) / "submissions.jsonl").string();
}

std::string random_token() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for the admin token");
    static const char digits[] = "0123456789abcdef";
    std::string token;
    for (const unsigned char b : bytes) {
        token += digits[b >> 4];
        token += digits[b & 0xf];
    }
    return token;
}

HttpAnswer handled(ServiceHandler& handler, const HttpRequestIn& request) {
    try {
        return handler.handle(request);
    } catch (const std::exception& e) {
        // A handler bug, broken test data, a submission record that cannot be written: journaled
        // like any answer, so it can be found.
        return HttpAnswer{500, "text/plain", {}, std::string("sandbox error: ") + e.what()};
    }
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

// Both listeners verify a client certificate against the personnes/organisations CAs; the
// mutual-TLS one refuses a handshake without one, the card one lets the VIHF authenticate.
HttpServer::Options Sandbox::Impl::tls_listener(const char* name, uint16_t port) {
    HttpServer::Options tls;
    tls.name = name;
    tls.port = port;
    tls.tls = true;
    tls.certificate_chain = manifest["server"]["certificate_chain"];
    tls.private_key = manifest["server"]["private_key"];
    tls.client_ca = (fs::path(options.pki_dir) / "client-cas.pem").string();
    tls.require_client_certificate = std::string(name) == mutual_tls_listener;
    tls.request_client_certificate = true;
    tls.max_request_body = options.max_request_body;
    limit_connections(tls);
    tls.on_tls_refusal = [this, listener = std::string(name)](const std::string& reason) {
        journal.record_tls_refusal(listener, reason);
    };
    return tls;
}

void Sandbox::Impl::limit_connections(HttpServer::Options& listener) const {
    listener.max_connections = options.max_connections;
    listener.handshake_timeout_ms = options.handshake_timeout_ms;
    listener.read_timeout_ms = options.read_timeout_ms;
}

Sandbox::Impl::Impl(const SandboxOptions& o)
    : options(o),
      manifest(read_json_file(fs::path(o.pki_dir) / "manifest.json")),
      trusted_pem(read_text(fs::path(o.pki_dir) / "trust.pem")),
      faults(o.seed),
      journal(journal_file(o.state_dir), o.journal_patient_data),
      submissions(submissions_file(o.state_dir)),
      admin_token(random_token()) {
    if (options.data_dir.empty()) options.data_dir = default_data_dir();
    current_data = SandboxData::load(options.data_dir, options.public_schemas_dir, registry.definitions());
    ServiceContext context{[this] {
                               const auto now = data();
                               return SoapPipelineConfig{now->authorisation_numbers, trusted_pem, now->schemas,
                                                         options.vihf_lifetime_seconds};
                           },
                           [this] { return data(); },
                           &submissions,
                           {}};
    for (const auto& definition : registry.definitions()) {
        context.service_id = definition.id;
        services.push_back({&definition, definition.make(context)});
    }
}

const RegisteredService* Sandbox::Impl::service_at(const std::string& path, const std::string& listener) const {
    for (const auto& s : services)
        if (s.definition->path == path && (listener != card_listener || s.definition->card_and_structure_endpoints))
            return &s;
    return nullptr;
}

bool Sandbox::Impl::simulates(const std::string& service_id) const {
    for (const auto& s : services)
        if (s.definition->id == service_id) return true;
    return false;
}

HttpAnswer Sandbox::Impl::route(const HttpRequestIn& request) {
    const auto started = std::chrono::steady_clock::now();
    const std::string path = request.target.substr(0, request.target.find('?'));
    JournalEntry entry;
    entry.client_subject = request.client_subject;
    entry.method = request.method;
    entry.path = path;
    entry.request_body = request.body;

    HttpAnswer answer;
    if (const RegisteredService* service = service_at(path, request.listener); service == nullptr) {
        answer =
            HttpAnswer{404, "text/plain", {}, "no service at " + path + " on the " + request.listener + " endpoint"};
    } else {
        entry.service = service->definition->id;
        entry.operation = service->handler->operation(request);
        if (auto replayed = injected.take(entry.service, entry.operation)) {
            entry.injected = true;
            answer = std::move(*replayed);
        } else {
            const auto fault = faults.decide(entry.service, entry.operation);
            // A service that is down never sees the request (nothing recorded); an answer lost or
            // slowed on its way back was answered, and a submission recorded, first.
            if (!fault || !stands_for_unavailable_service(fault->kind)) answer = handled(*service->handler, request);
            if (fault) {
                entry.fault = fault->description;
                FaultPlan::apply(*fault, answer);
            }
        }
    }
    entry.status = answer.delivery == Delivery::close_without_answer ? 0 : answer.status;
    entry.response_body = answer.body;
    entry.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count() +
        answer.delay_ms;
    try {
        journal.record(entry);
    } catch (const std::exception&) {
        // A journal that cannot be written (disk full) must not cost the client its answer, which
        // may be an injected one, already taken from its queue.
    }
    return answer;
}

std::shared_ptr<const SandboxData> Sandbox::Impl::data() const {
    std::lock_guard lock(data_mutex);
    return current_data;
}

void Sandbox::Impl::reload_data() {
    // A bad file throws here and leaves the current data in place.
    auto fresh = SandboxData::load(options.data_dir, options.public_schemas_dir, registry.definitions());
    std::lock_guard lock(data_mutex);
    current_data = std::move(fresh);
}

void Sandbox::Impl::request_stop() {
    {
        std::lock_guard lock(stop_mutex);
        stop_requested = true;
    }
    stop_cv.notify_all();
}

Sandbox::Sandbox(const SandboxOptions& options) : impl_(std::make_unique<Impl>(options)) {
    Impl& s = *impl_;
    s.services_server = std::make_unique<HttpServer>(s.tls_listener(mutual_tls_listener, s.options.port),
                                                     [&s](const HttpRequestIn& r) { return s.route(r); });
    s.card_server = std::make_unique<HttpServer>(s.tls_listener(card_listener, s.options.card_port),
                                                 [&s](const HttpRequestIn& r) { return s.route(r); });
    HttpServer::Options plain;
    plain.port = options.admin_port;
    s.limit_connections(plain);
    s.admin_server = std::make_unique<HttpServer>(plain, [&s](const HttpRequestIn& r) { return s.admin(r); });
    ClientConfigInputs inputs{services_url(),    card_url(), admin_url(),    {},
                              s.options.pki_dir, s.manifest, s.options.seed, s.data()->client_software};
    for (const auto& service : s.services)
        inputs.services.push_back(
            {service.definition->id, service.definition->path, service.definition->card_and_structure_endpoints});
    s.client_config = make_client_config(inputs);
    // The token first: a client that sees client.json can read the token beside it.
    if (!s.options.state_dir.empty())
        write_private_file(fs::path(s.options.state_dir) / "admin-token", s.admin_token + "\n");
    write_client_config(s.client_config, s.options.state_dir);
}

Sandbox::~Sandbox() { stop(); }

std::string Sandbox::services_url() const { return impl_->services_server->base_url(); }
std::string Sandbox::card_url() const { return impl_->card_server->base_url(); }
std::string Sandbox::admin_url() const { return impl_->admin_server->base_url(); }
std::string Sandbox::admin_token() const { return impl_->admin_token; }
int Sandbox::tls_handshakes() const { return impl_->services_server->handshakes() + impl_->card_server->handshakes(); }
const nlohmann::json& Sandbox::client_config() const { return impl_->client_config; }

std::vector<std::string> Sandbox::service_ids() const {
    std::vector<std::string> ids;
    for (const auto& s : impl_->services) ids.push_back(s.definition->id);
    return ids;
}

void Sandbox::wait() {
    std::unique_lock lock(impl_->stop_mutex);
    impl_->stop_cv.wait(lock, [this] { return impl_->stop_requested; });
}

void Sandbox::stop() {
    impl_->request_stop();
    if (impl_->services_server) impl_->services_server->stop();
    if (impl_->card_server) impl_->card_server->stop();
    if (impl_->admin_server) impl_->admin_server->stop();
}

void Sandbox::Impl::reset() {
    // First the connections: a late request of the previous client must not consume the faults
    // or injected answers set up next, nor be journaled among the next exchanges.
    services_server->close_connections();
    card_server->close_connections();
    faults.reset();
    journal.clear();
    injected.clear();
    submissions.clear();
}

void Sandbox::reset() { impl_->reset(); }

void Sandbox::add_fault(const nlohmann::json& rule) { impl_->faults.add(FaultRule::from_json(rule)); }

void Sandbox::inject(const std::string& service, const std::string& operation, int status,
                     const std::string& content_type, const std::string& body) {
    if (!impl_->simulates(service)) throw std::invalid_argument("unknown service '" + service + "'");
    HttpAnswer answer{status, content_type, {}, body};
    check_injectable(answer);
    impl_->injected.push(service, operation, std::move(answer));
}

size_t Sandbox::injected_pending() const { return impl_->injected.pending(); }
void Sandbox::reload_data() { impl_->reload_data(); }
nlohmann::json Sandbox::data_summary() const { return impl_->data()->summary(); }
std::shared_ptr<const SchemaSet> Sandbox::schemas() const { return impl_->data()->schemas; }

nlohmann::json Sandbox::journal_query(uint64_t since, const std::string& service) const {
    return impl_->journal.query(since, service);
}
nlohmann::json Sandbox::tls_refusals(uint64_t since) const { return impl_->journal.query(since, "", "tls_refusal"); }
uint64_t Sandbox::journal_last_sequence() const { return impl_->journal.last_sequence(); }
nlohmann::json Sandbox::submissions() const { return impl_->submissions.summary(); }

}  // namespace guichet::sandbox
