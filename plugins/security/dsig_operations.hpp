#pragma once
// dsig/1: XML-DSig signing through the host (guichet.sign/1) and verification.
#include <guichet/toolkit/plugin.hpp>
#include <guichet/toolkit/xml_dsig.hpp>

namespace guichet::security {

/** {"document": xml, "id_attribute"?: "ID"} -> {"document": signed xml}.
 *  Signs the document element (enveloped, exc-c14n, RSA-SHA256) with the session's signing identity. */
toolkit::Json sign_document(toolkit::Call& call);

/** {"document": xml, "trusted_pem"?: pem, "signature_only"?: bool}
 *  -> {"valid": bool, "signatures": [{"valid", "problem", "detail", "signer", "reference", "chain_checked",
 *      "signed_element": {"name", "path", "xml"} | null}]}
 *  Each signature must be enveloped and reference its own parent ("wrapping" otherwise).
 *  signed_element is the node that was signed (null unless valid): read that, not the document. */
toolkit::Json verify_document(toolkit::Call& call);

/** The signer a plugin gets from the host: RSA-SHA256 with the session's signing identity. */
toolkit::SignFunction host_signer(const toolkit::Call& call);

}  // namespace guichet::security
