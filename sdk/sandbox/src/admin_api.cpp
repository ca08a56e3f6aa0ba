// The sandbox's admin API (plain HTTP on loopback, docs/sandbox.md): status, client config,
// reload, reset, faults, injected answers, journal, submissions, shutdown. One function per endpoint, behind
// one gate (token, Host, Origin: docs/security.md, "Sandbox").
#include "sandbox_impl.hpp"

#include <guichet/toolkit/crypto.hpp>

#include <openssl/crypto.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace guichet::sandbox {

namespace {

// An error may quote what the client sent (a path, a service id) in bytes that are not UTF-8:
// replaced by U+FFFD rather than making dump() throw.
HttpAnswer json_answer(int status, const nlohmann::json& body) {
    return HttpAnswer{
        status, "application/json", {}, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
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

using Endpoint = HttpAnswer (*)(Sandbox::Impl&, const HttpRequestIn&);

HttpAnswer get_status(Sandbox::Impl& s, const HttpRequestIn&) { return s.status(); }

HttpAnswer get_client_config(Sandbox::Impl& s, const HttpRequestIn&) { return json_answer(200, s.client_config); }

HttpAnswer post_reload(Sandbox::Impl& s, const HttpRequestIn&) {
    s.reload_data();
    return json_answer(200, {{"reloaded", s.options.data_dir}, {"data", s.data()->summary()}});
}

HttpAnswer post_reset(Sandbox::Impl& s, const HttpRequestIn&) {
    s.reset();
    return json_answer(200, {{"reset", true}});
}

HttpAnswer post_fault(Sandbox::Impl& s, const HttpRequestIn& request) {
    s.faults.add(FaultRule::from_json(nlohmann::json::parse(request.body)));
    return json_answer(201, {{"faults", s.faults.rules().size()}});
}

HttpAnswer delete_faults(Sandbox::Impl& s, const HttpRequestIn&) {
    s.faults.clear();
    return json_answer(200, {{"faults", 0}});
}

// "body" is text (JSON strings are UTF-8); "body_base64" carries any bytes, a recorded Latin-1
// answer among them.
std::optional<std::string> injected_body(const nlohmann::json& j) {
    if (j.contains("body_base64") && j["body_base64"].is_string()) {
        const auto bytes = toolkit::base64_decode(j["body_base64"].get<std::string>());
        return std::string(bytes.begin(), bytes.end());
    }
    if (j.contains("body") && j["body"].is_string()) return j["body"].get<std::string>();
    return std::nullopt;
}

HttpAnswer post_inject(Sandbox::Impl& s, const HttpRequestIn& request) {
    const auto j = nlohmann::json::parse(request.body);
    const auto body = injected_body(j);
    if (!body) return admin_error(400, "body or body_base64 (the answer to replay) is required");
    const std::string service = j.value("service", "");
    if (!s.simulates(service)) return admin_error(400, "unknown service '" + service + "'");
    // Clamped before narrowing to int, so that 1e12 is refused as out of range, not wrapped.
    const int status = static_cast<int>(std::clamp<int64_t>(j.value("status", int64_t{200}), 0, 1000));
    HttpAnswer answer{status, j.value("content_type", "application/soap+xml; charset=utf-8"), {}, *body};
    check_injectable(answer);
    s.injected.push(service, j.value("operation", ""), std::move(answer));
    return json_answer(201, {{"queued", s.injected.pending()}});
}

HttpAnswer get_journal(Sandbox::Impl& s, const HttpRequestIn& request) {
    const std::string since = query_value(request.target, "since");
    const std::string kind = query_value(request.target, "kind");
    return json_answer(200, s.journal.query(since.empty() ? 0 : std::stoull(since),
                                            query_value(request.target, "service"), kind.empty() ? "exchange" : kind));
}

// What the submission services recorded, per MessageID (submission_ledger.hpp).
HttpAnswer get_submissions(Sandbox::Impl& s, const HttpRequestIn&) { return json_answer(200, s.submissions.summary()); }

HttpAnswer post_shutdown(Sandbox::Impl& s, const HttpRequestIn&) {
    s.request_stop();
    return json_answer(200, {{"stopping", true}});
}

const std::map<std::pair<std::string, std::string>, Endpoint>& endpoints() {
    static const std::map<std::pair<std::string, std::string>, Endpoint> table{
        {{"GET", "/admin/status"}, get_status},           {{"GET", "/admin/client-config"}, get_client_config},
        {{"POST", "/admin/reload"}, post_reload},         {{"POST", "/admin/reset"}, post_reset},
        {{"POST", "/admin/faults"}, post_fault},          {{"DELETE", "/admin/faults"}, delete_faults},
        {{"POST", "/admin/inject"}, post_inject},         {{"GET", "/admin/journal"}, get_journal},
        {{"GET", "/admin/submissions"}, get_submissions}, {{"POST", "/admin/shutdown"}, post_shutdown}};
    return table;
}

bool same_secret(const std::string& given, const std::string& expected) {
    return given.size() == expected.size() && CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
}

std::optional<std::string> presented_token(const HttpRequestIn& request) {
    if (auto token = request.header("X-Guichet-Admin-Token")) return token;
    const auto authorization = request.header("Authorization");
    const std::string bearer = "Bearer ";
    if (authorization && authorization->compare(0, bearer.size(), bearer) == 0)
        return authorization->substr(bearer.size());
    return std::nullopt;
}

// Any web page the user opens can send requests to loopback: a form POST needs no CORS preflight,
// and DNS rebinding gives the page's own host name to 127.0.0.1. So a request must name this
// listener as its Host, must not come from a page of another origin, and must carry the token
// that only the owner of the state directory can read.
std::optional<HttpAnswer> gate(const std::string& token, uint16_t port, const HttpRequestIn& request) {
    const std::string suffix = ":" + std::to_string(port);
    const auto host = request.header("Host");
    if (!host || (*host != "127.0.0.1" + suffix && *host != "localhost" + suffix))
        return admin_error(403, "the admin API answers only at 127.0.0.1" + suffix + " (Host)");
    const auto origin = request.header("Origin");
    if (origin && *origin != "http://" + *host) return admin_error(403, "requests from web pages are refused (Origin)");
    const auto presented = presented_token(request);
    if (!presented || !same_secret(*presented, token)) {
        HttpAnswer refused = admin_error(401, "admin token required: Authorization: Bearer <state>/admin-token");
        refused.headers.emplace_back("WWW-Authenticate", "Bearer");
        return refused;
    }
    return std::nullopt;
}

}  // namespace

void check_injectable(const HttpAnswer& answer) {
    // 1xx is not a final answer; the status line holds three digits.
    if (answer.status < 200 || answer.status > 599)
        throw std::invalid_argument("status must be a final HTTP status, 200 to 599");
    for (const char c : answer.content_type)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            throw std::invalid_argument("content_type must not hold control characters");
}

HttpAnswer Sandbox::Impl::status() const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : services) {
        // As client.json lists them: INSi at its card endpoint, with its structure endpoint beside.
        const bool two = s.definition->card_and_structure_endpoints;
        nlohmann::json entry{{"id", s.definition->id},
                             {"url", (two ? card_server : services_server)->base_url() + s.definition->path}};
        if (two) entry["structure_url"] = services_server->base_url() + s.definition->path;
        list.push_back(entry);
    }
    nlohmann::json rules = nlohmann::json::array();
    for (const auto& r : faults.rules()) rules.push_back(r.to_json());
    return json_answer(200, {{"services", list},
                             {"admin", admin_server->base_url()},
                             {"seed", faults.seed()},
                             {"faults", rules},
                             {"injected_pending", injected.pending()},
                             {"data_dir", options.data_dir},
                             {"public_schemas_dir", options.public_schemas_dir},
                             {"data", data()->summary()},
                             {"journal_redacted", !journal.keeps_patient_data()}});
}

HttpAnswer Sandbox::Impl::admin(const HttpRequestIn& request) {
    if (auto refused = gate(admin_token, admin_server->port(), request)) return *refused;
    const std::string path = request.target.substr(0, request.target.find('?'));
    const auto endpoint = endpoints().find({request.method, path});
    if (endpoint == endpoints().end()) return admin_error(404, "no admin endpoint " + request.method + " " + path);
    try {
        return endpoint->second(*this, request);
    } catch (const std::exception& e) {
        return admin_error(400, e.what());
    }
}

}  // namespace guichet::sandbox
