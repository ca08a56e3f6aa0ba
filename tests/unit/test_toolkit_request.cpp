// The toolkit's request decoding names the faulty field by JSON pointer.
#include <guichet/toolkit/request.hpp>

#include <catch2/catch.hpp>

#include <functional>

using guichet::toolkit::Error;
using guichet::toolkit::Request;

namespace {
std::string field_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.status() == GUICHET_E_INVALID_ARGUMENT);
        return e.field();
    }
    FAIL("no error thrown");
    return {};
}
}  // namespace

TEST_CASE("required and optional fields, with the faulty one named", "[toolkit]") {
    const Request r = Request::parse(R"({"patient":{"birth_name":"CORSE","first_names":["Anthony", 3],
                                        "birth_rank":1,"qualified":true,"birth_place":null}})");
    CHECK(r.string("/patient/birth_name") == "CORSE");
    CHECK(r.integer("/patient/birth_rank") == 1);
    CHECK(r.boolean("/patient/qualified"));
    CHECK_FALSE(r.optional_string("/patient/birth_place").has_value());  // null counts as absent
    CHECK_FALSE(r.optional_string("/patient/sex").has_value());
    CHECK(field_of([&] { (void)r.string("/patient/sex"); }) == "/patient/sex");
    CHECK(field_of([&] { (void)r.integer("/patient/birth_name"); }) == "/patient/birth_name");
    CHECK(field_of([&] { (void)r.strings("/patient/first_names"); }) == "/patient/first_names/1");
    CHECK(field_of([&] { (void)r.optional_boolean("/patient/birth_rank"); }) == "/patient/birth_rank");
    CHECK(field_of([&] { (void)r.string("patient"); }) == "patient");
}

TEST_CASE("malformed request text is an invalid argument", "[toolkit]") {
    CHECK_THROWS_AS(Request::parse("{\"a\":"), Error);
    CHECK(Request::parse("").document().is_object());
}
