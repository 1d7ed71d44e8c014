#include "tls.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h> /* error codes only: sockets are OCALLs */
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>

#include "log.h"
#include "oracle_enclave_t.h"

/* AEAD suites with forward secrecy only; TLS 1.2 is the floor and the ceiling
 * of MbedTLS 2.28. */
static const int oracle_tls_ciphersuites[] = {
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    0};

/* Key exchange groups, fastest first. MbedTLS 2.28's default list starts with
 * secp521r1, which servers that follow the client's order then pick: a full
 * handshake costs several times more for no gain in this setting. */
static const mbedtls_ecp_group_id oracle_tls_curves[] = {
    MBEDTLS_ECP_DP_CURVE25519, MBEDTLS_ECP_DP_SECP256R1, MBEDTLS_ECP_DP_SECP384R1, MBEDTLS_ECP_DP_NONE};

static int64_t oracle_now_ms(void)
{
    int64_t t = 0;
    if (oracle_ocall_untrusted_time_ms(&t) != OE_OK) return 0;
    return t;
}

int64_t oracle_x509_time_to_unix(const mbedtls_x509_time *t)
{
    /* days_from_civil (H. Hinnant): proleptic Gregorian, no libc time functions. */
    int64_t y = t->year - (t->mon <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (t->mon + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + t->day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + t->hour * 3600 + t->min * 60 + t->sec;
}

/* Remaining time for one receive: the smaller of the io timeout and the job deadline. */
static uint32_t oracle_conn_wait_ms(oracle_conn *c, int *which)
{
    int64_t left;
    *which = 1;
    if (c->deadline_ms == 0) return c->io_timeout_ms;
    left = c->deadline_ms - oracle_now_ms();
    if (left <= 0) {
        *which = 2;
        return 0;
    }
    if (left < (int64_t)c->io_timeout_ms) {
        *which = 2;
        return (uint32_t)left;
    }
    return c->io_timeout_ms;
}

static int oracle_bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    oracle_conn *c = (oracle_conn *)ctx;
    size_t sent = 0;
    int ret = ORACLE_ERR_IO;
    if (oracle_ocall_send(&ret, c->handle, buf, len, &sent) != OE_OK || ret != ORACLE_OK || sent == 0 ||
        sent > len) {
        c->io_failed = 1;
        return MBEDTLS_ERR_NET_SEND_FAILED;
    }
    return (int)sent;
}

static int oracle_bio_recv_timeout(void *ctx, unsigned char *buf, size_t len, uint32_t unused)
{
    oracle_conn *c = (oracle_conn *)ctx;
    size_t got = 0;
    int which, ret = ORACLE_ERR_IO;
    uint32_t wait = oracle_conn_wait_ms(c, &which);
    (void)unused;
    if (wait == 0) {
        c->timed_out = which;
        return MBEDTLS_ERR_SSL_TIMEOUT;
    }
    if (oracle_ocall_recv(&ret, c->handle, buf, len, wait, &got) != OE_OK) {
        c->io_failed = 1;
        return MBEDTLS_ERR_NET_RECV_FAILED;
    }
    if (ret == ORACLE_ERR_TIMEOUT) {
        c->timed_out = which;
        return MBEDTLS_ERR_SSL_TIMEOUT;
    }
    if (ret != ORACLE_OK || got > len) { /* the host may not claim more than the buffer */
        c->io_failed = 1;
        return MBEDTLS_ERR_NET_RECV_FAILED;
    }
    return (int)got; /* 0: TCP end of stream */
}

/* Records the chain's validity window and the leaf's key; leaves time judgement
 * to oracle_tls_check_validity (MbedTLS would use the host's clock). */
static int oracle_verify_cb(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    oracle_conn *c = (oracle_conn *)ctx;
    int64_t from = oracle_x509_time_to_unix(&crt->valid_from);
    int64_t until = oracle_x509_time_to_unix(&crt->valid_to);
    *flags &= ~(uint32_t)(MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_FUTURE);
    if (from > c->valid_from) c->valid_from = from;
    if (until < c->valid_until) c->valid_until = until;
    if (depth == 0) mbedtls_sha256_ret(crt->pk_raw.p, crt->pk_raw.len, c->spki_sha256, 0);
    c->verify_flags |= *flags;
    return 0;
}

/* Maps a failed MbedTLS call to our code, using what the callbacks saw. */
static int oracle_tls_error(oracle_conn *c, oracle_error *err, int mret, const char *during)
{
    char text[100];
    if (c->timed_out == 2)
        return oracle_error_set(err, ORACLE_ERR_JOB_DEADLINE, "%s:%u: job deadline passed during %s", c->host,
                                c->port, during);
    if (c->timed_out)
        return oracle_error_set(err, ORACLE_ERR_TIMEOUT, "%s:%u: no data within %u ms during %s", c->host,
                                c->port, c->io_timeout_ms, during);
    if (c->io_failed)
        return oracle_error_set(err, ORACLE_ERR_IO, "%s:%u: connection failed during %s", c->host, c->port,
                                during);
    if (mret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        uint32_t f = c->verify_flags;
        if (f & (MBEDTLS_X509_BADCERT_NOT_TRUSTED | MBEDTLS_X509_BADCERT_MISSING))
            return oracle_error_set(err, ORACLE_ERR_TLS_CERT_UNTRUSTED,
                                    "%s:%u: certificate chain does not lead to a CA in the enclave's bundle",
                                    c->host, c->port);
        if (f & MBEDTLS_X509_BADCERT_CN_MISMATCH)
            return oracle_error_set(err, ORACLE_ERR_TLS_HOSTNAME, "%s:%u: certificate does not name %s",
                                    c->host, c->port, c->host);
        return oracle_error_set(err, ORACLE_ERR_TLS_CERT_INVALID,
                                "%s:%u: certificate rejected (MbedTLS flags 0x%08x)", c->host, c->port,
                                (unsigned)f);
    }
    mbedtls_strerror(mret, text, sizeof(text));
    if (strcmp(during, "handshake") == 0)
        return oracle_error_set(err, ORACLE_ERR_TLS_HANDSHAKE, "%s:%u: handshake failed: %s", c->host, c->port,
                                text);
    return oracle_error_set(err, ORACLE_ERR_TLS_PROTOCOL, "%s:%u: %s failed: %s", c->host, c->port, during,
                            text);
}

int oracle_tls_init(oracle_tls *tls, mbedtls_x509_crt *ca, mbedtls_ctr_drbg_context *drbg)
{
    pthread_mutex_t *m;
    ORACLE_ARG_CHECK(tls != NULL && ca != NULL && drbg != NULL);
    memset(tls, 0, sizeof(*tls));
    mbedtls_ssl_config_init(&tls->conf);
    tls->ca = ca;
    if (mbedtls_ssl_config_defaults(&tls->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                    MBEDTLS_SSL_PRESET_DEFAULT) != 0)
        goto fail;
    mbedtls_ssl_conf_authmode(&tls->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&tls->conf, ca, NULL);
    mbedtls_ssl_conf_rng(&tls->conf, mbedtls_ctr_drbg_random, drbg);
    mbedtls_ssl_conf_min_version(&tls->conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_max_version(&tls->conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_ciphersuites(&tls->conf, oracle_tls_ciphersuites);
    mbedtls_ssl_conf_curves(&tls->conf, oracle_tls_curves);
    mbedtls_ssl_conf_renegotiation(&tls->conf, MBEDTLS_SSL_RENEGOTIATION_DISABLED);
    mbedtls_ssl_conf_legacy_renegotiation(&tls->conf, MBEDTLS_SSL_LEGACY_NO_RENEGOTIATION);
    mbedtls_ssl_conf_session_tickets(&tls->conf, MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
    m = (pthread_mutex_t *)malloc(sizeof(*m));
    if (m == NULL || pthread_mutex_init(m, NULL) != 0) {
        free(m);
        goto fail;
    }
    tls->lock = m;
    return ORACLE_OK;
fail:
    mbedtls_ssl_config_free(&tls->conf);
    return ORACLE_ERR_INTERNAL;
}

void oracle_tls_free(oracle_tls *tls)
{
    size_t i;
    if (tls == NULL || tls->lock == NULL) return;
    for (i = 0; i < tls->idle_count; i++) oracle_tls_close(tls->idle[i], 1);
    tls->idle_count = 0;
    pthread_mutex_destroy((pthread_mutex_t *)tls->lock);
    free(tls->lock);
    mbedtls_ssl_config_free(&tls->conf);
    memset(tls, 0, sizeof(*tls));
}

void oracle_tls_close(oracle_conn *conn, int clean)
{
    if (conn == NULL) return;
    if (clean) {
        /* Best effort, bounded: a short timeout for the alert's send. */
        conn->io_timeout_ms = 100;
        conn->deadline_ms = 0;
        (void)mbedtls_ssl_close_notify(&conn->ssl);
    }
    if (conn->handle >= 0) oracle_ocall_close(conn->handle);
    mbedtls_ssl_free(&conn->ssl);
    mbedtls_platform_zeroize(conn, sizeof(*conn));
    free(conn);
}

/* Takes an idle connection for host:port; closes idle ones past their time. */
static oracle_conn *oracle_pool_take(oracle_tls *tls, const char *host, uint16_t port)
{
    oracle_conn *found = NULL, *stale[ORACLE_POOL_MAX];
    size_t i, n_stale = 0;
    int64_t now = oracle_now_ms();
    pthread_mutex_lock((pthread_mutex_t *)tls->lock);
    for (i = 0; i < tls->idle_count;) {
        oracle_conn *c = tls->idle[i];
        if (now - c->idle_since_ms > ORACLE_POOL_IDLE_MS) {
            stale[n_stale++] = c;
            tls->idle[i] = tls->idle[--tls->idle_count];
            continue;
        }
        if (found == NULL && c->port == port && strcmp(c->host, host) == 0) {
            found = c;
            tls->idle[i] = tls->idle[--tls->idle_count];
            continue;
        }
        i++;
    }
    pthread_mutex_unlock((pthread_mutex_t *)tls->lock);
    for (i = 0; i < n_stale; i++) oracle_tls_close(stale[i], 1);
    return found;
}

void oracle_tls_release(oracle_tls *tls, oracle_conn *conn)
{
    oracle_conn *evict = NULL;
    size_t i, oldest = 0;
    conn->idle_since_ms = oracle_now_ms();
    pthread_mutex_lock((pthread_mutex_t *)tls->lock);
    if (tls->idle_count == ORACLE_POOL_MAX) {
        for (i = 1; i < tls->idle_count; i++)
            if (tls->idle[i]->idle_since_ms < tls->idle[oldest]->idle_since_ms) oldest = i;
        evict = tls->idle[oldest];
        tls->idle[oldest] = conn;
    } else {
        tls->idle[tls->idle_count++] = conn;
    }
    pthread_mutex_unlock((pthread_mutex_t *)tls->lock);
    if (evict) oracle_tls_close(evict, 1);
}

static int oracle_tls_open(oracle_tls *tls, oracle_conn **out, oracle_error *err, const char *host,
                           uint16_t port, uint32_t connect_timeout_ms, uint32_t io_timeout_ms,
                           int64_t deadline_ms)
{
    oracle_conn *c;
    int ret, mret;
    int64_t handle = -1;
    uint32_t ctimeout = connect_timeout_ms;
    *out = NULL;
    if (deadline_ms) {
        int64_t left = deadline_ms - oracle_now_ms();
        if (left <= 0)
            return oracle_error_set(err, ORACLE_ERR_JOB_DEADLINE, "%s:%u: job deadline passed before connect",
                                    host, port);
        if (left < (int64_t)ctimeout) ctimeout = (uint32_t)left;
    }
    if (oracle_ocall_tcp_connect(&ret, host, port, ctimeout, &handle) != OE_OK)
        return oracle_error_set(err, ORACLE_ERR_BACKEND, "%s:%u: connect OCALL failed", host, port);
    if (ret != ORACLE_OK) {
        if (ret == ORACLE_ERR_DNS)
            return oracle_error_set(err, ret, "%s: host could not resolve the name", host);
        if (ret == ORACLE_ERR_TIMEOUT)
            return oracle_error_set(err, ret, "%s:%u: TCP connect took longer than %u ms", host, port, ctimeout);
        return oracle_error_set(err, ORACLE_ERR_CONNECT, "%s:%u: TCP connect failed", host, port);
    }
    c = (oracle_conn *)calloc(1, sizeof(*c));
    if (c == NULL) {
        oracle_ocall_close(handle);
        return oracle_error_set(err, ORACLE_ERR_NO_MEMORY, "out of memory");
    }
    c->handle = handle;
    strncpy(c->host, host, sizeof(c->host) - 1);
    c->port = port;
    c->valid_from = INT64_MIN;
    c->valid_until = INT64_MAX;
    c->io_timeout_ms = io_timeout_ms;
    c->deadline_ms = deadline_ms;
    mbedtls_ssl_init(&c->ssl);
    if (mbedtls_ssl_setup(&c->ssl, &tls->conf) != 0 || mbedtls_ssl_set_hostname(&c->ssl, host) != 0) {
        ret = oracle_error_set(err, ORACLE_ERR_INTERNAL, "%s:%u: TLS setup failed", host, port);
        goto fail;
    }
    mbedtls_ssl_set_verify(&c->ssl, oracle_verify_cb, c);
    mbedtls_ssl_set_bio(&c->ssl, c, oracle_bio_send, NULL, oracle_bio_recv_timeout);
    do {
        mret = mbedtls_ssl_handshake(&c->ssl);
    } while (mret == MBEDTLS_ERR_SSL_WANT_READ || mret == MBEDTLS_ERR_SSL_WANT_WRITE);
    if (mret != 0) {
        ret = oracle_tls_error(c, err, mret, "handshake");
        goto fail;
    }
    *out = c;
    return ORACLE_OK;
fail:
    oracle_tls_close(c, 0);
    return ret;
}

int oracle_tls_acquire(oracle_tls *tls, oracle_conn **out, int *reused, oracle_error *err,
                       const char *host, uint16_t port, uint32_t connect_timeout_ms,
                       uint32_t io_timeout_ms, int64_t deadline_ms, int allow_reuse)
{
    oracle_conn *c = allow_reuse ? oracle_pool_take(tls, host, port) : NULL;
    ORACLE_ARG_CHECK(tls != NULL && out != NULL && reused != NULL && host != NULL);
    *reused = c != NULL;
    if (c) {
        c->io_timeout_ms = io_timeout_ms;
        c->deadline_ms = deadline_ms;
        c->timed_out = 0;
        c->io_failed = 0;
        *out = c;
        return ORACLE_OK;
    }
    return oracle_tls_open(tls, out, err, host, port, connect_timeout_ms, io_timeout_ms, deadline_ms);
}

int oracle_tls_write_all(oracle_conn *conn, oracle_error *err, const uint8_t *data, size_t len)
{
    while (len > 0) {
        int mret = mbedtls_ssl_write(&conn->ssl, data, len);
        if (mret == MBEDTLS_ERR_SSL_WANT_READ || mret == MBEDTLS_ERR_SSL_WANT_WRITE) continue;
        if (mret <= 0) return oracle_tls_error(conn, err, mret, "send");
        data += mret;
        len -= (size_t)mret;
    }
    return ORACLE_OK;
}

int oracle_tls_read(oracle_conn *conn, oracle_error *err, uint8_t *buf, size_t cap, size_t *got, int *clean)
{
    int mret;
    *got = 0;
    *clean = 0;
    for (;;) {
        mret = mbedtls_ssl_read(&conn->ssl, buf, cap);
        if (mret == MBEDTLS_ERR_SSL_WANT_READ || mret == MBEDTLS_ERR_SSL_WANT_WRITE) continue;
        break;
    }
    if (mret > 0) {
        *got = (size_t)mret;
        return ORACLE_OK;
    }
    if (mret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
        *clean = 1;
        return ORACLE_OK;
    }
    if (mret == 0) return ORACLE_OK; /* TCP closed without close_notify */
    return oracle_tls_error(conn, err, mret, "receive");
}

int oracle_tls_check_validity(const oracle_conn *conn, oracle_error *err, int64_t t, const char *what)
{
    if (t > conn->valid_until)
        return oracle_error_set(err, ORACLE_ERR_TLS_CERT_EXPIRED,
                                "%s:%u: certificate chain expired at unix %lld, before the %s (unix %lld)",
                                conn->host, conn->port, (long long)conn->valid_until, what, (long long)t);
    if (t < conn->valid_from)
        return oracle_error_set(err, ORACLE_ERR_TLS_CERT_NOT_YET_VALID,
                                "%s:%u: certificate chain valid only from unix %lld, after the %s (unix %lld)",
                                conn->host, conn->port, (long long)conn->valid_from, what, (long long)t);
    return ORACLE_OK;
}
