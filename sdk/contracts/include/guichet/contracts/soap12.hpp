#pragma once
// SOAP 1.2 (W3C), WS-Addressing 1.0 and WS-Security 1.0 names: what every SOAP teleservice of
// Guichet speaks, the CNAM ones and the DMP alike. Nothing CNAM-specific here (see cnam.hpp).

namespace guichet::contracts::soap12 {

inline constexpr const char* envelope_namespace = "http://www.w3.org/2003/05/soap-envelope";
/** SOAP 1.1's envelope namespace: recognised only to answer a VersionMismatch fault. */
inline constexpr const char* soap11_envelope_namespace = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr const char* content_type = "application/soap+xml";

// Fault codes (SOAP 1.2 part 1, 5.4.6), written with the "soap" prefix the builders declare.
inline constexpr const char* fault_sender = "soap:Sender";
inline constexpr const char* fault_receiver = "soap:Receiver";
inline constexpr const char* fault_version_mismatch = "soap:VersionMismatch";

}  // namespace guichet::contracts::soap12

namespace guichet::contracts::wsa {

inline constexpr const char* namespace_uri = "http://www.w3.org/2005/08/addressing";
// Fault subcodes (WS-Addressing 1.0 SOAP binding, section 6).
inline constexpr const char* header_required = "wsa:MessageAddressingHeaderRequired";
inline constexpr const char* action_not_supported = "wsa:ActionNotSupported";
/** A header present but unacceptable (section 6.4.1): the sandbox's answer to a MessageID reused
 *  for another submission. */
inline constexpr const char* invalid_addressing_header = "wsa:InvalidAddressingHeader";
/** The answer's action: the request's action followed by this suffix (the sandbox's and the
 *  CNAM services' convention). */
inline constexpr const char* response_action_suffix = "Response";

}  // namespace guichet::contracts::wsa

namespace guichet::contracts::wsse {

inline constexpr const char* namespace_uri =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

}  // namespace guichet::contracts::wsse
