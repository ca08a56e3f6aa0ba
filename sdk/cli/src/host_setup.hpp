#pragma once
// The CLI as a reference host: builds a runtime from the command line and the environment.
#include "options.hpp"

#include <guichet/common/runtime_ptr.hpp>
#include <guichet/runtime.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace guichet::cli {

using common::RuntimePtr;

/** Plugin directories: --plugins (repeatable), else $GUICHET_PLUGIN_PATH (':'-separated),
 *  else lib/guichet/plugins next to the executable (build tree and install tree alike). */
std::vector<std::string> plugin_directories(const Options& options);

/** The outbox file: --outbox, else outbox.sqlite in --data-dir, else $GUICHET_OUTBOX, else
 *  $XDG_DATA_HOME/guichet/outbox.sqlite (~/.local/share when unset). */
std::string outbox_path(const Options& options);

/** A runtime named after the CLI, logging to stderr with --verbose, asking passphrases from
 *  $GUICHET_PASSPHRASE. Prints the error and returns null on failure. */
RuntimePtr make_runtime(const Options& options);

/** Loads the plugin directories into `runtime`; prints refusals with --verbose. */
void load_plugins(guichet_runtime* runtime, const Options& options);

/** The outcome of one call, copied out of the runtime. */
struct CallOutcome {
    guichet_status status = GUICHET_OK;
    std::string json;  ///< the answer, when the call succeeded
    std::string message;
    std::string field;
    std::string remote_code;
    std::string remote_detail_code;
    std::string user_message;  ///< French, for the professional
    int32_t http_status = 0;
    bool retryable = false;
    uint32_t retry_after_s = 0;
    bool failed() const { return status != GUICHET_OK && status != GUICHET_QUEUED; }
};

/**
 * Starts a runtime from `options`, loads the plugins, opens a session with `session_context`
 * and makes one call. Returns nullopt (after printing why) when the session cannot open.
 */
std::optional<CallOutcome> call_once(const Options& options, const std::string& service, const std::string& operation,
                                     const std::string& request, const std::string& session_context,
                                     uint32_t deadline_ms);

/** Reads --session FILE (default "{}"); false after printing why. */
bool read_session(const Options& options, std::string& session_context);

/** Exit code for a failed call: 4 for an unknown service or operation, else 1. */
int exit_code_of(const CallOutcome& outcome);

/** Prints "error: NAME: message (field ...)" to stderr. */
void print_error(const std::string& context, guichet_status status, const guichet_error* error);
void print_error(const std::string& context, const CallOutcome& outcome);

/** Reads a file, or standard input for "-". Returns false when it cannot. */
bool read_input(const std::string& path, std::string& out);

}  // namespace guichet::cli
