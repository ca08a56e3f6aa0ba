#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_load.hpp>

#include <algorithm>
#include <sstream>

namespace guichet::toolkit {

namespace {

// The deepest nesting under `document`, walked without recursion (its depth is not trusted yet).
std::size_t nesting_depth(pugi::xml_node document) {
    pugi::xml_node node = document.first_child();
    std::size_t depth = 1, deepest = 0;
    while (node) {
        deepest = std::max(deepest, depth);
        if (pugi::xml_node child = node.first_child()) {
            node = child;
            ++depth;
            continue;
        }
        while (node && !node.next_sibling()) {
            node = node.parent();
            --depth;
            if (node == document) return deepest;
        }
        if (node) node = node.next_sibling();
    }
    return deepest;
}

}  // namespace

std::optional<std::string> load_xml(pugi::xml_document& document, std::string_view text) {
    const pugi::xml_parse_result parsed = document.load_buffer(text.data(), text.size(), xml_parse_options);
    if (!parsed) return std::string(parsed.description()) + " at offset " + std::to_string(parsed.offset);
    if (!document_element(document)) return std::string("no root element");
    if (nesting_depth(document) > max_xml_depth)
        return "elements nested deeper than " + std::to_string(max_xml_depth) + " levels";
    const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    const auto last = text.find_last_not_of(" \t\r\n");
    if (first == std::string_view::npos || text[first] != '<' || text[last] != '>')
        return std::string("text outside the root element");
    return std::nullopt;
}

std::string standalone_xml(pugi::xml_node element) {
    pugi::xml_document copy;
    pugi::xml_node root = copy.append_copy(element);
    for (pugi::xml_node n = element.parent(); n && n.type() == pugi::node_element; n = n.parent())
        for (pugi::xml_attribute a : n.attributes()) {
            const std::string_view name = a.name();
            if ((name == "xmlns" || name.substr(0, 6) == "xmlns:") && !root.attribute(a.name()))
                root.append_attribute(a.name()) = a.value();
        }
    std::ostringstream out;
    copy.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

}  // namespace guichet::toolkit
