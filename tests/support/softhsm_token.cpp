#include "softhsm_token.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

namespace guichet::test {

SoftHsmToken::SoftHsmToken(const std::string& token_label) : dir_("softhsm"), label_(token_label) {
    std::filesystem::create_directories(dir_.path("tokens"));
    const std::string conf = dir_.write("softhsm2.conf", "directories.tokendir = " + dir_.path("tokens").string() +
                                                             "\nobjectstore.backend = file\nlog.level = ERROR\n");
    ::setenv("SOFTHSM2_CONF", conf.c_str(), 1);
    const ToolRun init =
        run_tool("softhsm2-util --init-token --free --label '" + label_ + "' --pin " + user_pin + " --so-pin 87654321");
    INFO(init.output);
    REQUIRE(init.exit_code == 0);
}

void SoftHsmToken::import(const std::string& label, const std::string& key_pem_file, const std::string& cert_pem_file,
                          const std::string& id_hex) {
    const ToolRun key = run_tool("softhsm2-util --import '" + key_pem_file + "' --token '" + label_ + "' --label '" +
                                 label + "' --id " + id_hex + " --pin " + user_pin);
    INFO(key.output);
    REQUIRE(key.exit_code == 0);
    const std::string der = dir_.path(label + ".der").string();
    REQUIRE(run_tool("openssl x509 -in '" + cert_pem_file + "' -outform DER -out '" + der + "'").exit_code == 0);
    const ToolRun cert =
        run_tool(std::string("pkcs11-tool --module ") + module_path + " --token-label '" + label_ + "' --login --pin " +
                 user_pin + " --write-object '" + der + "' --type cert --id " + id_hex + " --label '" + label + "'");
    INFO(cert.output);
    REQUIRE(cert.exit_code == 0);
}

std::string SoftHsmToken::identity_json(const std::string& key_label) const {
    return nlohmann::json{{"pkcs11", {{"module", module_path}, {"token_label", label_}, {"key_label", key_label}}}}
        .dump();
}

}  // namespace guichet::test
