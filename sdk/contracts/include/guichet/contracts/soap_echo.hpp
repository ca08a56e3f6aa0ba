#pragma once
// soap-echo/1's wire names: the sandbox's own SOAP test service (no real counterpart), which the
// template plugin calls to show a CNAM-style exchange end to end.

namespace guichet::contracts::soap_echo {

inline constexpr const char* echo_action = "urn:guichet:sandbox:echo:1.0:echo";
/** A submission (the template plugin's `submit`): de-duplicated by the sandbox on its
 *  wsa:MessageID, a retry answered with the first answer (docs/protocols/submission-echo.md). */
inline constexpr const char* submit_action = "urn:guichet:sandbox:echo:1.0:submit";
inline constexpr const char* namespace_uri = "urn:guichet:sandbox:echo:1.0";
/** The request/answer schema, relative to the sandbox's data directory. */
inline constexpr const char* schema = "schemas/sandbox-echo.xsd";

namespace element {
inline constexpr const char* request = "EchoRequest";
inline constexpr const char* answer = "EchoResponse";
inline constexpr const char* message = "Message";
inline constexpr const char* professional = "Professional";
inline constexpr const char* authentication_mode = "AuthenticationMode";
inline constexpr const char* authorisation_number = "AuthorisationNumber";
inline constexpr const char* submit_request = "SubmitRequest";
inline constexpr const char* submit_answer = "SubmitResponse";
inline constexpr const char* receipt = "Receipt";         ///< the receipt number the service drew
inline constexpr const char* received_at = "ReceivedAt";  ///< xs:dateTime, UTC, when it was accepted
}  // namespace element

/** A submitted Message starting with this is refused by the service: a business refusal, final
 *  (soap:Sender, subcode and detail code below: not retryable for failure_classification). */
inline constexpr const char* refused_prefix = "REFUSE";
inline constexpr const char* refused_code = "echo_10";
inline constexpr const char* refused_reason = "Soumission refusée par le service : le message a été rejeté.";

}  // namespace guichet::contracts::soap_echo
