#pragma once
// The dynamic symbols a shared object exports, read from its ELF .dynsym without loading it
// (a library's constructors run at load time, so a file is inspected before it is trusted).
//
// Why not boost::dll::library_info: in Boost 1.74 it reads .symtab, which stripped libraries
// do not have, and takes the last string table of the file (often .shstrtab) for symbol names,
// so it lists nothing or garbage for valid plugins. elfutils' libelf reads .dynsym properly.
#include <stdexcept>
#include <string>
#include <vector>

namespace guichet::host {

/** Defined, global or weak, default-visibility symbols of `.dynsym`.
 *  Throws std::runtime_error when `path` is not a readable ELF shared object. */
std::vector<std::string> exported_symbols(const std::string& path);

}  // namespace guichet::host
