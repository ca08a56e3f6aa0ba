#include "exported_symbols.hpp"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace guichet::host {

namespace {
struct FileCloser {
    int fd;
    ~FileCloser() {
        if (fd >= 0) ::close(fd);
    }
};
struct ElfCloser {
    void operator()(Elf* e) const { elf_end(e); }
};
}  // namespace

std::vector<std::string> exported_symbols(const std::string& path) {
    if (elf_version(EV_CURRENT) == EV_NONE)
        throw std::runtime_error("libelf is unusable: " + std::string(elf_errmsg(-1)));
    FileCloser file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) throw std::runtime_error("cannot open: " + std::string(std::strerror(errno)));
    std::unique_ptr<Elf, ElfCloser> elf(elf_begin(file.fd, ELF_C_READ, nullptr));
    if (!elf || elf_kind(elf.get()) != ELF_K_ELF) throw std::runtime_error("not an ELF file");
    GElf_Ehdr header;
    if (gelf_getehdr(elf.get(), &header) == nullptr || header.e_type != ET_DYN)
        throw std::runtime_error("not an ELF shared object");

    std::vector<std::string> names;
    for (Elf_Scn* section = elf_nextscn(elf.get(), nullptr); section != nullptr;
         section = elf_nextscn(elf.get(), section)) {
        GElf_Shdr shdr;
        if (gelf_getshdr(section, &shdr) == nullptr || shdr.sh_type != SHT_DYNSYM) continue;
        Elf_Data* data = elf_getdata(section, nullptr);
        if (data == nullptr || shdr.sh_entsize == 0) continue;
        const size_t count = shdr.sh_size / shdr.sh_entsize;
        for (size_t i = 0; i < count; ++i) {
            GElf_Sym symbol;
            if (gelf_getsym(data, static_cast<int>(i), &symbol) == nullptr) continue;
            const unsigned binding = GELF_ST_BIND(symbol.st_info);
            // SHN_ABS entries are version nodes (GUICHET_1), not interfaces.
            if (symbol.st_shndx == SHN_UNDEF || symbol.st_shndx == SHN_ABS ||
                (binding != STB_GLOBAL && binding != STB_WEAK) || GELF_ST_VISIBILITY(symbol.st_other) != STV_DEFAULT)
                continue;
            if (const char* name = elf_strptr(elf.get(), shdr.sh_link, symbol.st_name);
                name != nullptr && *name != '\0')
                names.emplace_back(name);
        }
    }
    return names;
}

}  // namespace guichet::host
