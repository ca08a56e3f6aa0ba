#pragma once
// Files only their owner may read, whatever the process's umask (docs/security.md, "Sandbox"):
// client.json (it holds the PKCS#12 passphrase), the admin token, the journal, the test PKI's
// keys, PKCS#12 files and manifest. Created with mode 0600 from the start, so there is no moment
// when another user could open them; directories the sandbox creates are 0700.
#include <filesystem>
#include <string_view>

namespace guichet::sandbox {

/** Creates `dir` (and its parents); the directories created here are made 0700. */
void make_private_directory(const std::filesystem::path& dir);
/** Creates `file` empty if absent; either way its mode is 0600 afterwards. Throws on failure. */
void make_private_file(const std::filesystem::path& file);
/** Replaces `file` with `content` (written beside, then renamed): mode 0600. Throws on failure. */
void write_private_file(const std::filesystem::path& file, std::string_view content);

}  // namespace guichet::sandbox
