// The INS: NIR shape, key and OID, as identity vigilance needs them checked.
#include <guichet/toolkit/ins_number.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

using namespace guichet::toolkit;

namespace {

// INSEE's other wording of the Corsican rule: read 2A/2B as 20, then subtract 1 000 000 (2A) or
// 2 000 000 (2B). An independent formulation of what nir_key does with 19/18.
std::string key_by_subtraction(std::string nir) {
    const bool corsica_a = nir[6] == 'A', corsica_b = nir[6] == 'B';
    if (corsica_a || corsica_b) nir[6] = '0';
    uint64_t n = std::stoull(nir);
    if (corsica_a) n -= 1'000'000;
    if (corsica_b) n -= 2'000'000;
    const auto key = 97 - n % 97;
    return (key < 10 ? "0" : "") + std::to_string(key);
}

}  // namespace

TEST_CASE("the NIR key is 97 - NIR mod 97, Corsica's 2A/2B included", "[toolkit][ins]") {
    CHECK(nir_key("2951099126111") == "93");  // python-stdnum's documented example (fr.nir)
    CHECK(nir_key("2630775115034") == "49");
    for (const std::string nir : {"169052A004078", "280052B025254", "1010101001001", "2991275056123"}) {
        INFO(nir);
        CHECK(nir_key(nir) == key_by_subtraction(nir));
    }
}

TEST_CASE("an INS is refused for its shape, its key or its OID, naming which", "[toolkit][ins]") {
    const char* nir_test_oid = "1.2.250.1.213.1.4.10";
    CHECK_FALSE(ins_problem("2630775115034", "49", nir_test_oid).has_value());
    CHECK_FALSE(ins_problem("2630775115034", "", "1.2.250.1.213.1.4.8").has_value());  // key not given
    CHECK_FALSE(ins_problem("169052A004078", nir_key("169052A004078"), "1.2.250.1.213.1.4.9").has_value());
    for (const std::string nir : {"ABCDEFGHIJKLM", "263077511503", "26307751150345", "9630775115034", "263077A115034",
                                  "2630775A15034", "26307 5115034"}) {
        INFO(nir);
        const auto problem = ins_problem(nir, "49", nir_test_oid);
        REQUIRE(problem.has_value());
        CHECK(std::string(problem->part) == "nir");
        CHECK(problem->reason.find(nir) == std::string::npos);  // never quoted (patient data)
    }
    CHECK(std::string(ins_problem("2630775115034", "48", nir_test_oid)->part) == "key");
    CHECK(std::string(ins_problem("2630775115034", "49", "9.9.9")->part) == "oid");
    CHECK(std::string(ins_problem("2630775115034", "49", "")->part) == "oid");
}
