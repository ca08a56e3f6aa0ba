/* Plugins that a host must refuse, one defect per build (see CMakeLists.txt):
 * BROKEN_NO_ENTRY, BROKEN_ABI_MAJOR, BROKEN_STRUCT_SIZE, BROKEN_INIT_FAILS, BROKEN_NO_FACTORY. */
#include <guichet/plugin.h>

#define EXPORTED __attribute__((visibility("default")))

#if defined(BROKEN_NO_ENTRY)
EXPORTED int guichet_entry_point_misspelt(void) { return 0; }
#else

static guichet_status GUICHET_CALL init(const guichet_host* host, const guichet_error_sink* errors) {
    (void)host;
#if defined(BROKEN_INIT_FAILS)
    if (errors != NULL && errors->report != NULL) {
        guichet_error e = {0};
        e.struct_size = sizeof e;
        e.status = GUICHET_E_IDENTITY;
        e.message.ptr = "licence file missing";
        e.message.len = 20;
        errors->report(errors->context, &e);
    }
    return GUICHET_E_IDENTITY;
#else
    (void)errors;
    return GUICHET_OK;
#endif
}

static void GUICHET_CALL deinit(void) {}

static const void* GUICHET_CALL get_factory(const char* id) {
    (void)id;
    return NULL;
}

EXPORTED const guichet_plugin_entry guichet_entry = {
#if defined(BROKEN_STRUCT_SIZE)
    8,
#else
    sizeof(guichet_plugin_entry),
#endif
#if defined(BROKEN_ABI_MAJOR)
    {GUICHET_ABI_VERSION_MAJOR + 1, 0, 0, 0},
#else
    {GUICHET_ABI_VERSION_MAJOR, GUICHET_ABI_VERSION_MINOR, GUICHET_ABI_VERSION_PATCH, 0},
#endif
    init,
    deinit,
    get_factory};
#endif
