#include "sandbox.hpp"

#include "adri_service.hpp"
#include "echo_service.hpp"
#include "insi_service.hpp"
#include "soap_echo_service.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace guichet::sandbox {

namespace {

nlohmann::json read_json_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path + " (make the PKI with `guichet pki make <dir>`)");
    return nlohmann::json::parse(in);
}

// The journal file's directory must exist before the journal opens it.
std::string journal_file(const std::string& state_dir) {
    if (state_dir.empty()) return {};
    std::filesystem::create_directories(state_dir);
    return (std::filesystem::path(state_dir) / "journal.jsonl").string();
}

HttpAnswer json_answer(int status, const nlohmann::json& body) {
    return HttpAnswer{status, "application/json", {}, body.dump()};
}
HttpAnswer admin_error(int status, const std::string& message) { return json_answer(status, {{"error", message}}); }

// "?since=3&service=echo/1" -> value of `name`, or "".
std::string query_value(const std::string& target, const std::string& name) {
    const auto q = target.find('?');
    if (q == std::string::npos) return {};
    std::string rest = target.substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
        if (amp == std::string::npos) break;
        rest = rest.substr(amp + 1);
    }
    return {};
}

}  // namespace

Sandbox::Sandbox(const SandboxOptions& options)
    : options_(options),
      manifest_(read_json_file((std::filesystem::path(options.pki_dir) / "manifest.json").string())),
      faults_(options.seed),
      journal_(journal_file(options.state_dir), options.journal_patient_data) {
    if (options_.data_dir.empty()) options_.data_dir = default_data_dir();
    data_ = SandboxData::load(options_.data_dir, options_.public_schemas_dir);
    std::ifstream trust(std::filesystem::path(options.pki_dir) / "trust.pem");
    trusted_pem_.assign(std::istreambuf_iterator<char>(trust), {});
    handlers_.push_back(std::make_unique<EchoService>());
    auto pipeline = [this] {
        const auto current = data();
        return SoapPipelineConfig{current->authorisation_numbers, trusted_pem_, current->schemas};
    };
    handlers_.push_back(std::make_unique<SoapEchoService>(pipeline));
    handlers_.push_back(std::make_unique<InsiService>(pipeline, [this] { return data(); }));
    handlers_.push_back(std::make_unique<AdriService>(pipeline, [this] { return data(); }));

    HttpServer::Options tls;
    tls.port = options.port;
    tls.tls = true;
    tls.certificate_chain = manifest_["server"]["certificate_chain"];
    tls.private_key = manifest_["server"]["private_key"];
    tls.client_ca = (std::filesystem::path(options.pki_dir) / "client-cas.pem").string();
    tls.require_client_certificate = true;  // anything not from the personnes/organisations CAs is refused in TLS
    services_ = std::make_unique<HttpServer>(tls, [this](const HttpRequestIn& r) { return route(r); });

    HttpServer::Options plain;
    plain.port = options.admin_port;
    admin_ = std::make_unique<HttpServer>(plain, [this](const HttpRequestIn& r) { return admin(r); });
    write_client_config();
}

Sandbox::~Sandbox() { stop(); }

void Sandbox::write_client_config() {
    nlohmann::json endpoints = nlohmann::json::object();
    for (const auto& h : handlers_) endpoints[h->service_id()] = services_url() + h->path();
    const auto& ids = manifest_["identities"];
    client_config_ = {
        {"endpoints", endpoints},
        {"ca_bundle", (std::filesystem::path(options_.pki_dir) / "root-ca.pem").string()},
        {"identities",
         {{"professional",
           {{"certificate", ids["professional"]["certificate"]}, {"private_key", ids["professional"]["private_key"]}}},
          {"structure",
           {{"certificate", ids["structure-insi-auto"]["certificate"]},
            {"private_key", ids["structure-insi-auto"]["private_key"]}}}}},
        {"tls_identity", "professional"},
        {"signing_identity", "professional"},
        {"authentication_mode", "card"},
        {"professional",
         {{"national_id", ids["professional"]["id_nat"]},
          {"given_name", "ISABELLE"},
          {"family_name", "MEDECIN-TEST"},
          {"profession", {{"code", "10"}, {"code_system", "1.2.250.1.71.1.2.7"}, {"display_name", "Medecin"}}}}},
        {"structure", {{"id", ids["structure-insi-auto"]["finess"]}, {"activity_sector", "SA07^1.2.250.1.71.4.2.4"}}},
        {"sandbox",
         {{"admin", admin_url()}, {"seed", options_.seed}, {"pkcs12_passphrase", manifest_["pkcs12_passphrase"]}}}};
    if (!options_.state_dir.empty()) {
        const auto file = std::filesystem::path(options_.state_dir) / "client.json";
        const auto temporary = file.string() + ".tmp";
        std::ofstream(temporary) << client_config_.dump(2) << "\n";
        std::filesystem::rename(temporary, file);  // readers never see half a file
    }
}

HttpAnswer Sandbox::route(const HttpRequestIn& request) {
    const auto started = std::chrono::steady_clock::now();
    const std::string path = request.target.substr(0, request.target.find('?'));
    ServiceHandler* handler = nullptr;
    for (const auto& h : handlers_)
        if (h->path() == path) handler = h.get();
    JournalEntry entry;
    entry.client_subject = request.client_subject;
    entry.method = request.method;
    entry.path = path;
    entry.request_body = request.body;

    HttpAnswer answer;
    if (handler == nullptr) {
        answer = HttpAnswer{404, "text/plain", {}, "no service at " + path};
    } else {
        entry.service = handler->service_id();
        entry.operation = handler->operation(request);
        std::optional<Injected> injected;
        {
            std::lock_guard lock(injected_mutex_);
            auto* queue = &injected_[{entry.service, entry.operation}];
            if (queue->empty()) queue = &injected_[{entry.service, ""}];  // an injection for any operation
            if (!queue->empty()) {
                injected = queue->front();
                queue->pop_front();
            }
        }
        if (injected) {
            entry.injected = true;
            answer = HttpAnswer{injected->status, injected->content_type, {}, injected->body};
        } else {
            const auto fault = faults_.decide(entry.service, entry.operation);
            try {
                answer = handler->handle(request);
            } catch (const std::exception& e) {
                // A handler bug or broken test data: journaled like any answer, so it can be found.
                answer = HttpAnswer{500, "text/plain", {}, std::string("sandbox error: ") + e.what()};
            }
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
    journal_.record(entry);
    return answer;
}

HttpAnswer Sandbox::admin(const HttpRequestIn& request) {
    const std::string path = request.target.substr(0, request.target.find('?'));
    try {
        if (request.method == "GET" && path == "/admin/status") {
            nlohmann::json services = nlohmann::json::array();
            for (const auto& h : handlers_)
                services.push_back({{"id", h->service_id()}, {"url", services_url() + h->path()}});
            nlohmann::json faults = nlohmann::json::array();
            for (const auto& r : faults_.rules()) faults.push_back(r.to_json());
            return json_answer(200, {{"services", services},
                                     {"admin", admin_url()},
                                     {"seed", faults_.seed()},
                                     {"faults", faults},
                                     {"injected_pending", injected_pending()},
                                     {"data_dir", options_.data_dir},
                                     {"identities", data()->identities.size()},
                                     {"journal_redacted", !journal_.keeps_patient_data()}});
        }
        if (request.method == "GET" && path == "/admin/client-config") return json_answer(200, client_config_);
        if (request.method == "POST" && path == "/admin/reload") {
            reload_data();
            return json_answer(200, {{"reloaded", options_.data_dir},
                                     {"identities", data()->identities.size()},
                                     {"authorisation_numbers", data()->authorisation_numbers.size()}});
        }
        if (request.method == "POST" && path == "/admin/reset") {
            reset();
            return json_answer(200, {{"reset", true}});
        }
        if (request.method == "POST" && path == "/admin/faults") {
            faults_.add(FaultRule::from_json(nlohmann::json::parse(request.body)));
            return json_answer(201, {{"faults", faults_.rules().size()}});
        }
        if (request.method == "DELETE" && path == "/admin/faults") {
            faults_.clear();
            return json_answer(200, {{"faults", 0}});
        }
        if (request.method == "POST" && path == "/admin/inject") {
            const auto j = nlohmann::json::parse(request.body);
            if (!j.contains("body") || !j["body"].is_string())
                return admin_error(400, "body (the answer to replay) is required");
            inject(j.value("service", ""), j.value("operation", ""), j.value("status", 200),
                   j.value("content_type", "application/soap+xml; charset=utf-8"), j["body"].get<std::string>());
            return json_answer(201, {{"queued", injected_pending()}});
        }
        if (request.method == "GET" && path == "/admin/journal") {
            const std::string since = query_value(request.target, "since");
            return json_answer(
                200, journal_.query(since.empty() ? 0 : std::stoull(since), query_value(request.target, "service")));
        }
        if (request.method == "POST" && path == "/admin/shutdown") {
            {
                std::lock_guard lock(stop_mutex_);
                stop_requested_ = true;
            }
            stop_cv_.notify_all();
            return json_answer(200, {{"stopping", true}});
        }
        return admin_error(404, "no admin endpoint " + request.method + " " + path);
    } catch (const std::exception& e) {
        return admin_error(400, e.what());
    }
}

void Sandbox::reset() {
    faults_.reset();
    journal_.clear();
    std::lock_guard lock(injected_mutex_);
    injected_.clear();
}

void Sandbox::inject(const std::string& service, const std::string& operation, int status,
                     const std::string& content_type, const std::string& body) {
    bool known = false;
    for (const auto& h : handlers_) known = known || h->service_id() == service;
    if (!known) throw std::invalid_argument("unknown service '" + service + "'");
    std::lock_guard lock(injected_mutex_);
    injected_[{service, operation}].push_back({status, content_type, body});
}

size_t Sandbox::injected_pending() {
    std::lock_guard lock(injected_mutex_);
    size_t pending = 0;
    for (const auto& [key, queue] : injected_) pending += queue.size();
    return pending;
}

void Sandbox::reload_data() {
    auto fresh = SandboxData::load(options_.data_dir,
                                   options_.public_schemas_dir);  // a bad file leaves the current data in place
    std::lock_guard lock(data_mutex_);
    data_ = std::move(fresh);
}

std::shared_ptr<const SandboxData> Sandbox::data() const {
    std::lock_guard lock(data_mutex_);
    return data_;
}

void Sandbox::wait() {
    std::unique_lock lock(stop_mutex_);
    stop_cv_.wait(lock, [this] { return stop_requested_; });
}

void Sandbox::stop() {
    {
        std::lock_guard lock(stop_mutex_);
        stop_requested_ = true;
    }
    stop_cv_.notify_all();
    if (services_) services_->stop();
    if (admin_) admin_->stop();
}

}  // namespace guichet::sandbox
