/*
 * bridge.c (sim backend): joins the two sides of oracle_enclave.edl with
 * direct calls, where the openenclave backend has oeedger8r's marshalling.
 * SIMULATION ONLY: no isolation, no copying across a boundary.
 *
 * Like the generated stubs, the OCALL direction copies nothing back that
 * the caller did not size: the trusted code still checks every size the host
 * returns, as it must with a real enclave.
 */
#include "oracle_enclave_u.h"

/* The trusted implementations (renamed in sim/oracle_enclave_t.h). */
int oracle_sim_t_ecall_init(const uint8_t *sealed, size_t sealed_len, uint8_t *sealed_out,
                            size_t sealed_out_cap, size_t *sealed_out_len, uint8_t *public_key);
int oracle_sim_t_ecall_identity(const uint8_t *nonce, char *out, size_t out_cap, size_t *out_len);
int oracle_sim_t_ecall_execute(const char *request, size_t request_len, char *out, size_t out_cap,
                               size_t *out_len);
int oracle_sim_t_ecall_attested_certificate(uint8_t *out, size_t out_cap, size_t *out_len);
int oracle_sim_t_ecall_endorse(const char *request, size_t request_len, char *out, size_t out_cap,
                               size_t *out_len);

oe_result_t oracle_sim_t_ocall_tcp_connect(int *_retval, const char *host, uint16_t port, uint32_t timeout_ms,
                                           int64_t *handle);
oe_result_t oracle_sim_t_ocall_send(int *_retval, int64_t handle, const uint8_t *data, size_t len,
                                    size_t *sent);
oe_result_t oracle_sim_t_ocall_recv(int *_retval, int64_t handle, uint8_t *data, size_t cap,
                                    uint32_t timeout_ms, size_t *received);
oe_result_t oracle_sim_t_ocall_close(int64_t handle);
oe_result_t oracle_sim_t_ocall_untrusted_time_ms(int64_t *_retval);
oe_result_t oracle_sim_t_ocall_log(int level, const char *message);

/* ---- ECALLs: host -> trusted ---- */

oe_result_t oracle_ecall_init(oe_enclave_t *enclave, int *_retval, const uint8_t *sealed, size_t sealed_len,
                              uint8_t *sealed_out, size_t sealed_out_cap, size_t *sealed_out_len,
                              uint8_t *public_key)
{
    if (enclave == NULL || _retval == NULL) return OE_INVALID_PARAMETER;
    *_retval = oracle_sim_t_ecall_init(sealed, sealed_len, sealed_out, sealed_out_cap, sealed_out_len,
                                       public_key);
    return OE_OK;
}

oe_result_t oracle_ecall_identity(oe_enclave_t *enclave, int *_retval, const uint8_t *nonce, char *out,
                                  size_t out_cap, size_t *out_len)
{
    if (enclave == NULL || _retval == NULL) return OE_INVALID_PARAMETER;
    *_retval = oracle_sim_t_ecall_identity(nonce, out, out_cap, out_len);
    return OE_OK;
}

oe_result_t oracle_ecall_execute(oe_enclave_t *enclave, int *_retval, const char *request, size_t request_len,
                                 char *out, size_t out_cap, size_t *out_len)
{
    if (enclave == NULL || _retval == NULL) return OE_INVALID_PARAMETER;
    *_retval = oracle_sim_t_ecall_execute(request, request_len, out, out_cap, out_len);
    return OE_OK;
}

oe_result_t oracle_ecall_attested_certificate(oe_enclave_t *enclave, int *_retval, uint8_t *out, size_t out_cap,
                                              size_t *out_len)
{
    if (enclave == NULL || _retval == NULL) return OE_INVALID_PARAMETER;
    *_retval = oracle_sim_t_ecall_attested_certificate(out, out_cap, out_len);
    return OE_OK;
}

oe_result_t oracle_ecall_endorse(oe_enclave_t *enclave, int *_retval, const char *request, size_t request_len,
                                 char *out, size_t out_cap, size_t *out_len)
{
    if (enclave == NULL || _retval == NULL) return OE_INVALID_PARAMETER;
    *_retval = oracle_sim_t_ecall_endorse(request, request_len, out, out_cap, out_len);
    return OE_OK;
}

/* ---- OCALLs: trusted -> host ---- */

oe_result_t oracle_sim_t_ocall_tcp_connect(int *_retval, const char *host, uint16_t port, uint32_t timeout_ms,
                                           int64_t *handle)
{
    *_retval = oracle_ocall_tcp_connect(host, port, timeout_ms, handle);
    return OE_OK;
}

oe_result_t oracle_sim_t_ocall_send(int *_retval, int64_t handle, const uint8_t *data, size_t len, size_t *sent)
{
    *_retval = oracle_ocall_send(handle, data, len, sent);
    return OE_OK;
}

oe_result_t oracle_sim_t_ocall_recv(int *_retval, int64_t handle, uint8_t *data, size_t cap,
                                    uint32_t timeout_ms, size_t *received)
{
    *_retval = oracle_ocall_recv(handle, data, cap, timeout_ms, received);
    return OE_OK;
}

oe_result_t oracle_sim_t_ocall_close(int64_t handle)
{
    oracle_ocall_close(handle);
    return OE_OK;
}

oe_result_t oracle_sim_t_ocall_untrusted_time_ms(int64_t *_retval)
{
    *_retval = oracle_ocall_untrusted_time_ms();
    return OE_OK;
}

oe_result_t oracle_sim_t_ocall_log(int level, const char *message)
{
    oracle_ocall_log(level, message);
    return OE_OK;
}
