// What the host writes to disk is owner-only whatever the application's umask (issue 11): the
// data directory (0700) and the plugin store with SQLite's companion files (0600).
#include "external_tool.hpp"
#include "test_runtime.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>

using namespace guichet::test;
namespace fs = std::filesystem;

namespace {

// Sets the process umask for one scope (each test case runs in its own process under ctest).
class Umask {
public:
    explicit Umask(mode_t mask) : previous_(::umask(mask)) {}
    ~Umask() { ::umask(previous_); }
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;

private:
    mode_t previous_;
};

mode_t mode_of(const fs::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("the data directory and the plugin store are owner-only under umask 000", "[files]") {
    const TempDir dir("owner-only");
    const fs::path data_dir = dir.path("practice/guichet-data");
    const Umask open_to_all(0);
    auto config = base_config();
    const std::string data = data_dir.string();
    config.data_dir = data.c_str();
    auto runtime = make_runtime(config);  // open: SQLite's -wal and -shm files exist now

    CHECK(mode_of(data_dir.parent_path()) == 0700);  // created for us: owner-only too
    CHECK(mode_of(data_dir) == 0700);
    REQUIRE(fs::exists(data_dir / "plugin-store.sqlite"));
    for (const auto& file : fs::directory_iterator(data_dir)) {
        INFO(file.path());
        CHECK(mode_of(file.path()) == 0600);
    }
}

TEST_CASE("a plugin store left readable by an earlier version is narrowed to owner-only", "[files]") {
    const TempDir dir("narrowed");
    const std::string data = dir.path("data").string();
    fs::create_directories(data);
    const std::string store = dir.write("data/plugin-store.sqlite", "");
    ::chmod(store.c_str(), 0644);
    auto config = base_config();
    config.data_dir = data.c_str();
    auto runtime = make_runtime(config);
    CHECK(mode_of(store) == 0600);
}
