#pragma once
// Reading an answer's elements that its contract allows once. A second CodeCR or INSACTIF makes
// the answer mean two things; reading the first one silently would pick one of them. Such an
// answer is refused (GUICHET_E_BAD_RESPONSE) instead, naming the element.
#include "error.hpp"
#include "xml_c14n.hpp"

#include <pugixml.hpp>

#include <string>

namespace guichet::toolkit {

/** The child element of `parent` whose local name is `local` (any namespace), or an empty node.
 *  Throws Error(GUICHET_E_BAD_RESPONSE) when there are two. */
inline pugi::xml_node single_child(pugi::xml_node parent, const char* local) {
    pugi::xml_node found;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element || local_name(c.name()) != local) continue;
        if (found)
            throw Error(GUICHET_E_BAD_RESPONSE, "the answer carries " + std::string(local) + " twice in " +
                                                    local_name(parent.name()) + ", where its contract allows one");
        found = c;
    }
    return found;
}

/** The text of single_child(parent, local); empty when absent. */
inline std::string single_child_text(pugi::xml_node parent, const char* local) {
    return single_child(parent, local).text().get();
}

}  // namespace guichet::toolkit
