#pragma once
// A guichet-sandbox running in the test process, on the test PKI, with its state in a
// temporary directory; its admin API is reached with curl, as a lab would.
#include "external_tool.hpp"
#include "test_runtime.hpp"

#include <guichet/sandbox/sandbox.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace guichet::test {

struct RunningSandbox {
    TempDir state{"sandbox"};
    std::unique_ptr<sandbox::Sandbox> sandbox;

    explicit RunningSandbox(uint64_t seed = 1, bool keep_patient_data = false) {
        sandbox::SandboxOptions options;
        options.pki_dir = pki_dir();
        options.state_dir = state.path("state").string();
        options.seed = seed;
        options.journal_patient_data = keep_patient_data;
        sandbox = std::make_unique<sandbox::Sandbox>(options);
    }
    /** The admin API as the CLI reaches it: with the sandbox's token. */
    std::string admin(const std::string& method, const std::string& path, const std::string& body = {}) const {
        const ToolRun run =
            run_tool("curl -s -X " + method + " -H 'Authorization: Bearer " + sandbox->admin_token() + "' '" +
                     sandbox->admin_url() + path + "'" + (body.empty() ? "" : " --data-binary '" + body + "'"));
        REQUIRE(run.exit_code == 0);
        return run.output;
    }
    nlohmann::json journal() const { return nlohmann::json::parse(admin("GET", "/admin/journal")); }
};

}  // namespace guichet::test
