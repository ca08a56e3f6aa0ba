#pragma once
// The French text an error shows a professional (guichet_error::user_message): the service's own
// words for a fault, else the status's text (common::status_text_fr, one table for every layer)
// and, for an invalid field, the field named in words. Labels are looked up by the JSON pointer
// of the field, then by its last token, and fall back to the pointer itself.
#include <guichet/types.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace guichet::toolkit {

/** A field in words ("/patient/birth_date" -> "date de naissance"), or the pointer itself. */
std::string field_label_fr(std::string_view json_pointer);

/**
 * Adds or replaces labels, keyed by a whole JSON pointer ("/card/kind") or a single token
 * ("birth_rank"). For a plugin's own fields; call from its PluginDefinition (plugin init), before
 * any call runs: the table is not locked.
 */
void add_field_labels(std::initializer_list<std::pair<std::string_view, std::string_view>> labels);

/** The French text for an error the toolkit raised: the status's, naming `field` when set. */
std::string user_message_for(guichet_status status, std::string_view field);

}  // namespace guichet::toolkit
