#include <guichet/contracts/cnam.hpp>
#include <guichet/toolkit/cnam_headers.hpp>

namespace guichet::toolkit {

namespace cnam = guichet::contracts::cnam;

namespace {

pugi::xml_node text_child(pugi::xml_node parent, const char* name, const std::string& value) {
    pugi::xml_node n = parent.append_child(name);
    n.text().set(value.c_str());
    return n;
}

// A number with its optional key: <Num>, <Cle>.
void number(pugi::xml_node parent, const char* name, const std::string& num, const std::string& key) {
    pugi::xml_node n = parent.append_child(name);
    text_child(n, "ctxbam:Num", num);
    if (!key.empty()) text_child(n, "ctxbam:Cle", key);
}

void coverage_of(pugi::xml_node coverage, const CardBeneficiary& c) {
    if (!c.insured_nir.empty())
        number(coverage.append_child("ctxbam:ASSURE"), "ctxbam:Id", c.insured_nir, c.insured_key);
    if (c.nir.empty() && c.birth_date.empty() && c.birth_rank.empty()) return;
    pugi::xml_node beneficiary = coverage.append_child("ctxbam:BENEFICIAIRE");
    if (!c.nir.empty()) number(beneficiary, "ctxbam:Nir", c.nir, c.key);
    if (!c.birth_date.empty()) text_child(beneficiary, "ctxbam:DateNai", c.birth_date);
    if (!c.birth_rank.empty()) text_child(beneficiary, "ctxbam:Rang", c.birth_rank);
}

}  // namespace

SoapHeaderWriter contexte_lps(const CnamContext& c) {
    return [c](pugi::xml_node header) {
        pugi::xml_node context = header.append_child("ctxlps:ContexteLPS");
        context.append_attribute("xmlns:ctxlps") = cnam::ctxlps_namespace;
        context.append_attribute("Version") = cnam::ctxlps_version;
        context.append_attribute("Nature") = "CTXLPS";
        text_child(context, "ctxlps:Id", c.context_id);
        text_child(context, "ctxlps:Temps", c.timestamp);
        text_child(context, "ctxlps:Emetteur", c.software_instance);
        pugi::xml_node lps = context.append_child("ctxlps:LPS");
        text_child(lps, "ctxlps:IDAM", c.authorisation_number).append_attribute("R") = "4";
        text_child(lps, "ctxlps:Version", c.software_version);
        text_child(lps, "ctxlps:Instance", c.software_instance);
        text_child(lps, "ctxlps:Nom", c.software_name);
    };
}

SoapHeaderWriter contexte_bam(const CnamContext& c, const CardBeneficiary& coverage) {
    return [c, coverage](pugi::xml_node header) {
        // CTXBAM v01.02: Id, Temps, Emetteur, COUVERTURE (required, possibly empty), in this order.
        pugi::xml_node bam = header.append_child("ctxbam:ContexteBAM");
        bam.append_attribute("xmlns:ctxbam") = cnam::ctxbam_namespace;
        bam.append_attribute("Version") = cnam::ctxbam_version;
        bam.append_attribute("Nature") = "CTXBAM";
        text_child(bam, "ctxbam:Id", c.context_id);
        text_child(bam, "ctxbam:Temps", c.timestamp);
        text_child(bam, "ctxbam:Emetteur", c.software_instance);
        coverage_of(bam.append_child("ctxbam:COUVERTURE"), coverage);
    };
}

}  // namespace guichet::toolkit
