#pragma once
// Runs an independent tool (xmllint, xmlsec1) on files, for cross-checks in tests.
#include <filesystem>
#include <string>

namespace guichet::test {

struct ToolRun {
    int exit_code;
    std::string output;  ///< stdout and stderr
};

/** Runs `command` through the shell, capturing its output. */
ToolRun run_tool(const std::string& command);

/** A fresh directory under the system temp dir, removed when this object goes. */
class TempDir {
public:
    explicit TempDir(const std::string& name);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path path(const std::string& file) const { return dir_ / file; }
    std::string write(const std::string& file, const std::string& content) const;

private:
    std::filesystem::path dir_;
};

std::string read_text(const std::filesystem::path& file);

}  // namespace guichet::test
