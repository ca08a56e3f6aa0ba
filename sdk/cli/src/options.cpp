#include "options.hpp"

#include <algorithm>

namespace guichet::cli {

Options::Options(const std::vector<std::string>& args, const std::vector<std::string>& flags) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-" || a.rfind("--", 0) != 0) {
            positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        std::optional<std::string> inline_value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
            flags_[name]++;
        } else if (inline_value) {
            values_.emplace(name, *inline_value);
        } else if (i + 1 < args.size()) {
            values_.emplace(name, args[++i]);
        } else {
            error_ = "option --" + name + " needs a value";
        }
    }
}

std::optional<std::string> Options::value(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> Options::values(const std::string& name) const {
    std::vector<std::string> out;
    for (auto [it, end] = values_.equal_range(name); it != end; ++it) out.push_back(it->second);
    return out;
}

}  // namespace guichet::cli
