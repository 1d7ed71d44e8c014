#include "log.h"

#include <stdarg.h>
#include <stdio.h>

#include "oracle_enclave_t.h"

void oracle_log(int level, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    (void)oracle_ocall_log(level, line);
}
