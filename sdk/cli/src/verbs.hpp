#pragma once
#include <string>
#include <vector>

namespace guichet::cli {

/** Each verb takes the words after it and returns the process exit code. */
int plugins_verb(const std::vector<std::string>& args);
int call_verb(const std::vector<std::string>& args);
int pki_verb(const std::vector<std::string>& args);
int sandbox_verb(const std::vector<std::string>& args);
int conform_verb(const std::vector<std::string>& args);
int outbox_verb(const std::vector<std::string>& args);
/** "vihf" or "dsig". */
int security_verb(const std::string& command, const std::vector<std::string>& args);

}  // namespace guichet::cli
