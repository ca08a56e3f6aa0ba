#pragma once
// The owner of a guichet_runtime, for the C++ programs that host libguichet (the CLI, the
// conformance runner).
#include <guichet/runtime.h>

#include <memory>

namespace guichet::common {

struct RuntimeDestroy {
    void operator()(guichet_runtime* runtime) const { guichet_runtime_destroy(runtime); }
};
using RuntimePtr = std::unique_ptr<guichet_runtime, RuntimeDestroy>;

}  // namespace guichet::common
