/* A minimal host in plain C99 using only guichet/runtime.h: loads the plugins of a directory,
 * lists their services, opens a session and calls echo/1 and clock/1.
 * Usage: c-host <plugin-dir> [message] */
#include <guichet/runtime.h>

#include <stdio.h>
#include <string.h>

static void print_error(const char* what, guichet_status status, const guichet_error* error) {
    fprintf(stderr, "%s failed: %s", what, guichet_status_name(status));
    if (error != NULL && error->message.len > 0) fprintf(stderr, ": %.*s", (int)error->message.len, error->message.ptr);
    if (error != NULL && error->field.len > 0)
        fprintf(stderr, " (field %.*s)", (int)error->field.len, error->field.ptr);
    fputc('\n', stderr);
}

static int call_and_print(guichet_session* session, const char* service, const char* operation, const char* request) {
    guichet_result* result = NULL;
    const guichet_status status = guichet_call(session, service, operation, request, strlen(request), 5000, &result);
    if (status != GUICHET_OK) {
        print_error(operation, status, guichet_result_error(result));
        guichet_result_free(result);
        return 1;
    }
    printf("%s %s -> %s\n", service, operation, guichet_result_json(result, NULL));
    guichet_result_free(result);
    return 0;
}

int main(int argc, char** argv) {
    guichet_runtime_config config;
    guichet_runtime* runtime = NULL;
    guichet_session* session = NULL;
    char request[512];
    uint32_t i;
    int failures = 0;
    guichet_status status;

    if (argc < 2) {
        fprintf(stderr, "usage: %s <plugin-dir> [message]\n", argv[0]);
        return 2;
    }
    memset(&config, 0, sizeof config);
    config.struct_size = sizeof config;
    config.software_name = "Guichet C host sample";
    config.software_version = "1.0";
    config.authorisation_number = "SAMPLE-0001";

    status = guichet_runtime_create(&config, &runtime);
    if (status != GUICHET_OK) {
        print_error("guichet_runtime_create", status, guichet_last_error());
        return 1;
    }
    status = guichet_runtime_add_plugin_dir(runtime, argv[1]);
    if (status != GUICHET_OK) {
        print_error("guichet_runtime_add_plugin_dir", status, guichet_last_error());
        guichet_runtime_destroy(runtime);
        return 1;
    }
    for (i = 0; i < guichet_runtime_service_count(runtime); ++i) {
        guichet_service_info info;
        memset(&info, 0, sizeof info);
        info.struct_size = sizeof info;
        if (guichet_runtime_service_at(runtime, i, &info) == GUICHET_OK)
            printf("service %s (%s), %u operation(s)\n", info.id, info.display_name, (unsigned)info.operation_count);
    }

    status = guichet_session_open(runtime, "{}", 2, &session);
    if (status != GUICHET_OK) {
        print_error("guichet_session_open", status, guichet_last_error());
        guichet_runtime_destroy(runtime);
        return 1;
    }
    snprintf(request, sizeof request, "{\"message\":\"%s\"}", argc > 2 ? argv[2] : "bonjour");
    failures += call_and_print(session, "echo/1", "echo", request);
    failures += call_and_print(session, "clock/1", "now", "{}");

    guichet_session_close(session);
    guichet_runtime_destroy(runtime);
    return failures == 0 ? 0 : 1;
}
