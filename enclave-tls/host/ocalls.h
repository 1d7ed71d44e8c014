/*
 * ocalls.h: host-side state behind the OCALLs (name overrides, log sink).
 * The OCALL signatures themselves come from oracle_enclave.edl.
 */
#ifndef ORACLE_HOST_OCALLS_H
#define ORACLE_HOST_OCALLS_H

#include <stdint.h>

#include "oracle_host.h"

/* Adds a name -> address override (port 0 = every port). Returns 0 or ORACLE_ERR_ARGUMENT. */
int oracle_ocalls_add_resolve(const char *name, uint16_t port, const char *address);

/* Forgets every override. */
void oracle_ocalls_clear_resolve(void);

/* Where log lines go. */
void oracle_ocalls_set_log(int max_level, oracle_host_log_fn fn, void *ctx);

/* Logs from the host side through the same sink. */
void oracle_host_log(int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
