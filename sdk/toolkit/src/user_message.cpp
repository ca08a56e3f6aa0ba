#include <guichet/common/abi_glue.hpp>
#include <guichet/toolkit/user_message.hpp>

#include <map>

namespace guichet::toolkit {

namespace {

// The request and session fields of the toolkit and the plugins, in the words of the forms a
// professional fills in. Keys are pointer tokens; a whole pointer may override (add_field_labels).
std::map<std::string, std::string, std::less<>>& labels() {
    static std::map<std::string, std::string, std::less<>> table{
        {"birth_date", "date de naissance"},
        {"birth_name", "nom de naissance"},
        {"first_names", "prénoms"},
        {"given_name", "prénom"},
        {"family_name", "nom"},
        {"sex", "sexe"},
        {"birth_place", "lieu de naissance"},
        {"rank", "rang de naissance"},
        {"nir", "NIR"},
        {"insured_nir", "NIR de l'assuré"},
        {"insured_key", "clé du NIR de l'assuré"},
        {"ins", "INS"},
        {"oid", "OID de l'INS"},
        {"stored_ins", "INS enregistré"},
        {"identity_status", "statut de l'identité"},
        {"identity_document_checked", "contrôle de la pièce d'identité"},
        {"care_date", "date des soins"},
        {"beneficiary", "bénéficiaire"},
        {"patient", "patient"},
        {"traits", "traits d'identité"},
        {"card", "carte"},
        {"assertion", "assertion de la carte"},
        {"serial_number", "numéro de série de la carte"},
        {"kind", "type de carte"},
        {"professional", "professionnel"},
        {"national_id", "identifiant national du professionnel"},
        {"profession", "profession"},
        {"specialty", "spécialité"},
        {"structure", "structure"},
        {"activity_sector", "secteur d'activité"},
        {"authentication_mode", "mode d'authentification"},
        {"purpose", "motif"},
        {"document", "document"},
        {"endpoint", "adresse du service"},
        {"tls_identity", "certificat de connexion"},
        {"signing_identity", "certificat de signature"},
    };
    return table;
}

std::string_view last_token(std::string_view pointer) {
    const auto slash = pointer.rfind('/');
    return slash == std::string_view::npos ? pointer : pointer.substr(slash + 1);
}

}  // namespace

std::string field_label_fr(std::string_view json_pointer) {
    const auto& table = labels();
    if (const auto whole = table.find(json_pointer); whole != table.end()) return whole->second;
    // An array index ("/traits/first_names/0") names its array.
    std::string_view pointer = json_pointer;
    while (!pointer.empty() && last_token(pointer).find_first_not_of("0123456789") == std::string_view::npos &&
           pointer.rfind('/') != std::string_view::npos)
        pointer = pointer.substr(0, pointer.rfind('/'));
    if (const auto token = table.find(last_token(pointer)); token != table.end()) return token->second;
    return std::string(json_pointer);
}

void add_field_labels(std::initializer_list<std::pair<std::string_view, std::string_view>> added) {
    for (const auto& [key, label] : added) labels()[std::string(key)] = std::string(label);
}

std::string user_message_for(guichet_status status, std::string_view field) {
    if (status == GUICHET_E_INVALID_ARGUMENT && !field.empty())
        return "Donnée invalide ou manquante : « " + field_label_fr(field) + " ».";
    return std::string(common::status_text_fr(status));
}

}  // namespace guichet::toolkit
