#pragma once
// Loading XML strictly: pugixml tolerates (and silently drops) text around the root element,
// which XML forbids; a message with such text is refused here with a specific reason.
#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace guichet::toolkit {

/** Parses `text` into `document` with the options canonicalization needs.
 *  @return nullopt when well-formed, else a readable reason (with the byte offset). */
std::optional<std::string> load_xml(pugi::xml_document& document, std::string_view text);

/** `element` as a standalone document, carrying the namespace declarations it inherits from its
 *  ancestors (a SOAP payload taken out of its envelope, for schema validation). */
std::string standalone_xml(pugi::xml_node element);

}  // namespace guichet::toolkit
