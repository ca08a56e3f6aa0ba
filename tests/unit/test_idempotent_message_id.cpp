// The WS-Addressing MessageID of a submission is the host's idempotency key (issue 12), so every
// attempt of one submission carries the same and the service can recognise a retry; a call
// without a key draws a fresh one; a key that is not a UUID never reaches the envelope.
#include <guichet/toolkit/error.hpp>
#include <guichet/toolkit/soap_client.hpp>

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

namespace tk = guichet::toolkit;

namespace {

int draws = 0;
std::string fresh() {
    ++draws;
    return "0f0e0d0c-0b0a-4908-8706-050403020100";
}

}  // namespace

TEST_CASE("a submission's MessageID is uuid: and the host's idempotency key, on every attempt", "[toolkit][outbox]") {
    draws = 0;
    const std::string key = "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5";
    CHECK(tk::wsa_message_id(key, fresh) == "uuid:" + key);
    CHECK(tk::wsa_message_id(key, fresh) == tk::wsa_message_id(key, fresh));
    CHECK(draws == 0);  // nothing drawn when the host gave a key
    // RFC 4122: any case on input, lowercase on the wire.
    CHECK(tk::wsa_message_id("6F1C2D3E-4A5B-4C6D-8E7F-90A1B2C3D4E5", fresh) == "uuid:" + key);
}

TEST_CASE("without an idempotency key, a fresh MessageID per call", "[toolkit][outbox]") {
    draws = 0;
    CHECK(tk::wsa_message_id("", fresh) == "uuid:0f0e0d0c-0b0a-4908-8706-050403020100");
    CHECK(draws == 1);
}

TEST_CASE("an idempotency key that is not a UUID is refused, never put in the envelope", "[toolkit][outbox]") {
    for (const std::string& bad :
         std::initializer_list<std::string>{"6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e",      // one digit short
                                            "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5f",    // one too many
                                            "6f1c2d3e4a5b-4c6d-8e7f-90a1b2c3d4e5-",     // dashes elsewhere
                                            "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4g5",     // not hexadecimal
                                            "uuid:6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4",  // already prefixed
                                            "</wsa:MessageID><x>-4c6d-8e7f-90a1b2c3",   // markup
                                            std::string("6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e\0", 36)}) {
        INFO(bad);
        try {
            tk::wsa_message_id(bad, fresh);
            FAIL("accepted");
        } catch (const tk::Error& e) {
            CHECK(e.status() == GUICHET_E_INVALID_ARGUMENT);
        }
    }
}
