/*
 * enclave_loader.h: creating and terminating the enclave, the one host-side
 * step that differs between backends (enclave_sim.c, enclave_oe.c).
 */
#ifndef ORACLE_ENCLAVE_LOADER_H
#define ORACLE_ENCLAVE_LOADER_H

#include <stdint.h>

#include "oracle_enclave_u.h"

/* Returns: ORACLE_OK and *out; ORACLE_ERR_BACKEND. */
int oracle_enclave_create(oe_enclave_t **out, const char *path, uint32_t flags);
void oracle_enclave_terminate(oe_enclave_t *enclave);

#endif
