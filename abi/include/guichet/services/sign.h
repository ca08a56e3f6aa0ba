/**
 * @file guichet/services/sign.h
 * @brief Host service guichet.sign/1: signatures with the session's keys, which stay in the host.
 */
#ifndef GUICHET_SERVICES_SIGN_H
#define GUICHET_SERVICES_SIGN_H

/** @since 1.0 */
#define GUICHET_SIGN_SERVICE_ID "guichet.sign/1"

#include "../host.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Signature algorithms. @since 1.0 */
typedef int32_t guichet_sign_algorithm;
#define GUICHET_SIGN_RSA_PKCS1_SHA256 1 /**< RSASSA-PKCS1-v1_5 over SHA-256 of `data`. */
#define GUICHET_SIGN_ECDSA_SHA256 2     /**< ECDSA over SHA-256 of `data`, DER signature. */
#define GUICHET_SIGN_RSA_PSS_SHA256 3   /**< RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32. */

/** A certificate chain, leaf first, each DER-encoded. Owned by the host. @since 1.0 */
typedef struct guichet_cert_chain {
    uint32_t struct_size;
    uint32_t count;
    const uint8_t* const* der; /**< `count` pointers. */
    const uint64_t* der_len;   /**< `count` lengths. */
} guichet_cert_chain;

/** @since 1.0 */
typedef struct guichet_sign_service {
    uint32_t struct_size;
    /**
     * Signs `data` with a key of the instance's session. Keys are handles: the key never
     * leaves the host or the token. `key_name` empty = the session's signing identity.
     * `data` is borrowed during the call; `signature` is the caller's.
     * @param[in,out] signature_len capacity of `signature` in, bytes written out; on
     *                GUICHET_E_BUFFER_TOO_SMALL, the size needed.
     * @param errors  may be NULL; receives the detail of a failure.
     * @return GUICHET_OK, GUICHET_E_BUFFER_TOO_SMALL, GUICHET_E_IDENTITY, _PIN_INCORRECT,
     *         _TOKEN_ABSENT, _CERT_EXPIRED, _UNSUPPORTED (algorithm not possible with the key).
     * Thread: [any-thread & blocking] (may wait while the host asks the user for a PIN)
     * @since 1.0
     */
    guichet_status(GUICHET_CALL* sign)(const guichet_host* host, guichet_str key_name, guichet_sign_algorithm algorithm,
                                       const uint8_t* data, uint64_t data_len, uint8_t* signature,
                                       uint64_t* signature_len, const guichet_error_sink* errors);
    /**
     * @param[out] chain set to the certificate chain of `key_name`, owned by the host and valid
     *             as long as `host`.
     * @param errors may be NULL; receives the detail of a failure.
     * @return GUICHET_OK, GUICHET_E_IDENTITY (no such identity), GUICHET_E_TOKEN_ABSENT.
     * Thread: [any-thread & blocking]
     * @since 1.0
     */
    guichet_status(GUICHET_CALL* certificate_chain)(const guichet_host* host, guichet_str key_name,
                                                    const guichet_cert_chain** chain, const guichet_error_sink* errors);
} guichet_sign_service;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
GUICHET_STATIC_ASSERT(sizeof(guichet_cert_chain) == 24, cert_chain_size);
GUICHET_STATIC_ASSERT(sizeof(guichet_sign_service) == 24, sign_service_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GUICHET_SERVICES_SIGN_H */
