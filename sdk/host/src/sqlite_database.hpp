#pragma once
// One SQLite (SQLCipher) database file owned by the host: created owner-only whatever the umask,
// in WAL mode, optionally encrypted at rest. Every failure is a HostError(GUICHET_E_IO) naming
// the file and SQLite's reason, so a corrupted or locked file is a clear error, never a crash.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace guichet::host {

class SqliteStatement;

class SqliteDatabase {
public:
    /** `path` empty = in memory. `key` non-empty = SQLCipher encryption with that passphrase
     *  (refused when the SQLite in the process is not SQLCipher, rather than storing in clear).
     *  `what` names the database in errors ("outbox"). */
    SqliteDatabase(const std::string& path, const std::string& key, std::string what);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    /** Runs statements without results (schema, pragmas, BEGIN/COMMIT). */
    void exec(const std::string& sql);
    SqliteStatement prepare(std::string_view sql);
    int64_t changes() const;
    [[noreturn]] void fail_with(const std::string& doing) const;
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::string what_;
    std::string target_;
};

/** A prepared statement; binds are 1-based like SQLite's, columns 0-based. */
class SqliteStatement {
public:
    SqliteStatement(const SqliteDatabase& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
    SqliteStatement(SqliteStatement&& other) noexcept;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    SqliteStatement& operator=(SqliteStatement&&) = delete;

    SqliteStatement& bind(int index, std::string_view text);
    SqliteStatement& bind(int index, int64_t value);
    SqliteStatement& bind_blob(int index, const void* data, size_t len);
    SqliteStatement& bind_null(int index);
    /** true while a row is available; throws on any error (busy past the timeout included). */
    bool step();
    /** Runs a statement to its end. */
    void run();

    std::string text(int column) const;
    std::optional<std::string> optional_text(int column) const;
    int64_t integer(int column) const;
    bool is_null(int column) const;

private:
    const SqliteDatabase* db_;
    sqlite3_stmt* stmt_;
};

/** BEGIN IMMEDIATE ... COMMIT, rolled back when not committed (an exception on the way). */
class SqliteTransaction {
public:
    explicit SqliteTransaction(SqliteDatabase& db);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    void commit();

private:
    SqliteDatabase& db_;
    bool done_ = false;
};

}  // namespace guichet::host
