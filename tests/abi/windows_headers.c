/* Compiled (not linked) by x86_64-w64-mingw32-gcc as strict C99: every ABI header, as an
 * application importing guichet.dll and as a plugin DLL exporting its entry, see the CTest
 * abi_headers_compile_for_windows_with_mingw. The layout static_asserts of the headers hold on
 * LLP64 too. */
#include <guichet/plugin.h>
#include <guichet/runtime.h>
#include <guichet/services.h>

/* An application: GUICHET_API is __declspec(dllimport). */
guichet_version abi_of_the_dll(void);
guichet_version abi_of_the_dll(void) { return guichet_abi_version(); }

/* A plugin: its entry is __declspec(dllexport). */
static guichet_status GUICHET_CALL init(const guichet_host* host, const guichet_error_sink* errors) {
    const guichet_clock_service* clock;
    (void)errors;
    clock = (const guichet_clock_service*)host->get_service(host, GUICHET_CLOCK_SERVICE_ID);
    return clock != NULL && GUICHET_HAS_MEMBER(clock, guichet_clock_service, monotonic_ns) ? GUICHET_OK
                                                                                           : GUICHET_E_UNSUPPORTED;
}
static void GUICHET_CALL deinit(void) {}
static const void* GUICHET_CALL get_factory(const char* id) {
    (void)id;
    return NULL;
}

GUICHET_PLUGIN_EXPORT const guichet_plugin_entry guichet_entry = {
    sizeof(guichet_plugin_entry),
    {GUICHET_ABI_VERSION_MAJOR, GUICHET_ABI_VERSION_MINOR, GUICHET_ABI_VERSION_PATCH, 0},
    init,
    deinit,
    get_factory};
