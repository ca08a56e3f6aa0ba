// What leaves each shared object: libguichet exports only guichet_* functions, a plugin built
// with the toolkit exports only guichet_entry (read from .dynsym, as the loader does).
#include "exported_symbols.hpp"
#include "test_runtime.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace guichet::test;

TEST_CASE("libguichet exports only guichet_* symbols", "[abi]") {
    const auto symbols = guichet::host::exported_symbols(GUICHET_TEST_LIBGUICHET_PATH);
    REQUIRE_FALSE(symbols.empty());
    for (const auto& s : symbols) {
        INFO(s);
        CHECK(s.rfind("guichet_", 0) == 0);
    }
    CHECK(std::find(symbols.begin(), symbols.end(), "guichet_call_async") != symbols.end());
}

TEST_CASE("a toolkit plugin exports guichet_entry and nothing else", "[abi]") {
    CHECK(guichet::host::exported_symbols(plugin_dir() + "/template.so") == std::vector<std::string>{"guichet_entry"});
}

TEST_CASE("inspecting a file that is not ELF is an error, not a crash", "[abi]") {
    CHECK_THROWS_WITH(guichet::host::exported_symbols(GUICHET_TEST_SOURCE_FILE), Catch::Contains("not an ELF file"));
    CHECK_THROWS_WITH(guichet::host::exported_symbols("/nonexistent.so"), Catch::Contains("cannot open"));
}
