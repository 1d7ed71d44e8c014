/*
 * oracle_enclave_u.h (sim backend): the host side's view of
 * oracle_enclave.edl, with the signatures oeedger8r generates for the
 * openenclave backend.
 */
#ifndef ORACLE_ENCLAVE_U_H
#define ORACLE_ENCLAVE_U_H

#include <stddef.h>
#include <stdint.h>

#include "oracle_sim_oe.h"

/* ECALL stubs: called by the host. */
oe_result_t oracle_ecall_init(oe_enclave_t *enclave, int *_retval, const uint8_t *sealed, size_t sealed_len,
                              uint8_t *sealed_out, size_t sealed_out_cap, size_t *sealed_out_len,
                              uint8_t *public_key);
oe_result_t oracle_ecall_identity(oe_enclave_t *enclave, int *_retval, const uint8_t *nonce, char *out,
                                  size_t out_cap, size_t *out_len);
oe_result_t oracle_ecall_execute(oe_enclave_t *enclave, int *_retval, const char *request, size_t request_len,
                                 char *out, size_t out_cap, size_t *out_len);
oe_result_t oracle_ecall_attested_certificate(oe_enclave_t *enclave, int *_retval, uint8_t *out, size_t out_cap,
                                              size_t *out_len);
oe_result_t oracle_ecall_endorse(oe_enclave_t *enclave, int *_retval, const char *request, size_t request_len,
                                 char *out, size_t out_cap, size_t *out_len);

/* OCALLs: implemented by host/ocalls.c. */
int oracle_ocall_tcp_connect(const char *host, uint16_t port, uint32_t timeout_ms, int64_t *handle);
int oracle_ocall_send(int64_t handle, const uint8_t *data, size_t len, size_t *sent);
int oracle_ocall_recv(int64_t handle, uint8_t *data, size_t cap, uint32_t timeout_ms, size_t *received);
void oracle_ocall_close(int64_t handle);
int64_t oracle_ocall_untrusted_time_ms(void);
void oracle_ocall_log(int level, const char *message);

#endif
