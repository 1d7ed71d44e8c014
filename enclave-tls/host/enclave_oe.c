/*
 * enclave_oe.c: creating the SGX enclave with the Open Enclave SDK. Built only
 * with -DORACLE_BACKEND=openenclave (deploy/openenclave.md).
 */
#include <openenclave/host.h>

#include "enclave_loader.h"
#include "errors.h"
#include "ocalls.h"
#include "oracle_host.h"

int oracle_enclave_create(oe_enclave_t **out, const char *path, uint32_t flags)
{
    uint32_t oe_flags = (flags & ORACLE_HOST_FLAG_DEBUG) ? OE_ENCLAVE_FLAG_DEBUG : 0;
    oe_result_t r;
    if (path == NULL) {
        oracle_host_log(ORACLE_HOST_LOG_ERROR, "openenclave backend: no enclave image path given");
        return ORACLE_ERR_BACKEND;
    }
    r = oe_create_oracle_enclave_enclave(path, OE_ENCLAVE_TYPE_AUTO, oe_flags, NULL, 0, out);
    if (r != OE_OK) {
        oracle_host_log(ORACLE_HOST_LOG_ERROR, "oe_create_enclave(%s): %s", path, oe_result_str(r));
        return ORACLE_ERR_BACKEND;
    }
    return ORACLE_OK;
}

void oracle_enclave_terminate(oe_enclave_t *enclave)
{
    if (enclave) oe_terminate_enclave(enclave);
}
