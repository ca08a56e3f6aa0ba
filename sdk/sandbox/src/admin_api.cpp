// The sandbox's admin API (plain HTTP on loopback, docs/sandbox.md): status, client config,
// reload, reset, faults, injected answers, journal, shutdown. One function per endpoint.
#include "sandbox_impl.hpp"

#include <map>
#include <string>
#include <utility>

namespace guichet::sandbox {

namespace {

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

HttpAnswer post_inject(Sandbox::Impl& s, const HttpRequestIn& request) {
    const auto j = nlohmann::json::parse(request.body);
    if (!j.contains("body") || !j["body"].is_string())
        return admin_error(400, "body (the answer to replay) is required");
    const std::string service = j.value("service", "");
    if (!s.simulates(service)) return admin_error(400, "unknown service '" + service + "'");
    s.injected.push(service, j.value("operation", ""),
                    HttpAnswer{j.value("status", 200),
                               j.value("content_type", "application/soap+xml; charset=utf-8"),
                               {},
                               j["body"].get<std::string>()});
    return json_answer(201, {{"queued", s.injected.pending()}});
}

HttpAnswer get_journal(Sandbox::Impl& s, const HttpRequestIn& request) {
    const std::string since = query_value(request.target, "since");
    const std::string kind = query_value(request.target, "kind");
    return json_answer(200, s.journal.query(since.empty() ? 0 : std::stoull(since),
                                            query_value(request.target, "service"), kind.empty() ? "exchange" : kind));
}

HttpAnswer post_shutdown(Sandbox::Impl& s, const HttpRequestIn&) {
    s.request_stop();
    return json_answer(200, {{"stopping", true}});
}

const std::map<std::pair<std::string, std::string>, Endpoint>& endpoints() {
    static const std::map<std::pair<std::string, std::string>, Endpoint> table{
        {{"GET", "/admin/status"}, get_status},      {{"GET", "/admin/client-config"}, get_client_config},
        {{"POST", "/admin/reload"}, post_reload},    {{"POST", "/admin/reset"}, post_reset},
        {{"POST", "/admin/faults"}, post_fault},     {{"DELETE", "/admin/faults"}, delete_faults},
        {{"POST", "/admin/inject"}, post_inject},    {{"GET", "/admin/journal"}, get_journal},
        {{"POST", "/admin/shutdown"}, post_shutdown}};
    return table;
}

}  // namespace

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
