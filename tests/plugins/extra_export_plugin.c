/* A working plugin that breaks ABI rule 1: besides `guichet_entry` it exports a function,
 * `extra_export_helper`, as a plugin built without the toolkit's version script would. The host
 * loads it with a warning naming the symbol, or refuses it under GUICHET_PLUGIN_EXPORTS_REFUSE.
 * Provides extra-export/1 "ping" -> {"pong":true}. */
#include <guichet/plugin.h>

#include <stdlib.h>
#include <string.h>

GUICHET_PLUGIN_EXPORT int extra_export_helper(void);
GUICHET_PLUGIN_EXPORT int extra_export_helper(void) { return 42; }

static guichet_status GUICHET_CALL init(const guichet_host* host, const guichet_error_sink* errors) {
    (void)host;
    (void)errors;
    return GUICHET_OK;
}

static void GUICHET_CALL deinit(void) {}

static void GUICHET_CALL destroy(guichet_service_instance* self) { free(self); }

static void GUICHET_CALL invoke(guichet_service_instance* self, const guichet_invocation* call,
                                const guichet_completion* completion) {
    guichet_outcome outcome;
    (void)self;
    (void)call;
    memset(&outcome, 0, sizeof outcome);
    outcome.struct_size = sizeof outcome;
    outcome.status = GUICHET_OK;
    outcome.response_json.ptr = "{\"pong\":true}";
    outcome.response_json.len = strlen(outcome.response_json.ptr);
    completion->complete(completion, &outcome);
}

static const guichet_operation_descriptor ping = {sizeof(guichet_operation_descriptor), 0, GUICHET_STR_LIT("ping"),
                                                  GUICHET_STR_LIT("Answers pong")};
static const guichet_operation_descriptor* const operations[] = {&ping};
static const guichet_service_descriptor service = {sizeof(guichet_service_descriptor),
                                                   0,
                                                   GUICHET_STR_LIT("extra-export/1"),
                                                   GUICHET_STR_LIT("Exports one symbol too many"),
                                                   {1, 0, 0, 0},
                                                   operations,
                                                   1,
                                                   0};

static uint32_t GUICHET_CALL service_count(void) { return 1; }

static const guichet_service_descriptor* GUICHET_CALL service_at(uint32_t index) {
    return index == 0 ? &service : NULL;
}

static guichet_service_instance* GUICHET_CALL create_instance(guichet_str service_id, const guichet_host* host,
                                                              const guichet_instance_config* config,
                                                              const guichet_error_sink* errors) {
    guichet_service_instance* instance = (guichet_service_instance*)calloc(1, sizeof *instance);
    (void)service_id;
    (void)host;
    (void)config;
    (void)errors;
    if (instance == NULL) return NULL;
    instance->struct_size = sizeof *instance;
    instance->destroy = destroy;
    instance->invoke = invoke;
    return instance;
}

static const guichet_service_factory factory = {sizeof(guichet_service_factory), service_count, service_at,
                                                create_instance};

static const void* GUICHET_CALL get_factory(const char* id) {
    return strcmp(id, GUICHET_SERVICE_FACTORY_ID) == 0 ? &factory : NULL;
}

GUICHET_PLUGIN_EXPORT const guichet_plugin_entry guichet_entry = {
    sizeof(guichet_plugin_entry),
    {GUICHET_ABI_VERSION_MAJOR, GUICHET_ABI_VERSION_MINOR, GUICHET_ABI_VERSION_PATCH, 0},
    init,
    deinit,
    get_factory};
