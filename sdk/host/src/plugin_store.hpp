#pragma once
// guichet.store/1: a small key/value space per plugin, in SQLite (a file in the runtime's data
// directory, in WAL mode, or an in-memory database when the runtime has none).
#include "sqlite_database.hpp"

#include <guichet/types.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace guichet::host {

class PluginStore {
public:
    /** `path` empty = in memory. Throws HostError(GUICHET_E_IO) when the database cannot be opened. */
    explicit PluginStore(const std::string& path);
    PluginStore(const PluginStore&) = delete;
    PluginStore& operator=(const PluginStore&) = delete;

    std::optional<std::vector<uint8_t>> get(const std::string& space, const std::string& key);
    guichet_status put(const std::string& space, const std::string& key, const uint8_t* value, size_t len);
    guichet_status remove(const std::string& space, const std::string& key);

    static constexpr size_t max_value_bytes = 64 * 1024;

private:
    std::mutex mutex_;
    SqliteDatabase db_;
};

}  // namespace guichet::host
