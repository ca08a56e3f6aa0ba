// The plugin side of the ABI: reference-counted init, the service factory, instances, and the
// exception firewall around every handler.
#include <guichet/toolkit/plugin.hpp>
#include <guichet/toolkit/user_message.hpp>

#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <new>

namespace guichet::toolkit {

Call::Call(const guichet_invocation& call, const Host& host, const InstanceConfig& config, SessionCache& cache)
    : call_(call),
      host_(host),
      config_(config),
      cache_(cache),
      operation_(view(call.operation)),
      request_(Request::parse(view(call.request_json))) {}

void Call::check_cancelled() const {
    if (call_.cancel == nullptr || call_.cancel->check == nullptr) return;
    const guichet_status s = call_.cancel->check(call_.cancel);
    if (s == GUICHET_E_CANCELLED) throw Error(s, operation_ + " was cancelled");
    if (s == GUICHET_E_DEADLINE_EXCEEDED) throw Error(s, operation_ + " reached its deadline").retryable(true);
}

HttpRequest Call::http_request(std::string method, std::string url) const {
    HttpRequest r;
    r.method = std::move(method);
    r.url = std::move(url);
    r.deadline_ns = call_.deadline_ns;
    r.cancel = call_.cancel;
    return r;
}

Service::Service(std::string id, std::string display_name, Version plugin_version)
    : id_(std::move(id)), display_name_(std::move(display_name)), version_(plugin_version) {}

namespace {

Operation validated(Operation op, const RequestSchema& schema) {
    op.request_schema = schema;
    op.validator = std::make_shared<const RequestValidator>(schema);
    return op;
}

}  // namespace

Service&& Service::operation(std::string name, std::string summary, Handler handler) && {
    operations_.push_back({std::move(name), std::move(summary), 0u, std::move(handler), {}, {}});
    return std::move(*this);
}

Service&& Service::operation(std::string name, std::string summary, Handler handler, const RequestSchema& schema) && {
    operations_.push_back(validated({std::move(name), std::move(summary), 0u, std::move(handler), {}, {}}, schema));
    return std::move(*this);
}

Service&& Service::submitting_operation(std::string name, std::string summary, Handler handler) && {
    operations_.push_back({std::move(name), std::move(summary), GUICHET_OPERATION_SUBMITS, std::move(handler), {}, {}});
    return std::move(*this);
}

Service&& Service::submitting_operation(std::string name, std::string summary, Handler handler,
                                        const RequestSchema& schema) && {
    operations_.push_back(validated(
        {std::move(name), std::move(summary), GUICHET_OPERATION_SUBMITS, std::move(handler), {}, {}}, schema));
    return std::move(*this);
}

Service&& Service::serialized() && {
    flags_ |= GUICHET_SERVICE_SERIALIZED;
    return std::move(*this);
}

namespace {

// The C descriptors built from the definition; addresses stay stable until deinit.
struct Registry {
    PluginDefinition definition;
    std::deque<guichet_operation_descriptor> operation_descriptors;
    std::deque<std::vector<const guichet_operation_descriptor*>> operation_tables;
    std::deque<guichet_service_descriptor> service_descriptors;

    explicit Registry(PluginDefinition def) : definition(std::move(def)) {
        for (const Service& s : definition.services()) {
            auto& table = operation_tables.emplace_back();
            for (const Operation& op : s.operations()) {
                operation_descriptors.push_back(
                    {sizeof(guichet_operation_descriptor), op.flags, c_str(op.name), c_str(op.summary)});
                table.push_back(&operation_descriptors.back());
            }
            guichet_service_descriptor d{};
            d.struct_size = sizeof(d);
            d.flags = s.flags();
            d.id = c_str(s.id());
            d.display_name = c_str(s.display_name());
            d.plugin_version = s.version();
            d.operations = table.data();
            d.operation_count = static_cast<uint32_t>(table.size());
            service_descriptors.push_back(d);
        }
    }
    const Service* find(std::string_view id) const {
        for (const Service& s : definition.services())
            if (s.id() == id) return &s;
        return nullptr;
    }
};

std::mutex registry_mutex;
int init_count = 0;
std::unique_ptr<Registry> registry;

// Every error leaving the plugin carries a French text; one the code did not word itself gets
// its status's, naming the faulty field in words.
common::ErrorDetail with_user_message(common::ErrorDetail detail) {
    if (detail.user_message.empty()) detail.user_message = user_message_for(detail.status, detail.field);
    return detail;
}

void report(const guichet_error_sink* sink, const common::ErrorDetail& detail) {
    if (sink == nullptr || sink->report == nullptr) return;
    const common::ErrorDetail worded = with_user_message(detail);
    const guichet_error e = worded.view();
    sink->report(sink->context, &e);
}

void report(const guichet_error_sink* sink, guichet_status status, const std::string& message) {
    report(sink, common::ErrorDetail::make(status, message));
}

struct Instance {
    guichet_service_instance c{};
    const Service* service;
    Host host;
    InstanceConfig config;
    SessionCache cache;

    Instance(const Service* s, const guichet_host* h) : service(s), host(h) {}
};

void complete_with_error(const guichet_completion* completion, const common::ErrorDetail& detail) {
    const common::ErrorDetail worded = with_user_message(detail);
    const guichet_error e = worded.view();
    guichet_outcome o{};
    o.struct_size = sizeof(o);
    o.status = detail.status;
    o.error = &e;
    completion->complete(completion, &o);
}

void complete_with_error(const guichet_completion* completion, guichet_status status, const std::string& message) {
    complete_with_error(completion, common::ErrorDetail::make(status, message));
}

common::ErrorDetail detail_of(const Error& e) {
    common::ErrorDetail d = common::ErrorDetail::make(e.status(), e.what(), e.field());
    d.remote_code = e.remote_code();
    d.http_status = e.http_status();
    d.retryable = e.retryable();
    d.remote_detail_code = e.remote_detail_code();
    d.remote_severity = e.remote_severity();
    d.retry_after_s = e.retry_after_s();
    d.user_message = e.user_message();
    return d;
}

void GUICHET_CALL invoke(guichet_service_instance* self, const guichet_invocation* call,
                         const guichet_completion* completion) {
    auto* instance = static_cast<Instance*>(self->plugin_data);
    const std::string where = instance->service->id() + " " + std::string(view(call->operation));
    try {
        const Operation* operation = nullptr;
        for (const Operation& op : instance->service->operations())
            if (op.name == view(call->operation)) operation = &op;
        if (operation == nullptr) throw Error(GUICHET_E_NOT_FOUND, where + ": no such operation");
        Call context(*call, instance->host, instance->config, instance->cache);
        // Before the handler: a field the published schema lacks (careDate for care_date) is
        // refused, not ignored while the call goes on with a default.
        if (operation->validator) operation->validator->check(context.request().document());
        const std::string answer = operation->handler(context).dump();
        guichet_outcome o{};
        o.struct_size = sizeof(o);
        o.status = GUICHET_OK;
        o.response_json = c_str(answer);
        completion->complete(completion, &o);
    } catch (const Error& e) {
        complete_with_error(completion, detail_of(e));
    } catch (const std::bad_alloc&) {
        complete_with_error(completion, GUICHET_E_NO_MEMORY, where + ": out of memory");
    } catch (const std::exception& e) {
        complete_with_error(completion, GUICHET_E_INTERNAL, where + ": internal error: " + e.what());
    } catch (...) {
        complete_with_error(completion, GUICHET_E_INTERNAL, where + ": internal error (unknown exception)");
    }
}

void GUICHET_CALL destroy(guichet_service_instance* self) { delete static_cast<Instance*>(self->plugin_data); }

uint32_t GUICHET_CALL service_count() {
    std::lock_guard lock(registry_mutex);
    return registry ? static_cast<uint32_t>(registry->service_descriptors.size()) : 0;
}

const guichet_service_descriptor* GUICHET_CALL service_at(uint32_t index) {
    std::lock_guard lock(registry_mutex);
    if (!registry || index >= registry->service_descriptors.size()) return nullptr;
    return &registry->service_descriptors[index];
}

guichet_service_instance* GUICHET_CALL create_instance(guichet_str service_id, const guichet_host* host,
                                                       const guichet_instance_config* config,
                                                       const guichet_error_sink* errors) {
    try {
        const Service* service = nullptr;
        {
            std::lock_guard lock(registry_mutex);
            if (registry) service = registry->find(view(service_id));
        }
        if (service == nullptr) {
            report(errors, GUICHET_E_NOT_FOUND, "this plugin does not provide " + std::string(view(service_id)));
            return nullptr;
        }
        if (config == nullptr ||
            config->struct_size < offsetof(guichet_instance_config, endpoint) + sizeof(guichet_str)) {
            report(errors, GUICHET_E_INVALID_ARGUMENT, "instance config missing or too small");
            return nullptr;
        }
        auto instance = std::make_unique<Instance>(service, host);
        instance->config.software_name = view(config->software_name);
        instance->config.software_version = view(config->software_version);
        instance->config.authorisation_number = view(config->authorisation_number);
        instance->config.software_instance_id = view(config->software_instance_id);
        instance->config.endpoint = view(config->endpoint);
        // Read strictly here, once: a wrong member fails the creation naming it, instead of a
        // JSON exception from a handler that reads it leniently (GUICHET_E_INTERNAL).
        if (const auto read = common::read_session_document(view(config->session_json), instance->config.session);
            !read) {
            report(errors, common::ErrorDetail::make(read.status, read.message, read.field));
            return nullptr;
        }
        instance->c.struct_size = sizeof(guichet_service_instance);
        instance->c.plugin_data = instance.get();
        instance->c.destroy = destroy;
        instance->c.invoke = invoke;
        instance->c.invoke_async = nullptr;
        return &instance.release()->c;
    } catch (const std::exception& e) {
        report(errors, GUICHET_E_INTERNAL, std::string("cannot create instance: ") + e.what());
        return nullptr;
    }
}

const guichet_service_factory factory{sizeof(guichet_service_factory), service_count, service_at, create_instance};

}  // namespace

namespace detail {

guichet_status init(const guichet_host* host, const guichet_error_sink* errors, PluginDefinition (*define)()) {
    (void)host;  // valid only during init; instances get their own
    try {
        std::lock_guard lock(registry_mutex);
        if (init_count++ > 0) return GUICHET_OK;
        registry = std::make_unique<Registry>(define());
        return GUICHET_OK;
    } catch (const std::exception& e) {
        init_count = 0;
        registry.reset();
        report(errors, GUICHET_E_INTERNAL, std::string("plugin definition failed: ") + e.what());
        return GUICHET_E_INTERNAL;
    }
}

void GUICHET_CALL deinit() {
    std::lock_guard lock(registry_mutex);
    if (init_count == 0) return;  // unpaired deinit: nothing to undo
    if (--init_count == 0) registry.reset();
}

const void* GUICHET_CALL get_factory(const char* id) {
    if (id == nullptr || std::strcmp(id, GUICHET_SERVICE_FACTORY_ID) != 0) return nullptr;
    return &factory;
}

}  // namespace detail

}  // namespace guichet::toolkit
