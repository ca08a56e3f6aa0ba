#include "sqlite_database.hpp"

#include "error_detail.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>

namespace guichet::host {

namespace {

// The file is created owner-only (0600) before SQLite opens it: SQLite would create it 0644
// whatever the umask, and gives its -wal and -shm files the mode of the database file. An
// existing file is narrowed to 0600 too (it may come from a version that did not).
void create_owner_only(const std::string& path, const std::string& what) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) fail(GUICHET_E_IO, "cannot create " + what + " '" + path + "': " + std::strerror(errno));
    const int changed = ::fchmod(fd, 0600);
    const int saved = errno;
    ::close(fd);
    if (changed != 0) fail(GUICHET_E_IO, "cannot make " + what + " '" + path + "' owner-only: " + std::strerror(saved));
}

// SQLCipher answers `PRAGMA cipher_version`; plain SQLite ignores it. When another SQLite
// loaded into the process first took the sqlite3_* symbols, a key would be silently ignored.
bool cipher_available(sqlite3* db) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA cipher_version", -1, &stmt, nullptr) != SQLITE_OK) return false;
    const bool answered = sqlite3_step(stmt) == SQLITE_ROW;
    sqlite3_finalize(stmt);
    return answered;
}

}  // namespace

SqliteDatabase::SqliteDatabase(const std::string& path, const std::string& key, std::string what)
    : what_(std::move(what)), target_(path.empty() ? ":memory:" : path) {
    if (!path.empty()) create_owner_only(path, what_);
    if (sqlite3_open_v2(target_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        const std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        fail(GUICHET_E_IO, "cannot open " + what_ + " '" + target_ + "': " + why);
    }
    sqlite3_busy_timeout(db_, 5000);
    try {
        if (!key.empty()) {
            if (!cipher_available(db_))
                fail(GUICHET_E_IO, "cannot encrypt " + what_ + ": the SQLite in this process is not SQLCipher");
            char* quoted = sqlite3_mprintf("PRAGMA key = %Q", key.c_str());
            const std::string sql = quoted != nullptr ? quoted : "";
            sqlite3_free(quoted);
            prepare(sql).run();
        }
        // Reading the schema is what tells a wrong key or a file that is not a database.
        exec("PRAGMA journal_mode=WAL");
    } catch (...) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
    }
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close(db_); }

void SqliteDatabase::fail_with(const std::string& doing) const {
    fail(GUICHET_E_IO, what_ + " '" + target_ + "': cannot " + doing + ": " + sqlite3_errmsg(db_));
}

void SqliteDatabase::exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string why = err != nullptr ? err : sqlite3_errmsg(db_);
        sqlite3_free(err);
        fail(GUICHET_E_IO, what_ + " '" + target_ + "': " + why);
    }
}

SqliteStatement SqliteDatabase::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
        fail_with("prepare a statement");
    return SqliteStatement(*this, stmt);
}

int64_t SqliteDatabase::changes() const { return sqlite3_changes(db_); }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
    if (text.size() > static_cast<size_t>(std::numeric_limits<int>::max())) fail(GUICHET_E_IO, "value too large");
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

SqliteStatement& SqliteStatement::bind_blob(int index, const void* data, size_t len) {
    if (len > static_cast<size_t>(std::numeric_limits<int>::max())) fail(GUICHET_E_IO, "value too large");
    sqlite3_bind_blob(stmt_, index, len == 0 ? "" : data, static_cast<int>(len), SQLITE_TRANSIENT);
    return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

bool SqliteStatement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_->fail_with("read or write");
}

void SqliteStatement::run() {
    while (step()) {
    }
}

std::string SqliteStatement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return data == nullptr ? std::string()
                           : std::string(data, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> SqliteStatement::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

int64_t SqliteStatement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

bool SqliteStatement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

SqliteTransaction::SqliteTransaction(SqliteDatabase& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

SqliteTransaction::~SqliteTransaction() {
    if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteTransaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace guichet::host
