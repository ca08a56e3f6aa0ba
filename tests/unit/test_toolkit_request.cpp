// The toolkit's request decoding names the faulty field by JSON pointer.
#include <guichet/toolkit/beneficiary_fields.hpp>
#include <guichet/toolkit/request.hpp>
#include <guichet/toolkit/utc_time.hpp>

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

TEST_CASE("a number too large for any type is an invalid argument naming its field, not an internal error",
          "[toolkit]") {
    // nlohmann throws out_of_range (not parse_error) for 1e999: it used to escape as INTERNAL.
    CHECK(field_of([] { (void)Request::parse(R"({"patient":{"birth_rank":1e999}})"); }) == "/patient/birth_rank");
    CHECK(field_of([] { (void)Request::parse(R"({"ids":[1, 2, -1e999]})"); }) == "/ids/2");
    CHECK(field_of([] { (void)Request::parse(R"({"a~b/c": 1e400})"); }) == "/a~0b~1c");
    const Request huge = Request::parse(R"({"rank": 18446744073709551615})");
    CHECK(field_of([&] { (void)huge.integer("/rank"); }) == "/rank");  // would wrap to -1
}

TEST_CASE("beneficiary fields as the Vitale card gives them: Corsican NIRs and lunar dates kept, bad ones named",
          "[toolkit]") {
    namespace tk = guichet::toolkit;
    const Request r =
        Request::parse(R"({"b":{"nir":"180032A004012","key":"89","with_key":"263077511503449","lunar":"1975-00-00",
                                         "rank":2,"rank0":0,"care":"2026-02-28","not_a_day":"2026-02-30","slash":"28/02/2026"}})");
    CHECK(tk::read_nir(r, "/b/nir", true) == "180032A004012");
    CHECK(tk::read_nir(r, "/b/absent", false).empty());
    CHECK(field_of([&] { tk::read_nir(r, "/b/absent", true); }) == "/b/absent");
    CHECK(field_of([&] { tk::read_nir(r, "/b/with_key", true); }) == "/b/with_key");
    CHECK(tk::read_nir_key(r, "/b/key") == "89");
    CHECK(field_of([&] { tk::read_nir_key(r, "/b/nir"); }) == "/b/nir");
    CHECK(tk::read_card_birth_date(r, "/b/lunar") == "1975-00-00");
    CHECK(field_of([&] { tk::read_card_birth_date(r, "/b/slash"); }) == "/b/slash");
    CHECK(tk::read_birth_rank(r, "/b/rank") == "2");
    CHECK(field_of([&] { tk::read_birth_rank(r, "/b/rank0"); }) == "/b/rank0");
    CHECK(tk::read_calendar_date(r, "/b/care") == "2026-02-28");
    CHECK(field_of([&] { tk::read_calendar_date(r, "/b/not_a_day"); }) == "/b/not_a_day");
    CHECK(field_of([&] { tk::read_calendar_date(r, "/b/lunar"); }) == "/b/lunar");
}

TEST_CASE("a whole card beneficiary is read at once, and one of the two numbers is required", "[toolkit]") {
    namespace tk = guichet::toolkit;
    const Request r =
        Request::parse(R"({"twin":{"insured_nir":"2630775115034","birth_date":"2015-05-10","birth_rank":2},
                                         "nobody":{"birth_date":"2015-05-10","birth_rank":1}})");
    const tk::CardBeneficiary twin = tk::read_card_beneficiary(r, "/twin", false);
    CHECK(twin.nir.empty());
    CHECK(twin.insured_nir == "2630775115034");
    CHECK(twin.birth_rank == "2");
    CHECK(field_of([&] { tk::read_card_beneficiary(r, "/nobody", false); }) == "/nobody/nir");
    CHECK(field_of([&] { tk::read_card_beneficiary(r, "/nobody", true); }) == "/nobody/insured_nir");
}

TEST_CASE("UTC timestamps: written and read back, fractions dropped, offsets refused", "[toolkit]") {
    namespace tk = guichet::toolkit;
    CHECK(tk::utc_timestamp(1'795'420'800) == "2026-11-23T08:00:00Z");
    CHECK(tk::parse_utc_timestamp("2026-11-23T08:00:00Z") == 1'795'420'800);
    CHECK(tk::parse_utc_timestamp("2026-11-23T08:00:00.250Z") == 1'795'420'800);
    CHECK_FALSE(tk::parse_utc_timestamp("2026-11-23T08:00:00+01:00").has_value());
    CHECK_FALSE(tk::parse_utc_timestamp("23/11/2026 08:00").has_value());
    CHECK_FALSE(tk::parse_utc_timestamp("2026-11-23T08:00:00.Z").has_value());
    CHECK_FALSE(tk::parse_utc_timestamp("2026-11-23T08:00:00.2a5Z").has_value());
    CHECK_FALSE(tk::parse_utc_timestamp("2026-11-23T08:00:00").has_value());
    CHECK_FALSE(tk::parse_utc_timestamp("2026-1X-23T08:00:00Z").has_value());
    // std::regex recursed per digit of the fraction: 100 KB of them overflowed the stack.
    CHECK(tk::parse_utc_timestamp("2026-11-23T08:00:00." + std::string(100'000, '5') + "Z") == 1'795'420'800);
}

TEST_CASE("text fields refuse control characters, names refuse blanks, birth dates must be possible", "[toolkit]") {
    namespace tk = guichet::toolkit;
    // "CORSE\u0000XYZ" was sent as CORSE; "\u0000" passed the non-empty check.
    const Request r = Request::parse(
        R"({"nul":"CORSE\u0000XYZ","only_nul":"\u0000","bell":"A\u0007","del":"A\u007f","free":"line 1\nline 2\tend",
            "names":["JEAN","\u0000"],"blank":"   ","name":"JEAN-PIERRE",
            "lunar":"1975-00-00","lunar_day":"1975-06-00","month13":"1980-13-45","feb30":"1980-02-30",
            "leap":"2000-02-29","not_leap":"1900-02-29","day32":"1980-01-32"})");
    CHECK(field_of([&] { (void)r.string("/nul"); }) == "/nul");
    CHECK(field_of([&] { (void)r.string("/only_nul"); }) == "/only_nul");
    CHECK(field_of([&] { (void)r.string("/bell"); }) == "/bell");
    CHECK(field_of([&] { (void)r.string("/del"); }) == "/del");
    CHECK(r.string("/free") == "line 1\nline 2\tend");  // free text keeps its lines and tabs
    CHECK(field_of([&] { (void)r.strings("/names"); }) == "/names/1");
    CHECK(field_of([&] { (void)tk::read_name(r, "/blank"); }) == "/blank");
    CHECK(tk::read_name(r, "/name") == "JEAN-PIERRE");
    CHECK(tk::read_birth_date(r, "/lunar") == "1975-00-00");
    CHECK(tk::read_birth_date(r, "/lunar_day") == "1975-06-00");
    CHECK(tk::read_birth_date(r, "/leap") == "2000-02-29");
    for (const char* impossible : {"/month13", "/feb30", "/not_leap", "/day32"}) {
        INFO(impossible);
        CHECK(field_of([&] { (void)tk::read_birth_date(r, impossible); }) == impossible);
        CHECK(field_of([&] { (void)tk::read_card_birth_date(r, impossible); }) == impossible);
    }
}
