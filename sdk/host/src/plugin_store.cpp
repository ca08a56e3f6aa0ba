#include "plugin_store.hpp"

#include "error_detail.hpp"

namespace guichet::host {

PluginStore::PluginStore(const std::string& path) : db_(path, {}, "plugin store") {
    db_.exec(
        "CREATE TABLE IF NOT EXISTS plugin_store(space TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,"
        " PRIMARY KEY(space, key))");
}

std::optional<std::vector<uint8_t>> PluginStore::get(const std::string& space, const std::string& key) {
    std::lock_guard lock(mutex_);
    auto q = db_.prepare("SELECT value FROM plugin_store WHERE space=?1 AND key=?2");
    q.bind(1, space).bind(2, key);
    if (!q.step()) return std::nullopt;
    const std::string value = q.text(0);
    return std::vector<uint8_t>(value.begin(), value.end());
}

guichet_status PluginStore::put(const std::string& space, const std::string& key, const uint8_t* value, size_t len) {
    if (len > max_value_bytes) return GUICHET_E_INVALID_ARGUMENT;
    std::lock_guard lock(mutex_);
    auto q = db_.prepare("INSERT OR REPLACE INTO plugin_store(space, key, value) VALUES(?1, ?2, ?3)");
    q.bind(1, space).bind(2, key).bind_blob(3, value, len);
    q.run();
    return GUICHET_OK;
}

guichet_status PluginStore::remove(const std::string& space, const std::string& key) {
    std::lock_guard lock(mutex_);
    auto q = db_.prepare("DELETE FROM plugin_store WHERE space=?1 AND key=?2");
    q.bind(1, space).bind(2, key);
    q.run();
    return db_.changes() > 0 ? GUICHET_OK : GUICHET_E_NOT_FOUND;
}

}  // namespace guichet::host
