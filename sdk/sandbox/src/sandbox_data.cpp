#include "sandbox_data.hpp"

#include <guichet/toolkit/soap.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace guichet::sandbox {

namespace {
nlohmann::json read(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw std::runtime_error(file.string() + " is not a JSON object");
    return j;
}
}  // namespace

std::shared_ptr<const SandboxData> SandboxData::load(const std::string& dir, const std::string& public_schemas_dir) {
    const std::filesystem::path root(dir);
    auto data = std::make_shared<SandboxData>();
    const auto software = read(root / "software.json");
    if (!software.contains("authorisation_numbers") || !software["authorisation_numbers"].is_array())
        throw std::runtime_error((root / "software.json").string() + ": authorisation_numbers must be an array");
    for (const auto& n : software["authorisation_numbers"]) data->authorisation_numbers.insert(n.get<std::string>());
    const auto identities = read(root / "identities.json");
    data->identities = identities.value("identities", nlohmann::json::array());
    data->beneficiaries = read(root / "rights.json").value("beneficiaries", nlohmann::json::array());
    data->schemas = std::make_shared<SchemaSet>();
    const std::filesystem::path adri = std::filesystem::path(protocols_dir()) / "adri";
    data->schemas->add("urn:ir:se_req_adr", (adri / "adri-request.xsd").string());
    data->schemas->add("urn:ir:se_rep_adr", (adri / "adri-response.xsd").string());
    data->schemas->add("urn:guichet:sandbox:echo:1.0", (root / "schemas" / "sandbox-echo.xsd").string());
    if (!public_schemas_dir.empty()) {
        const auto insi = std::filesystem::path(public_schemas_dir) / "insi" / "xsd";
        data->schemas->add("http://www.cnamts.fr/INSiRecSans",
                           (insi / "ServiceIdentiteCertifiee" / "INSi_RECSANS_INS.xsd").string());
        data->schemas->add("http://www.cnamts.fr/INSiRecVit",
                           (insi / "ServiceIdentiteCertifiee" / "INSi_RECVITALE_INS.xsd").string());
        data->schemas->add("http://www.cnamts.fr/INSiResultat",
                           (insi / "ServiceIdentiteCertifiee" / "INSi_RESULTAT_INS.xsd").string());
        data->schemas->add(toolkit::ctxbam_namespace, (insi / "CTX" / "ROOT_ctxbam_CTXBAM_V01_02.xsd").string());
    }
    return data;
}

namespace {

// Next to the binary once installed (<prefix>/share/guichet/<leaf>), else the source tree's.
std::string installed_or(const std::string& leaf, const std::string& marker, const std::string& source_dir) {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = self.parent_path() / ".." / "share" / "guichet" / leaf;
        if (std::filesystem::exists(installed / marker)) return installed.lexically_normal().string();
    }
    return source_dir;
}

}  // namespace

std::string default_data_dir() { return installed_or("sandbox", "software.json", GUICHET_SANDBOX_SOURCE_DATA_DIR); }

std::string protocols_dir() { return installed_or("protocols", "adri/adri-request.xsd", GUICHET_PROTOCOLS_SOURCE_DIR); }

}  // namespace guichet::sandbox
