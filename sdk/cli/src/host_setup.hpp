#pragma once
// The CLI as a reference host: builds a runtime from the command line and the environment.
#include "options.hpp"

#include <guichet/runtime.h>

#include <memory>
#include <string>
#include <vector>

namespace guichet::cli {

struct RuntimeDeleter {
    void operator()(guichet_runtime* r) const { guichet_runtime_destroy(r); }
};
using RuntimePtr = std::unique_ptr<guichet_runtime, RuntimeDeleter>;

/** Plugin directories: --plugins (repeatable), else $GUICHET_PLUGIN_PATH (':'-separated),
 *  else lib/guichet/plugins next to the executable (build tree and install tree alike). */
std::vector<std::string> plugin_directories(const Options& options);

/** A runtime named after the CLI, logging to stderr with --verbose, asking passphrases from
 *  $GUICHET_PASSPHRASE. Prints the error and returns null on failure. */
RuntimePtr make_runtime(const Options& options);

/** Loads the plugin directories into `runtime`; prints refusals with --verbose. */
void load_plugins(guichet_runtime* runtime, const Options& options);

/** Prints "error: NAME: message (field ...)" to stderr. */
void print_error(const std::string& context, guichet_status status, const guichet_error* error);

/** Reads a file, or standard input for "-". Returns false when it cannot. */
bool read_input(const std::string& path, std::string& out);

}  // namespace guichet::cli
