#pragma once
// Owners of OpenSSL objects, one spelling for every layer: the object is freed on every path,
// including the exceptions thrown between its creation and its last use.
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>

namespace guichet::common {

/** Calls OpenSSL's `free_fn` on the pointer a unique_ptr owns. */
template <auto free_fn>
struct OpenSslFree {
    template <typename T>
    void operator()(T* object) const {
        free_fn(object);
    }
};

template <typename T, auto free_fn>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree<free_fn>>;

using BignumPtr = OpenSslPtr<BIGNUM, BN_free>;
using BioPtr = OpenSslPtr<BIO, BIO_free>;
using EvpMdCtxPtr = OpenSslPtr<EVP_MD_CTX, EVP_MD_CTX_free>;
using EvpPkeyPtr = OpenSslPtr<EVP_PKEY, EVP_PKEY_free>;
using Pkcs12Ptr = OpenSslPtr<PKCS12, PKCS12_free>;
using X509ExtensionPtr = OpenSslPtr<X509_EXTENSION, X509_EXTENSION_free>;
using X509Ptr = OpenSslPtr<X509, X509_free>;
using X509StoreCtxPtr = OpenSslPtr<X509_STORE_CTX, X509_STORE_CTX_free>;
using X509StorePtr = OpenSslPtr<X509_STORE, X509_STORE_free>;

// sk_X509_free is a macro, not a function a template can name. It frees the stack only: the
// certificates pushed onto it stay owned by whoever pushed them.
struct X509StackFree {
    void operator()(STACK_OF(X509) * stack) const { sk_X509_free(stack); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackFree>;

}  // namespace guichet::common
