// A JSON request as a plugin receives it: the text parsed (common::parse_json_text,
// toolkit::Request::parse), validated against every published request schema (docs/schemas,
// embedded as the plugins embed theirs; toolkit::RequestValidator over valijson), then read by
// the typed field readers the plugins use (INSi's traits, a card beneficiary, a care date).
// Every refusal must be GUICHET_E_INVALID_ARGUMENT naming a field: any other exception escaping
// is a finding (it would surface as GUICHET_E_INTERNAL).
#include "fuzz_support.hpp"
#include "search_by_traits.hpp"

#include <guichet/common/json_text.hpp>
#include <guichet/toolkit/beneficiary_fields.hpp>
#include <guichet/toolkit/request_schema.hpp>

#include <guichet_schemas/adri.hpp>
#include <guichet_schemas/clock.hpp>
#include <guichet_schemas/dsig.hpp>
#include <guichet_schemas/echo.hpp>
#include <guichet_schemas/insi.hpp>
#include <guichet_schemas/soap_echo.hpp>
#include <guichet_schemas/vihf.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <span>
#include <vector>

namespace tk = guichet::toolkit;
namespace schemas = guichet::schemas;

namespace {

// Compiled once: compiling is what the plugins do at load time, not per request.
const std::vector<std::unique_ptr<tk::RequestValidator>>& validators() {
    static const auto compiled = [] {
        std::vector<std::unique_ptr<tk::RequestValidator>> out;
        auto add_folder = [&](std::string_view folder, std::span<const tk::SchemaFile> files) {
            for (const tk::SchemaFile& file : files)
                out.push_back(std::make_unique<tk::RequestValidator>(tk::RequestSchema{folder, file.name, files}));
        };
        add_folder("adri", schemas::adri::files);
        add_folder("clock", schemas::clock::files);
        add_folder("dsig", schemas::dsig::files);
        add_folder("echo", schemas::echo::files);
        add_folder("insi", schemas::insi::files);
        add_folder("soap-echo", schemas::soap_echo::files);
        add_folder("vihf", schemas::vihf::files);
        return out;
    }();
    return compiled;
}

void expect_invalid_argument(const tk::Error& e) {
    if (e.status() != GUICHET_E_INVALID_ARGUMENT) {
        std::fprintf(stderr, "a request was refused with status %d, not INVALID_ARGUMENT: %s\n",
                     static_cast<int>(e.status()), e.what());
        std::abort();
    }
}

template <typename Read>
void read_field(Read&& read) {
    try {
        read();
    } catch (const tk::Error& e) {
        expect_invalid_argument(e);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = guichet::fuzz::text_of(data, size);
    nlohmann::json document;
    if (guichet::common::parse_json_text(text, document)) {
        read_field([&] { tk::Request::parse(text); });
        return 0;
    }
    // As the toolkit's invoke: the request parsed once, then validated and read, never copied.
    const tk::Request request = tk::Request::parse(text);
    for (const auto& validator : validators()) read_field([&] { validator->check(request.document()); });

    read_field([&] { guichet::insi::read_traits(request, ""); });
    read_field([&] { guichet::insi::read_traits(request, "/traits"); });
    read_field([&] { tk::read_card_beneficiary(request, "/beneficiary", false); });
    read_field([&] { tk::read_card_beneficiary(request, "/beneficiary", true); });
    read_field([&] { tk::read_calendar_date(request, "/care_date"); });
    read_field([&] { request.optional_integer("/validity_seconds"); });
    read_field([&] { request.strings("/first_names"); });
    return 0;
}
