/*
 * platform.h: what the trusted code needs from the enclave platform, and the
 * only place where the backends differ inside the enclave.
 *
 *   openenclave: trusted/platform_oe.c  (oe_random, oe_seal with product policy, SGX quotes)
 *   sim:         sim/platform_sim.c     (the OS's getrandom, sealing under a fixed
 *                                        development key: NO protection, and says so)
 */
#ifndef ORACLE_PLATFORM_H
#define ORACLE_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf with len bytes from the platform's entropy source (SGX: RDRAND
 * inside the enclave). Returns: ORACLE_OK or ORACLE_ERR_ENTROPY. */
int oracle_platform_entropy(uint8_t *buf, size_t len);

/* Seals plain so that only this enclave (openenclave: same signer and product,
 * OE_SEAL_POLICY_PRODUCT) can unseal it.
 * Returns: ORACLE_OK; ORACLE_ERR_BUFFER_TOO_SMALL (*out_len = size needed);
 *          ORACLE_ERR_INTERNAL. Out: out[0..*out_len). In: plain[0..n). */
int oracle_platform_seal(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *plain, size_t n);

/* Reverses oracle_platform_seal. A blob from another backend, another enclave
 * or with any byte changed is refused.
 * Returns: ORACLE_OK; ORACLE_ERR_SEALED_KEY; ORACLE_ERR_BUFFER_TOO_SMALL. */
int oracle_platform_unseal(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *blob, size_t n);

/* Returns: "sim" or "sgx". */
const char *oracle_platform_backend(void);

/* Returns: 1 when nothing this backend produces is protected by hardware. */
int oracle_platform_is_simulated(void);

/* Returns: how sealed data is protected, for the identity document
 * ("sgx-product-policy" or "insecure-fixed-dev-key"). */
const char *oracle_platform_sealing(void);

/* Produces attestation evidence whose REPORTDATA is report_data: an SGX DCAP
 * quote v3. sim: the same layout from a simulated quoting enclave, chained to
 * the SIMULATED root this build generated (cmake/sim_attestation.cmake).
 * Returns: ORACLE_OK; ORACLE_ERR_BUFFER_TOO_SMALL; ORACLE_ERR_BACKEND. */
int oracle_platform_evidence(uint8_t *out, size_t cap, size_t *out_len, const uint8_t report_data[64]);

#endif
