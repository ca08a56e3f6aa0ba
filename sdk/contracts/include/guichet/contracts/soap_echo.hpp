#pragma once
// soap-echo/1's wire names: the sandbox's own SOAP test service (no real counterpart), which the
// template plugin calls to show a CNAM-style exchange end to end.

namespace guichet::contracts::soap_echo {

inline constexpr const char* echo_action = "urn:guichet:sandbox:echo:1.0:echo";
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
}  // namespace element

}  // namespace guichet::contracts::soap_echo
