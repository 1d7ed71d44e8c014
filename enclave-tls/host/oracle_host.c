/*
 * oracle_host.c: the flat C ABI of include/oracle_host.h over the ECALLs.
 */
#include "oracle_host.h"

#include <stdlib.h>

#include "enclave_loader.h"
#include "errors.h"
#include "ocalls.h"
#include "oracle_enclave_u.h"

struct oracle_host {
    oe_enclave_t *enclave;
};

int oracle_host_open(oracle_host **out, const char *enclave_path, uint32_t flags)
{
    oracle_host *h;
    int ret;
    if (out == NULL) return ORACLE_ERR_ARGUMENT;
    *out = NULL;
    h = (oracle_host *)calloc(1, sizeof(*h));
    if (h == NULL) return ORACLE_ERR_NO_MEMORY;
    ret = oracle_enclave_create(&h->enclave, enclave_path, flags);
    if (ret != ORACLE_OK) {
        free(h);
        return ret;
    }
    *out = h;
    return ORACLE_OK;
}

int oracle_host_add_resolve(oracle_host *h, const char *name, uint16_t port, const char *address)
{
    if (h == NULL) return ORACLE_ERR_ARGUMENT;
    return oracle_ocalls_add_resolve(name, port, address);
}

void oracle_host_set_log(oracle_host *h, int max_level, oracle_host_log_fn fn, void *ctx)
{
    (void)h;
    oracle_ocalls_set_log(max_level, fn, ctx);
}

int oracle_host_init(oracle_host *h, uint8_t *sealed_out, size_t sealed_out_cap, size_t *sealed_out_len,
                     uint8_t public_key[64], const uint8_t *sealed, size_t sealed_len)
{
    int ret = ORACLE_ERR_BACKEND;
    if (h == NULL || sealed_out_len == NULL || public_key == NULL) return ORACLE_ERR_ARGUMENT;
    if (oracle_ecall_init(h->enclave, &ret, sealed, sealed_len, sealed_out, sealed_out_cap, sealed_out_len,
                          public_key) != OE_OK)
        return ORACLE_ERR_BACKEND;
    return ret;
}

int oracle_host_identity(oracle_host *h, char *out, size_t out_cap, size_t *out_len, const uint8_t nonce[32])
{
    int ret = ORACLE_ERR_BACKEND;
    if (h == NULL || out_len == NULL || nonce == NULL) return ORACLE_ERR_ARGUMENT;
    if (oracle_ecall_identity(h->enclave, &ret, nonce, out, out_cap, out_len) != OE_OK) return ORACLE_ERR_BACKEND;
    return ret;
}

int oracle_host_attested_certificate(oracle_host *h, uint8_t *out, size_t out_cap, size_t *out_len)
{
    int ret = ORACLE_ERR_INTERNAL;
    if (h == NULL || out_len == NULL || (out == NULL && out_cap != 0)) return ORACLE_ERR_ARGUMENT;
    if (oracle_ecall_attested_certificate(h->enclave, &ret, out, out_cap, out_len) != OE_OK) return ORACLE_ERR_BACKEND;
    return ret;
}

int oracle_host_execute(oracle_host *h, char *out, size_t out_cap, size_t *out_len, const char *request,
                        size_t request_len)
{
    int ret = ORACLE_ERR_BACKEND;
    if (h == NULL || out_len == NULL || request == NULL) return ORACLE_ERR_ARGUMENT;
    if (oracle_ecall_execute(h->enclave, &ret, request, request_len, out, out_cap, out_len) != OE_OK)
        return ORACLE_ERR_BACKEND;
    return ret;
}

int oracle_host_endorse(oracle_host *h, char *out, size_t out_cap, size_t *out_len, const char *request,
                        size_t request_len)
{
    int ret = ORACLE_ERR_BACKEND;
    if (h == NULL || out_len == NULL || request == NULL) return ORACLE_ERR_ARGUMENT;
    if (oracle_ecall_endorse(h->enclave, &ret, request, request_len, out, out_cap, out_len) != OE_OK)
        return ORACLE_ERR_BACKEND;
    return ret;
}

void oracle_host_close(oracle_host *h)
{
    if (h == NULL) return;
    oracle_enclave_terminate(h->enclave);
    oracle_ocalls_clear_resolve();
    free(h);
}

const char *oracle_host_error_name(int code)
{
    return oracle_err_name(code);
}

const char *oracle_host_backend(void)
{
#ifdef ORACLE_BACKEND_OPENENCLAVE
    return "openenclave";
#else
    return "sim";
#endif
}
