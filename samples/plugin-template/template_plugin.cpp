// The template plugin: copy this file to start a plugin. It provides three services:
//   echo/1      - "echo" says the message back; "remote" posts it to the session's echo endpoint.
//   soap-echo/1 - "echo": a CNAM-style exchange (SOAP 1.2, WS-Addressing, ContexteLPS, VIHF)
//                 with the sandbox's SOAP echo service: the pattern of every teleservice plugin.
//                 "submit": the same exchange as a submission (a submitting operation: the
//                 host's idempotency key is its MessageID on every attempt, and the sandbox
//                 answers a retry with its first answer); the pattern of AATi, PSEi, DMP.
//   clock/1     - "now" reads the host clock; "wait" sleeps cooperatively (honours cancel and
//                 deadline); "tick" counts calls in the host's store.
#include <guichet/contracts/soap_echo.hpp>
#include <guichet/toolkit/cnam_soap_client.hpp>
#include <guichet/toolkit/failure_classification.hpp>
#include <guichet/toolkit/plugin.hpp>
#include <guichet/toolkit/vihf_session.hpp>
#include <guichet/toolkit/xml_c14n.hpp>

#include <guichet_schemas/clock.hpp>  // generated from docs/schemas/<service> (CMakeLists.txt)
#include <guichet_schemas/echo.hpp>
#include <guichet_schemas/soap_echo.hpp>

#include <chrono>
#include <sstream>
#include <thread>

namespace tk = guichet::toolkit;
namespace echo = guichet::contracts::soap_echo;  // the wire names the sandbox shares

namespace {

tk::Json echo(tk::Call& call) {
    const std::string message = call.request().string("/message");
    // A message may hold a patient's name: flag it, and the host redacts it from the logs.
    call.host().log().debug("echo", {{"message", message, true}});
    return {{"message", message}};
}

tk::Json remote_echo(tk::Call& call) {
    if (call.config().endpoint.empty())
        throw tk::Error(GUICHET_E_INVALID_ARGUMENT, "no endpoint configured for echo/1 in the session")
            .with_field("/endpoints/echo~11");
    auto request = call.http_request("POST", call.config().endpoint);
    request.headers = {{"Content-Type", "application/json"}};
    request.body = tk::Json{{"message", call.request().string("/message")}}.dump();
    const tk::HttpResponse response = call.host().http().send(request);
    // Classified in one place (503 retryable, 413 not...): the outbox retries exactly that.
    if (response.status != 200) throw tk::http_answer_error(call, response);
    const auto answer = tk::Json::parse(response.body, nullptr, false);
    if (answer.is_discarded() || !answer.contains("message"))
        throw tk::Error(GUICHET_E_BAD_RESPONSE, "echo service answered something that is not an echo");
    return {{"message", answer["message"]}, {"http_status", response.status}};
}

tk::Json soap_echo(tk::Call& call) {
    pugi::xml_document payload;
    pugi::xml_node request = payload.append_child("e:EchoRequest");
    request.append_attribute("xmlns:e") = echo::namespace_uri;
    request.append_child("e:Message").text().set(call.request().string("/message").c_str());
    std::ostringstream body;
    payload.save(body, "", pugi::format_raw | pugi::format_no_declaration);

    tk::CnamExchange exchange;
    exchange.action = echo::echo_action;
    exchange.body = body.str();
    exchange.vihf = tk::session_vihf(call, {}).assertion;  // signed by the session's identity, reused in its window
    tk::SoapResponse response;
    tk::call_cnam_service(call, exchange, response);
    auto text = [&](const char* name) {
        return std::string(tk::child_by_local_name(response.payload, name).text().get());
    };
    return {{"message", text("Message")},
            {"professional", text("Professional")},
            {"authentication_mode", text("AuthenticationMode")},
            {"authorisation_number", text("AuthorisationNumber")}};
}

// A submission: nothing to do here for exactly-once — call_soap_service puts the host's
// idempotency key in the MessageID. A refusal (a message starting with REFUSE) comes back as a
// fault call_cnam_service classifies as final: GUICHET_E_REMOTE_FAULT, not retryable, the
// service's French reason as the professional's message.
tk::Json soap_submit(tk::Call& call) {
    const std::string message = call.request().string("/message");
    pugi::xml_document payload;
    pugi::xml_node request = payload.append_child((std::string("e:") + echo::element::submit_request).c_str());
    request.append_attribute("xmlns:e") = echo::namespace_uri;
    request.append_child((std::string("e:") + echo::element::message).c_str()).text().set(message.c_str());
    std::ostringstream body;
    payload.save(body, "", pugi::format_raw | pugi::format_no_declaration);

    tk::CnamExchange exchange;
    exchange.action = echo::submit_action;
    exchange.body = body.str();
    exchange.vihf = tk::session_vihf(call, {}).assertion;
    exchange.payload_namespace = echo::namespace_uri;
    tk::SoapResponse response;
    tk::call_cnam_service(call, exchange, response);
    if (tk::local_name(response.payload.name()) != echo::element::submit_answer)
        throw tk::Error(GUICHET_E_BAD_RESPONSE, "the submission service answered something that is not a receipt");
    auto text = [&](const char* name) {
        return std::string(tk::child_by_local_name(response.payload, name).text().get());
    };
    if (text(echo::element::receipt).empty())
        throw tk::Error(GUICHET_E_BAD_RESPONSE, "the submission service answered without a receipt number");
    return {{"receipt", text(echo::element::receipt)},
            {"message", text(echo::element::message)},
            {"received_at", text(echo::element::received_at)}};
}

tk::Json now(tk::Call& call) {
    const tk::Clock clock = call.host().clock();
    const int64_t wall = clock.wall_ns();
    return {{"utc", tk::Clock::utc_iso8601(wall)}, {"wall_ns", wall}, {"monotonic_ns", clock.monotonic_ns()}};
}

tk::Json wait(tk::Call& call) {
    const int64_t ms = call.request().integer("/milliseconds");
    if (ms < 0 || ms > 600'000) throw tk::invalid_field("/milliseconds", "must be between 0 and 600000");
    const tk::Clock clock = call.host().clock();
    const int64_t until = clock.monotonic_ns() + ms * 1'000'000;
    while (clock.monotonic_ns() < until) {
        call.check_cancelled();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return {{"waited_ms", ms}};
}

tk::Json tick(tk::Call& call) {
    const tk::Store store = call.host().store();
    const int64_t count = std::stoll(store.get("ticks").value_or("0")) + 1;
    store.put("ticks", std::to_string(count));
    return {{"ticks", count}};
}

tk::PluginDefinition define() {
    return tk::PluginDefinition()
        .service(tk::Service("echo/1", "Echo (template)", {1, 0, 0})
                     .operation("echo", "Returns the message it is given", echo, guichet::schemas::echo::echo)
                     .operation("remote", "Posts the message to the session's echo/1 endpoint", remote_echo,
                                guichet::schemas::echo::remote))
        .service(tk::Service("soap-echo/1", "SOAP echo with VIHF (template)", {1, 0, 0})
                     .operation("echo", "Sends the message in a CNAM-style SOAP envelope with the session's VIHF",
                                soap_echo, guichet::schemas::soap_echo::echo)
                     .submitting_operation("submit",
                                           "Submits the message to the sandbox's submission echo service: one receipt "
                                           "per submission, retries included",
                                           soap_submit, guichet::schemas::soap_echo::submit))
        .service(
            tk::Service("clock/1", "Clock (template)", {1, 0, 0})
                .operation("now", "Reads the host's wall and monotonic clocks", now, guichet::schemas::clock::now)
                .operation("wait", "Waits, stopping early on cancel or deadline", wait, guichet::schemas::clock::wait)
                .operation("tick", "Counts its calls in the plugin store", tick, guichet::schemas::clock::tick));
}

}  // namespace

GUICHET_PLUGIN_ENTRY(define)
