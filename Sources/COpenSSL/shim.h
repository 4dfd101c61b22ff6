// Umbrella header for OpenSSL (DTLS, certificates, digests). Function-like macros
// that do not import into Swift are re-exposed as CPeerCam_ inline functions.
#ifndef CPEERCAM_OPENSSL_SHIM_H
#define CPEERCAM_OPENSSL_SHIM_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/bio.h>
#include <openssl/rand.h>
#include <openssl/pem.h>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>

static inline long CPeerCam_SSL_set_mtu(SSL *ssl, long mtu) {
    return SSL_ctrl(ssl, SSL_CTRL_SET_MTU, mtu, NULL);
}

static inline long CPeerCam_DTLSv1_get_timeout(SSL *ssl, struct timeval *timeout) {
    return SSL_ctrl(ssl, DTLS_CTRL_GET_TIMEOUT, 0, (void *)timeout);
}

static inline long CPeerCam_DTLSv1_handle_timeout(SSL *ssl) {
    return SSL_ctrl(ssl, DTLS_CTRL_HANDLE_TIMEOUT, 0, NULL);
}

static inline long CPeerCam_BIO_set_mem_eof_return(BIO *bio, long value) {
    return BIO_ctrl(bio, BIO_C_SET_BUF_MEM_EOF_RETURN, value, NULL);
}

static inline long CPeerCam_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list) {
    return SSL_CTX_ctrl(ctx, SSL_CTRL_SET_GROUPS_LIST, 0, (void *)list);
}

/// EVP_EC_gen is a macro over EVP_PKEY_Q_keygen, which is variadic.
static inline EVP_PKEY *CPeerCam_EVP_EC_gen(const char *curve) {
    return EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
}

/// SSL_CTX_set_min/max_proto_version are macros over SSL_CTX_ctrl: DTLS pins both to DTLS 1.2.
static inline long CPeerCam_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, version, NULL);
}

static inline long CPeerCam_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MAX_PROTO_VERSION, version, NULL);
}

/// The SSL_OP_* bits are 64-bit casts that do not import. A datagram link over ICE has no
/// socket to query for an MTU, and DTLS-SRTP never resumes sessions, so no tickets either.
static inline uint64_t CPeerCam_SSL_CTX_set_datagram_link_options(SSL_CTX *ctx) {
    return SSL_CTX_set_options(ctx, SSL_OP_NO_QUERY_MTU | SSL_OP_NO_TICKET);
}

static inline const char *CPeerCam_OpenSSL_version_text(void) {
    return OpenSSL_version(OPENSSL_VERSION);
}

#endif
