/* Compiled (not linked) by x86_64-w64-mingw32-gcc: runtime.h as libguichet's own build sees it,
 * GUICHET_API being __declspec(dllexport) (see abi_headers_compile_for_windows_with_mingw). */
#define GUICHET_BUILDING_LIBGUICHET
#include <guichet/runtime.h>

GUICHET_API guichet_version GUICHET_CALL guichet_abi_version(void) {
    guichet_version v = {GUICHET_ABI_VERSION_MAJOR, GUICHET_ABI_VERSION_MINOR, GUICHET_ABI_VERSION_PATCH, 0};
    return v;
}
