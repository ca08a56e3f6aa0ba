#pragma once
// The C++ side of the ABI's value types, written once for every layer (host, toolkit, CLI,
// conformance runner): a guichet_str to and from a string_view, an owned copy of a guichet_error
// with its borrowed view, and the sink that keeps the first error a peer reports.
#include <guichet/types.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace guichet::common {

/** A borrowed C view of `text`, valid as long as `text` is. */
inline guichet_str to_c(std::string_view text) { return {text.data(), text.size()}; }

/** A view of a C string; {NULL, n} reads as empty, as the ABI allows a null pointer. A length
 *  no object can have (it would run past the address space) throws std::length_error before any
 *  pointer arithmetic: the callers' firewalls turn it into a status (UBSan caught the overflow
 *  inside std::string itself when a hostile plugin passed 2^63). */
inline std::string_view to_view(guichet_str text) {
    if (text.ptr == nullptr) return {};
    const auto length = static_cast<uint64_t>(text.len);
    const auto start = reinterpret_cast<uintptr_t>(text.ptr);
    if (length > static_cast<uint64_t>(PTRDIFF_MAX) || start > UINTPTR_MAX - length)
        throw std::length_error("a string's length runs past the address space");
    return std::string_view{text.ptr, static_cast<size_t>(length)};
}

/**
 * The French text of a status, for a professional (docs/status-codes.md, "French text"): what
 * an error says to a doctor when nothing more precise is known. One table for every layer, so
 * the host, the plugins and the CLI say the same thing. Static strings; never empty.
 */
inline std::string_view status_text_fr(guichet_status status) {
    switch (status) {
        case GUICHET_OK:
            return "Opération effectuée.";
        case GUICHET_QUEUED:
            return "Envoi enregistré, il partira dès que le service répondra.";
        case GUICHET_E_INVALID_ARGUMENT:
            return "Une donnée de la demande est invalide.";
        case GUICHET_E_INVALID_STATE:
            return "Opération impossible pour le moment : erreur du logiciel.";
        case GUICHET_E_NOT_FOUND:
            return "Service ou opération inconnu : le module est absent ou trop ancien.";
        case GUICHET_E_UNSUPPORTED:
            return "Fonction non disponible : mettez à jour le logiciel.";
        case GUICHET_E_BUFFER_TOO_SMALL:
        case GUICHET_E_NO_MEMORY:
            return "Erreur interne du logiciel : mémoire insuffisante.";
        case GUICHET_E_IO:
            return "Un fichier local est inaccessible.";
        case GUICHET_E_CANCELLED:
            return "Opération annulée.";
        case GUICHET_E_DEADLINE_EXCEEDED:
            return "Le service ne répond pas à temps, réessayez plus tard.";
        case GUICHET_E_NETWORK:
            return "Le service est injoignable : vérifiez la connexion, puis réessayez.";
        case GUICHET_E_TLS:
            return "La connexion sécurisée au service a été refusée : problème de configuration.";
        case GUICHET_E_HTTP_STATUS:
            return "Le service a répondu de façon inattendue.";
        case GUICHET_E_REMOTE_FAULT:
            return "Le service a refusé la demande.";
        case GUICHET_E_BAD_RESPONSE:
            return "La réponse du service est illisible.";
        case GUICHET_E_SERVICE_UNAVAILABLE:
            return "Le service est momentanément indisponible, réessayez plus tard.";
        case GUICHET_E_IDENTITY:
            return "Le certificat ou la carte du professionnel est inutilisable.";
        case GUICHET_E_PIN_INCORRECT:
            return "Code PIN incorrect.";
        case GUICHET_E_TOKEN_ABSENT:
            return "Carte absente : insérez la carte du professionnel.";
        case GUICHET_E_CERT_EXPIRED:
            return "Le certificat du professionnel a expiré.";
        case GUICHET_E_CERT_NOT_YET_VALID:
            return "Le certificat n'est pas encore valide : vérifiez l'horloge de l'ordinateur.";
        case GUICHET_E_CERT_UNTRUSTED:
            return "Le certificat n'est pas reconnu : problème de configuration.";
        case GUICHET_E_PLUGIN_LOAD:
        case GUICHET_E_PLUGIN_NO_ENTRY:
        case GUICHET_E_PLUGIN_ABI_MAJOR:
        case GUICHET_E_PLUGIN_STRUCT_SIZE:
        case GUICHET_E_PLUGIN_INIT:
        case GUICHET_E_PLUGIN_DUPLICATE:
        case GUICHET_E_PLUGIN_INVALID:
            return "Un module du logiciel est inutilisable : réinstallez-le.";
        default:
            return "Erreur interne du logiciel.";
    }
}

/** An error detail owned by C++: what a guichet_error says, copied out of the peer's memory. */
struct ErrorDetail {
    guichet_status status = GUICHET_OK;
    std::string message;
    std::string remote_code;
    int32_t http_status = 0;
    bool retryable = false;
    std::string field;               ///< JSON pointer of the faulty input field, or empty
    std::string remote_detail_code;  ///< the fault detail's code ("desir_550"), or empty
    std::string remote_severity;     ///< the fault detail's severity ("erreur"), or empty
    std::string user_message;        ///< French, for the professional; empty = the status's text
    uint32_t retry_after_s = 0;      ///< the service's Retry-After, in seconds, or 0

    static ErrorDetail make(guichet_status status, std::string message, std::string field = {}) {
        ErrorDetail e;
        e.status = status;
        e.message = std::move(message);
        e.field = std::move(field);
        return e;
    }

    /** Copies a detail the other side of the ABI handed us. A peer built against older headers
     *  writes a smaller struct (structs are append-only): a member its size does not cover is
     *  left at its default rather than read past the end. */
    static ErrorDetail copy_of(const guichet_error& error) {
        const auto covers = [&error](size_t offset, size_t size) { return error.struct_size >= offset + size; };
        ErrorDetail d;
        d.status = error.status;
        if (covers(offsetof(guichet_error, message), sizeof(guichet_str))) d.message = to_view(error.message);
        if (covers(offsetof(guichet_error, remote_code), sizeof(guichet_str)))
            d.remote_code = to_view(error.remote_code);
        if (covers(offsetof(guichet_error, http_status), sizeof(int32_t))) d.http_status = error.http_status;
        if (covers(offsetof(guichet_error, retryable), sizeof(uint32_t))) d.retryable = error.retryable != 0;
        if (covers(offsetof(guichet_error, field), sizeof(guichet_str))) d.field = to_view(error.field);
        if (GUICHET_HAS_MEMBER(&error, guichet_error, remote_detail_code))
            d.remote_detail_code = to_view(error.remote_detail_code);
        if (GUICHET_HAS_MEMBER(&error, guichet_error, remote_severity))
            d.remote_severity = to_view(error.remote_severity);
        if (GUICHET_HAS_MEMBER(&error, guichet_error, user_message)) d.user_message = to_view(error.user_message);
        if (GUICHET_HAS_MEMBER(&error, guichet_error, retry_after_s)) d.retry_after_s = error.retry_after_s;
        return d;
    }

    /** A C view, valid as long as this object is alive and unchanged. A detail without a French
     *  text of its own shows the status's (status_text_fr), so every error handed out has one. */
    guichet_error view() const {
        guichet_error e{};
        e.struct_size = sizeof(guichet_error);
        e.status = status;
        e.message = to_c(message);
        e.remote_code = to_c(remote_code);
        e.http_status = http_status;
        e.retryable = retryable ? 1u : 0u;
        e.field = to_c(field);
        e.remote_detail_code = to_c(remote_detail_code);
        e.remote_severity = to_c(remote_severity);
        e.user_message = to_c(user_message.empty() ? status_text_fr(status) : std::string_view(user_message));
        e.retry_after_s = retry_after_s;
        return e;
    }
};

/**
 * A guichet_error_sink that keeps a copy of the first error reported. The ABI promises at most
 * one report per failed call; keeping the first is the defensive reading of a peer that breaks
 * that promise, since the first report names the cause and later ones its consequences.
 * Not copyable: the sink's context is this object's address.
 */
class FirstError {
public:
    FirstError() = default;
    FirstError(const FirstError&) = delete;
    FirstError& operator=(const FirstError&) = delete;

    /** The sink to hand the peer; valid as long as this object is. */
    const guichet_error_sink* sink() const { return &sink_; }
    bool reported() const { return reported_; }
    const ErrorDetail& detail() const { return detail_; }

private:
    static void GUICHET_CALL on_report(void* context, const guichet_error* error) {
        auto* self = static_cast<FirstError*>(context);
        if (error == nullptr || self->reported_) return;
        self->detail_ = ErrorDetail::copy_of(*error);
        self->reported_ = true;
    }

    ErrorDetail detail_;
    bool reported_ = false;
    guichet_error_sink sink_{sizeof(guichet_error_sink), this, on_report};
};

}  // namespace guichet::common
