// The CLI prints text from outside (a plugin's error, a service name typed in another encoding)
// as JSON without aborting when it is not valid UTF-8 (issue 11): invalid bytes become U+FFFD.
#include "../../sdk/cli/src/json_output.hpp"
#include "external_tool.hpp"
#include "test_runtime.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace guichet::test;

namespace {

std::string cli_path() {
    return (std::filesystem::path(GUICHET_TEST_LIBGUICHET_PATH).parent_path().parent_path() / "bin" / "guichet")
        .string();
}

}  // namespace

TEST_CASE("the CLI's JSON output replaces bytes that are not UTF-8", "[cli][utf8]") {
    const nlohmann::json error{{"message",
                                "r\xe9ponse du service : \xe9"
                                "chec"}};  // Latin-1
    const std::string text = guichet::cli::json_text(error);
    const auto back = nlohmann::json::parse(text);
    CHECK(back["message"] ==
          "r\xef\xbf\xbdponse du service : \xef\xbf\xbd"
          "chec");
}

TEST_CASE("guichet call --json reports an error carrying Latin-1 bytes as JSON", "[cli][utf8]") {
    // The service name comes back in the runtime's error message ("no loaded plugin provides
    // service 'caf\xe9/1'"): before, nlohmann's dump threw and the CLI aborted.
    const ToolRun run = run_tool(cli_path() + " call \"$(printf 'caf\\351/1')\" echo --json --plugins " + plugin_dir() +
                                 " 2>/dev/null");
    INFO(run.output);
    CHECK(run.exit_code == 4);  // unknown service, as documented
    const auto out = nlohmann::json::parse(run.output, nullptr, false);
    REQUIRE_FALSE(out.is_discarded());
    CHECK(out["status"] == "GUICHET_E_NOT_FOUND");
    CHECK_THAT(out["error"]["message"].get<std::string>(), Catch::Contains("caf\xef\xbf\xbd/1"));
}
