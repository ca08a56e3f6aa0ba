// A failing system random generator is a failure, never silent zeros (issue 11): the runtime's
// software instance id (a UUID every exchange carries) is not made of a buffer RAND_bytes left
// untouched.
#define OPENSSL_SUPPRESS_DEPRECATED  // RAND_METHOD is the one way to make RAND_bytes fail in-process
#include "test_runtime.hpp"

#include <catch2/catch.hpp>
#include <openssl/rand.h>

using namespace guichet::test;

namespace {

int always_fail(unsigned char*, int) { return 0; }
int status_failed() { return 0; }

// Makes RAND_bytes fail in this process (libguichet shares its libcrypto) for one scope.
class FailingRandom {
public:
    FailingRandom() {
        method_.bytes = always_fail;
        method_.status = status_failed;
        RAND_set_rand_method(&method_);
    }
    ~FailingRandom() { RAND_set_rand_method(nullptr); }
    FailingRandom(const FailingRandom&) = delete;
    FailingRandom& operator=(const FailingRandom&) = delete;

private:
    RAND_METHOD method_{};
};

}  // namespace

TEST_CASE("the runtime refuses to start when the random generator fails", "[random]") {
    auto config = base_config();
    config.software_instance_id = nullptr;  // the runtime makes one
    guichet_runtime* runtime = nullptr;
    guichet_status status = GUICHET_OK;
    {
        const FailingRandom failing;
        status = guichet_runtime_create(&config, &runtime);
    }
    CHECK(status == GUICHET_E_INTERNAL);
    CHECK_THAT(last_error_message(), Catch::Contains("random generator"));
    if (runtime != nullptr) guichet_runtime_destroy(runtime);
}
