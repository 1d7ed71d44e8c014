/*
 * log.h: logging from inside the enclave, an OCALL with a level. Messages go
 * to the host in the clear: never log secrets, response bodies or keys.
 */
#ifndef ORACLE_LOG_H
#define ORACLE_LOG_H

#define ORACLE_LOG_ERROR 0
#define ORACLE_LOG_WARNING 1
#define ORACLE_LOG_INFO 2
#define ORACLE_LOG_DEBUG 3

void oracle_log(int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
