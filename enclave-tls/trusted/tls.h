/*
 * tls.h: TLS 1.2 client connections made inside the enclave over the host's
 * TCP sockets (OCALLs), and the pool that keeps them alive between jobs.
 *
 * The host carries ciphertext only. Certificates are verified here against
 * the CA bundle compiled into the enclave image, for the job's host name (SNI
 * and name check), with renegotiation refused. Time validity is NOT judged by
 * MbedTLS (whose clock would be the host's): the verify callback records the
 * chain's validity window instead, and the caller judges it against the job's
 * chain time and the server's authenticated Date header
 * (oracle_tls_check_validity).
 */
#ifndef ORACLE_TLS_H
#define ORACLE_TLS_H

#include <stddef.h>
#include <stdint.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include "errors.h"

#define ORACLE_POOL_MAX 32            /* connections kept alive in all */
#define ORACLE_POOL_IDLE_MS 30000     /* idle connections older than this are closed */

typedef struct oracle_conn {
    mbedtls_ssl_context ssl;
    int64_t handle;                   /* the host's socket handle */
    char host[254];
    uint16_t port;
    uint8_t spki_sha256[32];          /* server certificate's SubjectPublicKeyInfo */
    int64_t valid_from;               /* latest notBefore in the chain (unix s) */
    int64_t valid_until;              /* earliest notAfter in the chain (unix s) */
    uint32_t verify_flags;            /* MbedTLS flags minus the time flags */
    /* Bounds for the operation in progress, read by the socket callbacks. */
    uint32_t io_timeout_ms;
    int64_t deadline_ms;              /* untrusted host time; 0 = none */
    int timed_out;                    /* 1: io timeout, 2: job deadline */
    int io_failed;
    int64_t idle_since_ms;
    uint64_t requests;                /* requests carried so far */
} oracle_conn;

typedef struct oracle_tls {
    mbedtls_ssl_config conf;
    mbedtls_x509_crt *ca;
    oracle_conn *idle[ORACLE_POOL_MAX];
    size_t idle_count;
    void *lock;                       /* pthread mutex guarding idle[] */
} oracle_tls;

/* Sets up the client configuration. ca and drbg must outlive tls.
 * Returns: ORACLE_OK; ORACLE_ERR_INTERNAL. */
int oracle_tls_init(oracle_tls *tls, mbedtls_x509_crt *ca, mbedtls_ctr_drbg_context *drbg);

/* Closes every pooled connection and frees the configuration. */
void oracle_tls_free(oracle_tls *tls);

/* Takes an idle connection to host:port from the pool, or opens a new one
 * (TCP through the host, full handshake, chain and name verification).
 * Returns: ORACLE_OK and *out (*reused says which); ORACLE_ERR_DNS, _CONNECT,
 *          _TIMEOUT, _JOB_DEADLINE, _IO, _TLS_* with err->detail.
 * In: connect_timeout_ms bounds TCP connect; io_timeout_ms each receive;
 *     deadline_ms (host clock) the whole job. */
int oracle_tls_acquire(oracle_tls *tls, oracle_conn **out, int *reused, oracle_error *err,
                       const char *host, uint16_t port, uint32_t connect_timeout_ms,
                       uint32_t io_timeout_ms, int64_t deadline_ms, int allow_reuse);

/* Returns a healthy connection to the pool (or closes it if the pool is full). */
void oracle_tls_release(oracle_tls *tls, oracle_conn *conn);

/* Closes a connection (sending close_notify when clean is 1) and frees it. */
void oracle_tls_close(oracle_conn *conn, int clean);

/* Sends all of data. Returns: ORACLE_OK; ORACLE_ERR_IO/_TIMEOUT/_JOB_DEADLINE/_TLS_PROTOCOL. */
int oracle_tls_write_all(oracle_conn *conn, oracle_error *err, const uint8_t *data, size_t len);

/* Receives up to cap bytes.
 * Returns: ORACLE_OK with *got > 0; ORACLE_OK with *got == 0 and *clean == 1
 *          when the server ended the stream with close_notify, *clean == 0 when
 *          the TCP connection ended without one (a possible truncation);
 *          ORACLE_ERR_TIMEOUT/_JOB_DEADLINE/_IO/_TLS_PROTOCOL. */
int oracle_tls_read(oracle_conn *conn, oracle_error *err, uint8_t *buf, size_t cap, size_t *got,
                    int *clean);

/* Judges the connection's certificate chain at a trusted time t (unix s).
 * Returns: ORACLE_OK; ORACLE_ERR_TLS_CERT_EXPIRED; ORACLE_ERR_TLS_CERT_NOT_YET_VALID. */
int oracle_tls_check_validity(const oracle_conn *conn, oracle_error *err, int64_t t, const char *what);

/* Converts an X.509 time to unix seconds (proleptic Gregorian, UTC). */
int64_t oracle_x509_time_to_unix(const mbedtls_x509_time *t);

#endif
