/*
 * oracle_enclave_t.h (sim backend): the trusted side's view of
 * oracle_enclave.edl, with the signatures oeedger8r generates for the
 * openenclave backend. The ECALL implementations and OCALL stubs are renamed
 * (oracle_sim_t_*) because in sim both sides live in one process, where the
 * host-side functions of the same EDL names also exist. sim/bridge.c joins them.
 */
#ifndef ORACLE_ENCLAVE_T_H
#define ORACLE_ENCLAVE_T_H

#include <stddef.h>
#include <stdint.h>

#include "oracle_sim_oe.h"

#define oracle_ecall_init oracle_sim_t_ecall_init
#define oracle_ecall_identity oracle_sim_t_ecall_identity
#define oracle_ecall_execute oracle_sim_t_ecall_execute
#define oracle_ecall_attested_certificate oracle_sim_t_ecall_attested_certificate
#define oracle_ecall_endorse oracle_sim_t_ecall_endorse
#define oracle_ocall_tcp_connect oracle_sim_t_ocall_tcp_connect
#define oracle_ocall_send oracle_sim_t_ocall_send
#define oracle_ocall_recv oracle_sim_t_ocall_recv
#define oracle_ocall_close oracle_sim_t_ocall_close
#define oracle_ocall_untrusted_time_ms oracle_sim_t_ocall_untrusted_time_ms
#define oracle_ocall_log oracle_sim_t_ocall_log

/* ECALLs: implemented by trusted/enclave.c. */
int oracle_ecall_init(const uint8_t *sealed, size_t sealed_len, uint8_t *sealed_out, size_t sealed_out_cap,
                      size_t *sealed_out_len, uint8_t *public_key);
int oracle_ecall_identity(const uint8_t *nonce, char *out, size_t out_cap, size_t *out_len);
int oracle_ecall_execute(const char *request, size_t request_len, char *out, size_t out_cap,
                         size_t *out_len);
int oracle_ecall_attested_certificate(uint8_t *out, size_t out_cap, size_t *out_len);
int oracle_ecall_endorse(const char *request, size_t request_len, char *out, size_t out_cap, size_t *out_len);

/* OCALL stubs: called by trusted code. */
oe_result_t oracle_ocall_tcp_connect(int *_retval, const char *host, uint16_t port, uint32_t timeout_ms,
                                     int64_t *handle);
oe_result_t oracle_ocall_send(int *_retval, int64_t handle, const uint8_t *data, size_t len, size_t *sent);
oe_result_t oracle_ocall_recv(int *_retval, int64_t handle, uint8_t *data, size_t cap, uint32_t timeout_ms,
                              size_t *received);
oe_result_t oracle_ocall_close(int64_t handle);
oe_result_t oracle_ocall_untrusted_time_ms(int64_t *_retval);
oe_result_t oracle_ocall_log(int level, const char *message);

#endif
