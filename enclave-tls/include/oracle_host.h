/*
 * oracle_host.h: the enclave host library, a flat C ABI for .NET P/Invoke and
 * for C programs (oracle-enclave-run, the tests, bench/).
 *
 * Argument order: the host handle first, then outputs, then inputs; a length
 * right after its buffer. Every function returns an oracle error code
 * (0 = ORACLE_OK; oracle_host_error_name() gives its stable name).
 *
 * Output buffers are sized by the caller. A function that needs more room
 * returns ORACLE_ERR_BUFFER_TOO_SMALL (704) and sets *out_len to the size
 * needed, except oracle_host_execute and oracle_host_endorse, which cannot be
 * repeated without repeating the fetches: give them ORACLE_HOST_EXECUTE_OUTPUT_MAX bytes.
 *
 * Backends: with the sim backend the enclave's trusted code runs inside this
 * process (no protection; every identity and result says "simulated"), and
 * only one enclave may be open at a time. With the openenclave backend,
 * enclave_path names the signed enclave image.
 *
 * Threads: after init, identity, execute and endorse may be called from
 * several threads at once.
 */
#ifndef ORACLE_HOST_H
#define ORACLE_HOST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ORACLE_HOST_EXECUTE_OUTPUT_MAX (256 * 1024)
#define ORACLE_HOST_IDENTITY_OUTPUT_MAX (32 * 1024)
#define ORACLE_HOST_SEALED_MAX 4096

/* Log levels, as in the EDL's log OCALL. */
#define ORACLE_HOST_LOG_ERROR 0
#define ORACLE_HOST_LOG_WARNING 1
#define ORACLE_HOST_LOG_INFO 2
#define ORACLE_HOST_LOG_DEBUG 3

/* Open flags. */
#define ORACLE_HOST_FLAG_DEBUG 1u   /* openenclave: create a debug enclave (never in production) */

#if defined(__GNUC__)
#define ORACLE_HOST_API __attribute__((visibility("default")))
#else
#define ORACLE_HOST_API
#endif

typedef struct oracle_host oracle_host;

/* Receives the enclave's log lines (and the host's own). message is valid
 * only during the call. */
typedef void (*oracle_host_log_fn)(void *ctx, int level, const char *message);

/* Creates the enclave.
 * Returns: 0; ORACLE_ERR_BACKEND (706+2 = 708) if the enclave cannot be created
 *          (sim: another is already open; openenclave: see the log).
 * Out: *out. In: enclave_path (ignored by sim; may be NULL there), flags. */
ORACLE_HOST_API int oracle_host_open(oracle_host **out, const char *enclave_path, uint32_t flags);

/* Makes the host resolve name (any port if port == 0) to address, like curl's
 * --resolve. The enclave still verifies the certificate for name, so this
 * cannot make it trust a wrong server. Returns: 0; ORACLE_ERR_ARGUMENT. */
ORACLE_HOST_API int oracle_host_add_resolve(oracle_host *h, const char *name, uint16_t port, const char *address);

/* Sends log lines at or below max_level to fn (NULL: standard error). */
ORACLE_HOST_API void oracle_host_set_log(oracle_host *h, int max_level, oracle_host_log_fn fn, void *ctx);

/* ECALL init: creates the enclave key (sealed_len == 0) or unseals it.
 * Out: sealed_out[0..*sealed_out_len) to store; public_key (x || y).
 * Returns: 0; ORACLE_ERR_SEALED_KEY; ORACLE_ERR_BUFFER_TOO_SMALL; ... */
ORACLE_HOST_API int oracle_host_init(oracle_host *h, uint8_t *sealed_out, size_t sealed_out_cap, size_t *sealed_out_len,
                     uint8_t public_key[64], const uint8_t *sealed, size_t sealed_len);

/* ECALL identity: JSON identity document bound to nonce (32 bytes). */
ORACLE_HOST_API int oracle_host_identity(oracle_host *h, char *out, size_t out_cap, size_t *out_len, const uint8_t nonce[32]);

/* ECALL attested_certificate: a self-signed X.509 certificate (DER) for a P-256 key made in
 * the enclave, with the enclave's evidence in extension 1.3.6.1.4.1.311.105.2 (Open Enclave's
 * layout). Returns: 0; ORACLE_ERR_BUFFER_TOO_SMALL (*out_len = size needed); ... */
ORACLE_HOST_API int oracle_host_attested_certificate(oracle_host *h, uint8_t *out, size_t out_cap, size_t *out_len);

/* ECALL execute: runs one execute request (JSON) and writes the result JSON,
 * NUL-terminated when there is room. Returns 0 when the job produced signed
 * reports, else the job's error code (the JSON says which and why). A job_text
 * refused with a 1xx error for a non-zero request_id returns that code too, but
 * its JSON carries "error_report": true and signed error reports. */
ORACLE_HOST_API int oracle_host_execute(oracle_host *h, char *out, size_t out_cap, size_t *out_len, const char *request,
                        size_t request_len);

/* ECALL endorse (quorum mode): request is an execute request plus "endorse":
 * {"value", "data", "observed_at", "sources_hash"}, the leader's report. Runs the
 * job as execute does and writes the result JSON with the leader's report
 * signed per target ("endorsed": true) when its own result is within the job's
 * tolerance. Returns 0 when it signed; ORACLE_ERR_ENDORSE_OUT_OF_TOLERANCE (603)
 * or the job's own error otherwise (no report). Like execute, it cannot be
 * repeated without repeating the fetches: give it ORACLE_HOST_EXECUTE_OUTPUT_MAX bytes. */
ORACLE_HOST_API int oracle_host_endorse(oracle_host *h, char *out, size_t out_cap, size_t *out_len, const char *request,
                        size_t request_len);

/* Terminates the enclave and frees h. Safe with NULL. */
ORACLE_HOST_API void oracle_host_close(oracle_host *h);

/* Returns: the stable snake_case name of an error code ("tls_hostname", ...). */
ORACLE_HOST_API const char *oracle_host_error_name(int code);

/* Returns: "sim" or "openenclave". */
ORACLE_HOST_API const char *oracle_host_backend(void);

#ifdef __cplusplus
}
#endif

#endif
