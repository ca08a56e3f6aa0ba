#pragma once
// A test PKI shaped like IGC-Santé's test hierarchy ("TEST AC ... IGC-SANTE ..."), for the
// sandbox, the demo and the tests. Private keys are written only where the caller says (a
// build or temporary folder), never committed.
#include <string>

namespace guichet::sandbox {

/** Passphrase of the PKCS#12 files of the test PKI (test material only). */
inline constexpr const char* test_pki_passphrase = "guichet-test";

/**
 * Writes the hierarchy into `dir` (see docs/test-pki.md for the file list) and a manifest.json
 * describing it. Throws std::runtime_error on failure.
 */
void make_test_pki(const std::string& dir);

}  // namespace guichet::sandbox
