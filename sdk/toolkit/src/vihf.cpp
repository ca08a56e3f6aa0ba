#include <guichet/toolkit/vihf.hpp>

#include <ctime>
#include <memory>
#include <stdexcept>

namespace guichet::toolkit {

namespace {

constexpr const char* saml_namespace = "urn:oasis:names:tc:SAML:2.0:assertion";
constexpr const char* hl7_namespace = "urn:hl7-org:v3";
constexpr const char* xsi_namespace = "http://www.w3.org/2001/XMLSchema-instance";

pugi::xml_node attribute(pugi::xml_node statement, const char* name) {
    pugi::xml_node a = statement.append_child("saml2:Attribute");
    a.append_attribute("Name") = name;
    return a;
}

void text_attribute(pugi::xml_node statement, const char* name, const std::string& value) {
    attribute(statement, name).append_child("saml2:AttributeValue").text().set(value.c_str());
}

void coded_value(pugi::xml_node attribute_node, const char* element, const CodedValue& value) {
    pugi::xml_node ce = attribute_node.append_child("saml2:AttributeValue").append_child(element);
    ce.append_attribute("xmlns") = hl7_namespace;
    ce.append_attribute("xmlns:xsi") = xsi_namespace;
    ce.append_attribute("xsi:type") = "CE";
    ce.append_attribute("code") = value.code.c_str();
    ce.append_attribute("codeSystem") = value.code_system.c_str();
    if (!value.code_system_name.empty()) ce.append_attribute("codeSystemName") = value.code_system_name.c_str();
    ce.append_attribute("displayName") = value.display_name.c_str();
}

}  // namespace

std::string authentication_mode_value(VihfMode mode) { return mode == VihfMode::card ? "DIRECTE" : "INDIRECTE"; }

void build_vihf(pugi::xml_document& document, const VihfContent& c) {
    document.reset();
    pugi::xml_node assertion = document.append_child("saml2:Assertion");
    assertion.append_attribute("xmlns:saml2") = saml_namespace;
    assertion.append_attribute("ID") = c.assertion_id.c_str();
    assertion.append_attribute("IssueInstant") = utc_timestamp(c.issue_instant_unix).c_str();
    assertion.append_attribute("Version") = "2.0";

    pugi::xml_node issuer = assertion.append_child("saml2:Issuer");
    issuer.append_attribute("Format") = "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName";
    issuer.text().set(c.issuer_subject.c_str());

    pugi::xml_node subject = assertion.append_child("saml2:Subject");
    subject.append_child("saml2:NameID").text().set(c.subject_name_id.c_str());
    subject.append_child("saml2:SubjectConfirmation").append_attribute("Method") =
        "urn:oasis:names:tc:SAML:2.0:cm:sender-vouches";

    pugi::xml_node conditions = assertion.append_child("saml2:Conditions");
    conditions.append_attribute("NotBefore") = utc_timestamp(c.not_before_unix).c_str();
    conditions.append_attribute("NotOnOrAfter") = utc_timestamp(c.not_on_or_after_unix).c_str();

    pugi::xml_node authn = assertion.append_child("saml2:AuthnStatement");
    authn.append_attribute("AuthnInstant") = utc_timestamp(c.issue_instant_unix).c_str();
    authn.append_child("saml2:AuthnContext")
        .append_child("saml2:AuthnContextClassRef")
        .text()
        .set("urn:oasis:names:tc:SAML:2.0:ac:classes:TLSClient");

    pugi::xml_node statement = assertion.append_child("saml2:AttributeStatement");
    text_attribute(statement, "VIHF_Version", "3.0");
    text_attribute(statement, "Secteur_Activite", c.activity_sector);
    text_attribute(statement, "Ressource_URN", c.resource_urn);
    text_attribute(statement, "urn:oasis:names:tc:xspa:1.0:subject:subject-id", c.subject_display);
    text_attribute(statement, "Identifiant_Structure", c.structure_id);
    text_attribute(statement, "LPS_ID", c.software_id);
    text_attribute(statement, "LPS_Nom", c.software_name);
    text_attribute(statement, "LPS_ID_HOMOLOGATION_DMP", c.software_homologation);
    text_attribute(statement, "LPS_Version", c.software_version);
    if (c.patient_resource_id)
        text_attribute(statement, "urn:oasis:names:tc:xacml:2.0:resource:resource-id", *c.patient_resource_id);
    text_attribute(statement, "Authentification_Mode", authentication_mode_value(c.mode));
    coded_value(attribute(statement, "urn:oasis:names:tc:xspa:1.0:subject:purposeofuse"), "PurposeOfUse", c.purpose);
    if (!c.roles.empty()) {
        pugi::xml_node roles = attribute(statement, "urn:oasis:names:tc:xacml:2.0:subject:role");
        for (const CodedValue& role : c.roles) {
            // Each role is its own AttributeValue, as in the public examples.
            coded_value(roles, "Role", role);
        }
    }
}

}  // namespace guichet::toolkit
