#include "plugin_store.hpp"

#include "error_detail.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace guichet::host {

namespace {
struct Statement {
    sqlite3_stmt* stmt = nullptr;
    Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr); }
    ~Statement() { sqlite3_finalize(stmt); }
    void text(int i, const std::string& s) {
        sqlite3_bind_text(stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
};
// The store is created owner-only (0600) before SQLite opens it: SQLite would create it 0644
// whatever the umask, and gives its -wal and -shm files the mode of the database file.
// An existing store is narrowed to 0600 too (it may come from a version that did not).
void create_owner_only(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) fail(GUICHET_E_IO, "cannot create plugin store '" + path + "': " + std::strerror(errno));
    const int changed = ::fchmod(fd, 0600);
    const int saved = errno;
    ::close(fd);
    if (changed != 0) fail(GUICHET_E_IO, "cannot make plugin store '" + path + "' owner-only: " + std::strerror(saved));
}
}  // namespace

PluginStore::PluginStore(const std::string& path) {
    if (!path.empty()) create_owner_only(path);
    const std::string target = path.empty() ? ":memory:" : path;
    if (sqlite3_open_v2(target.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        const std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        fail(GUICHET_E_IO, "cannot open plugin store '" + target + "': " + why);
    }
    sqlite3_busy_timeout(db_, 5000);
    const char* schema =
        "PRAGMA journal_mode=WAL;"
        "CREATE TABLE IF NOT EXISTS plugin_store(space TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,"
        " PRIMARY KEY(space, key));";
    char* err = nullptr;
    if (sqlite3_exec(db_, schema, nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string why = err != nullptr ? err : "unknown";
        sqlite3_free(err);
        sqlite3_close(db_);
        db_ = nullptr;
        fail(GUICHET_E_IO, "cannot prepare plugin store '" + target + "': " + why);
    }
}

PluginStore::~PluginStore() { sqlite3_close(db_); }

std::optional<std::vector<uint8_t>> PluginStore::get(const std::string& space, const std::string& key) {
    std::lock_guard lock(mutex_);
    Statement q(db_, "SELECT value FROM plugin_store WHERE space=?1 AND key=?2");
    q.text(1, space);
    q.text(2, key);
    if (sqlite3_step(q.stmt) != SQLITE_ROW) return std::nullopt;
    const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(q.stmt, 0));
    const int len = sqlite3_column_bytes(q.stmt, 0);
    return std::vector<uint8_t>(data, data + len);
}

guichet_status PluginStore::put(const std::string& space, const std::string& key, const uint8_t* value, size_t len) {
    if (len > max_value_bytes) return GUICHET_E_INVALID_ARGUMENT;
    std::lock_guard lock(mutex_);
    Statement q(db_, "INSERT OR REPLACE INTO plugin_store(space, key, value) VALUES(?1, ?2, ?3)");
    q.text(1, space);
    q.text(2, key);
    sqlite3_bind_blob(q.stmt, 3, len == 0 ? "" : static_cast<const void*>(value), static_cast<int>(len),
                      SQLITE_TRANSIENT);
    return sqlite3_step(q.stmt) == SQLITE_DONE ? GUICHET_OK : GUICHET_E_IO;
}

guichet_status PluginStore::remove(const std::string& space, const std::string& key) {
    std::lock_guard lock(mutex_);
    Statement q(db_, "DELETE FROM plugin_store WHERE space=?1 AND key=?2");
    q.text(1, space);
    q.text(2, key);
    if (sqlite3_step(q.stmt) != SQLITE_DONE) return GUICHET_E_IO;
    return sqlite3_changes(db_) > 0 ? GUICHET_OK : GUICHET_E_NOT_FOUND;
}

}  // namespace guichet::host
