#include "private_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace guichet::sandbox {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void failed(const std::string& what, const fs::path& path) {
    throw std::runtime_error("cannot " + what + " " + path.string() + ": " + std::strerror(errno));
}

// O_CREAT's mode is filtered by the umask; fchmod is not, and fixes a file that already existed
// with a wider mode.
int open_private(const fs::path& file, int flags) {
    const int fd = ::open(file.c_str(), flags | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) failed("create", file);
    if (::fchmod(fd, 0600) != 0) {
        ::close(fd);
        failed("restrict", file);
    }
    return fd;
}

}  // namespace

void make_private_directory(const fs::path& dir) {
    std::vector<fs::path> missing;
    for (fs::path p = fs::absolute(dir); !p.empty() && !fs::exists(p); p = p.parent_path()) {
        missing.push_back(p);
        if (p == p.parent_path()) break;
    }
    fs::create_directories(dir);
    for (const auto& created : missing) fs::permissions(created, fs::perms::owner_all, fs::perm_options::replace);
}

void make_private_file(const fs::path& file) { ::close(open_private(file, O_WRONLY)); }

void write_private_file(const fs::path& file, std::string_view content) {
    const fs::path temporary = file.string() + ".tmp";
    const int fd = open_private(temporary, O_WRONLY | O_TRUNC);
    for (size_t written = 0; written < content.size();) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            failed("write", temporary);
        }
        written += static_cast<size_t>(n);
    }
    ::close(fd);
    fs::rename(temporary, file);
}

}  // namespace guichet::sandbox
