#include <guichet/toolkit/xml_c14n.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

namespace guichet::toolkit {

namespace {

constexpr const char* xml_namespace = "http://www.w3.org/XML/1998/namespace";

using NamespaceMap = std::map<std::string, std::string>;  // prefix ("" = default) -> URI

bool is_namespace_declaration(const char* name) {
    return std::strcmp(name, "xmlns") == 0 || std::strncmp(name, "xmlns:", 6) == 0;
}

std::string declared_prefix(const char* name) {
    return std::strcmp(name, "xmlns") == 0 ? std::string() : std::string(name + 6);
}

// Namespaces in scope at `node`: declarations of the node and all its ancestors, nearest first.
NamespaceMap in_scope(pugi::xml_node node) {
    std::vector<pugi::xml_node> chain;
    for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) chain.push_back(n);
    NamespaceMap map;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
        for (pugi::xml_attribute a : it->attributes())
            if (is_namespace_declaration(a.name())) map[declared_prefix(a.name())] = a.value();
    return map;
}

void escape_text(std::string& out, const char* text) {
    for (const char* p = text; *p != '\0'; ++p) {
        switch (*p) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '\r':
                out += "&#xD;";
                break;
            default:
                out += *p;
        }
    }
}

void escape_attribute(std::string& out, const char* text) {
    for (const char* p = text; *p != '\0'; ++p) {
        switch (*p) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\t':
                out += "&#x9;";
                break;
            case '\n':
                out += "&#xA;";
                break;
            case '\r':
                out += "&#xD;";
                break;
            default:
                out += *p;
        }
    }
}

// A namespace map changed in place on the way down and restored on the way up. Copying the
// maps per element made canonicalization quadratic: 6,000 declarations on a root with 6,000
// children took 1.8 s, and a sandbox request of a few megabytes would have held it for hours.
class ScopedChanges {
public:
    explicit ScopedChanges(NamespaceMap& map) : map_(map) {}
    ~ScopedChanges() {
        for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
            if (it->second)
                map_[it->first] = *it->second;
            else
                map_.erase(it->first);
        }
    }
    ScopedChanges(const ScopedChanges&) = delete;
    ScopedChanges& operator=(const ScopedChanges&) = delete;

    void set(const std::string& prefix, const std::string& uri) {
        const auto found = map_.find(prefix);
        undo_.emplace_back(prefix, found == map_.end() ? std::nullopt : std::optional<std::string>(found->second));
        map_[prefix] = uri;
    }

private:
    NamespaceMap& map_;
    std::vector<std::pair<std::string, std::optional<std::string>>> undo_;
};

class Canonicalizer {
public:
    Canonicalizer(const C14nOptions& options, NamespaceMap scope_of_parent)
        : options_(options), scope_(std::move(scope_of_parent)) {}

    void element(pugi::xml_node node) {
        if (node == options_.excluded) return;
        ScopedChanges scope_changes(scope_);
        for (pugi::xml_attribute a : node.attributes())
            if (is_namespace_declaration(a.name())) scope_changes.set(declared_prefix(a.name()), a.value());
        const NamespaceMap& scope = scope_;
        const NamespaceMap& rendered = rendered_;

        // Prefixes this element needs: its own, its attributes', and the inclusive list.
        std::set<std::string> needed{name_prefix(node.name())};
        for (pugi::xml_attribute a : node.attributes()) {
            if (is_namespace_declaration(a.name())) continue;
            const std::string p = name_prefix(a.name());
            if (!p.empty() && p != "xml") needed.insert(p);
        }
        for (const std::string& p : options_.inclusive_prefixes) {
            const std::string key = p == "#default" ? std::string() : p;
            if (scope.count(key) != 0) needed.insert(key);
        }

        ScopedChanges rendered_changes(rendered_);
        std::vector<std::pair<std::string, std::string>> declarations;
        for (const std::string& prefix : needed) {
            const auto found = scope.find(prefix);
            const std::string uri = found == scope.end() ? std::string() : found->second;
            if (!prefix.empty() && uri.empty())
                throw std::runtime_error("namespace prefix '" + prefix + "' is used but not declared");
            const auto before = rendered.find(prefix);
            const std::string previous = before == rendered.end() ? std::string() : before->second;
            if (previous == uri && (before != rendered.end() || uri.empty())) continue;  // already in force
            declarations.emplace_back(prefix, uri);
        }
        std::sort(declarations.begin(), declarations.end());
        for (const auto& [prefix, uri] : declarations) rendered_changes.set(prefix, uri);

        struct Attribute {
            std::string uri;
            std::string local;
            pugi::xml_attribute attribute;
        };
        std::vector<Attribute> attributes;
        for (pugi::xml_attribute a : node.attributes()) {
            if (is_namespace_declaration(a.name())) continue;
            const std::string p = name_prefix(a.name());
            std::string uri;
            if (p == "xml")
                uri = xml_namespace;
            else if (!p.empty())
                uri = scope.count(p) != 0 ? scope.at(p)
                                          : throw std::runtime_error("attribute prefix '" + p + "' is not declared");
            attributes.push_back({uri, local_name(a.name()), a});
        }
        std::sort(attributes.begin(), attributes.end(), [](const Attribute& x, const Attribute& y) {
            return x.uri != y.uri ? x.uri < y.uri : x.local < y.local;
        });

        out_ += '<';
        out_ += node.name();
        for (const auto& [prefix, uri] : declarations) {
            out_ += prefix.empty() ? " xmlns=\"" : " xmlns:" + prefix + "=\"";
            escape_attribute(out_, uri.c_str());
            out_ += '"';
        }
        for (const Attribute& a : attributes) {
            out_ += ' ';
            out_ += a.attribute.name();
            out_ += "=\"";
            escape_attribute(out_, a.attribute.value());
            out_ += '"';
        }
        out_ += '>';
        for (pugi::xml_node child : node.children()) {
            switch (child.type()) {
                case pugi::node_element:
                    element(child);
                    break;
                case pugi::node_pcdata:
                case pugi::node_cdata:
                    escape_text(out_, child.value());
                    break;
                case pugi::node_pi:
                    out_ += "<?";
                    out_ += child.name();
                    if (*child.value() != '\0') {
                        out_ += ' ';
                        out_ += child.value();
                    }
                    out_ += "?>";
                    break;
                default:  // comments (without-comments variant), doctype, declaration
                    break;
            }
        }
        out_ += "</";
        out_ += node.name();
        out_ += '>';
    }

    std::string take() { return std::move(out_); }

private:
    const C14nOptions& options_;
    NamespaceMap scope_;     ///< namespaces in scope at the element being written
    NamespaceMap rendered_;  ///< declarations in force in the output there
    std::string out_;
};

}  // namespace

pugi::xml_node document_element(pugi::xml_node node) {
    for (pugi::xml_node c : node.root().children())
        if (c.type() == pugi::node_element) return c;
    return {};
}

std::string local_name(const char* qualified_name) {
    const char* colon = std::strchr(qualified_name, ':');
    return colon == nullptr ? std::string(qualified_name) : std::string(colon + 1);
}

std::string name_prefix(const char* qualified_name) {
    const char* colon = std::strchr(qualified_name, ':');
    return colon == nullptr ? std::string() : std::string(qualified_name, static_cast<size_t>(colon - qualified_name));
}

// The nearest declaration wins, and within one element the last one, as in_scope has it; without
// building the whole map, which made a lookup per child of a crowded envelope quadratic.
std::string namespace_uri(pugi::xml_node node, const std::string& prefix) {
    const std::string declaration = prefix.empty() ? "xmlns" : "xmlns:" + prefix;
    for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
        const char* uri = nullptr;
        for (pugi::xml_attribute a : n.attributes())
            if (declaration == a.name()) uri = a.value();
        if (uri != nullptr) return uri;
    }
    return {};
}

std::string exclusive_c14n(pugi::xml_node apex, const C14nOptions& options) {
    if (apex.type() == pugi::node_document) apex = document_element(apex);
    if (apex.type() != pugi::node_element) throw std::invalid_argument("canonicalization needs an element");
    Canonicalizer c(options, in_scope(apex.parent()));
    c.element(apex);
    return c.take();
}

}  // namespace guichet::toolkit
