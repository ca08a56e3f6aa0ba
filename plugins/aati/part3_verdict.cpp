#include "part3_verdict.hpp"

namespace guichet::aati {

namespace {

toolkit::Json print(const char* reason, const char* message) {
    return {{"destination", "print"}, {"reason", reason}, {"message", message}};
}

}  // namespace

toolkit::Json part3_verdict(const NoticeRequest& q, bool transmitted) {
    if (!transmitted)
        return print("not_transmitted",
                     "L'avis n'est pas transmis : imprimez tous les volets sur le formulaire sécurisé.");
    if (q.patient.objects_to_deposit)
        return print("objection",
                     "Le patient s'oppose au dépôt dans son DMP : imprimez le volet 3 et remettez-le au patient.");
    if (q.patient.identity_status != "QUAL")
        return print("ins_not_qualified",
                     "L'identité du patient n'est pas qualifiée : le volet 3 ne peut pas être déposé dans le DMP, "
                     "imprimez-le.");
    if (!q.patient.identity_attested)
        return print("identity_not_attested",
                     "Vous n'avez pas attesté que l'identité du patient correspond à son INS : imprimez le volet 3.");
    if (q.signature_image.empty())
        return print("signature_missing",
                     "Sans image de votre signature, le volet 3 ne peut pas être déposé : imprimez-le et signez-le.");
    // The deposit goes through dmp/1 once it exists (issue 15); until then part 3 is printed.
    return print("dmp_not_installed",
                 "Le dépôt du volet 3 dans le DMP n'est pas encore disponible : imprimez le volet 3.");
}

}  // namespace guichet::aati
