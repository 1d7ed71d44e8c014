/*
 * errors.h: the enclave's error codes.
 *
 * Every failure that input from outside can cause (a job spec, a server, the
 * host) has a stable numeric code and a stable snake_case name. The numbers are
 * part of the host ABI and of the report transcript (a failed source records its
 * code), so codes are only ever added, never renumbered.
 *
 * Caller bugs (a NULL pointer from our own code) are not in this list: they trip
 * ORACLE_ARG_CHECK, which returns ORACLE_ERR_ARGUMENT and logs where it happened.
 */
#ifndef ORACLE_ERRORS_H
#define ORACLE_ERRORS_H

typedef enum oracle_err {
    ORACLE_OK = 0,

    /* 1xx: the job spec or the execute request */
    ORACLE_ERR_JOB_MALFORMED = 100,     /* not JSON, wrong type, unknown or missing field */
    ORACLE_ERR_JOB_LIMIT = 101,         /* asks for more than the enclave allows */
    ORACLE_ERR_JOB_AGGREGATION = 102,   /* unknown aggregation method */
    ORACLE_ERR_JOB_URL = 103,           /* URL not https://host[:port]/path */
    ORACLE_ERR_JOB_POINTER = 104,       /* JSON Pointer syntax (RFC 6901) */
    ORACLE_ERR_JOB_NOT_CANONICAL = 105, /* job_text is not the RFC 8785 (JCS) form of the job it holds */

    /* 2xx: transport */
    ORACLE_ERR_DNS = 200,               /* host could not resolve the name */
    ORACLE_ERR_CONNECT = 201,           /* TCP connect refused or failed */
    ORACLE_ERR_TIMEOUT = 202,           /* connect or read took longer than allowed */
    ORACLE_ERR_JOB_DEADLINE = 203,      /* the whole job ran out of time */
    ORACLE_ERR_IO = 204,                /* send/recv failed, connection reset */

    /* 3xx: TLS */
    ORACLE_ERR_TLS_HANDSHAKE = 300,     /* handshake failed for a reason not below */
    ORACLE_ERR_TLS_CERT_UNTRUSTED = 301,/* chain does not end at a CA in the enclave's bundle */
    ORACLE_ERR_TLS_HOSTNAME = 302,      /* certificate does not name the host */
    ORACLE_ERR_TLS_CERT_EXPIRED = 303,  /* trusted time after a certificate's notAfter */
    ORACLE_ERR_TLS_CERT_NOT_YET_VALID = 304, /* trusted time before a notBefore */
    ORACLE_ERR_TLS_CERT_INVALID = 305,  /* other certificate problem (bad key usage, ...) */
    ORACLE_ERR_TLS_PROTOCOL = 306,      /* renegotiation, bad record, alert */

    /* 4xx: HTTP */
    ORACLE_ERR_HTTP_MALFORMED = 400,    /* response not parseable as HTTP/1.x */
    ORACLE_ERR_HTTP_TRUNCATED = 401,    /* connection ended before the body was complete */
    ORACLE_ERR_HTTP_TOO_LARGE = 402,    /* body or headers over the cap */
    ORACLE_ERR_HTTP_STATUS = 403,       /* status not 2xx */
    ORACLE_ERR_HTTP_REDIRECT = 404,     /* 3xx: redirects are not followed */
    ORACLE_ERR_HTTP_NO_DATE = 405,      /* no valid Date header */
    ORACLE_ERR_TIME_SKEW = 406,         /* server Date too far from the job's chain time */

    /* 5xx: extraction */
    ORACLE_ERR_JSON_MALFORMED = 500,    /* body is not valid JSON */
    ORACLE_ERR_JSON_TOO_DEEP = 501,     /* nesting deeper than allowed */
    ORACLE_ERR_JSON_NOT_FOUND = 502,    /* the pointer names nothing in the document */
    ORACLE_ERR_JSON_DUPLICATE_KEY = 503,/* the pointer passes through a duplicated key */
    ORACLE_ERR_VALUE_NOT_NUMBER = 504,  /* value is not a number or decimal string */
    ORACLE_ERR_VALUE_RANGE = 505,       /* scaled value outside int256 */
    ORACLE_ERR_VALUE_TOO_LONG = 506,    /* raw bytes longer than 256 */

    /* 6xx: aggregation */
    ORACLE_ERR_TOO_FEW_SOURCES = 600,   /* fewer than min_sources succeeded */
    ORACLE_ERR_DEVIATION = 601,         /* a value deviates from the median beyond max_deviation_bps */
    ORACLE_ERR_DISAGREE = 602,          /* "identical" aggregation saw different bytes */
    ORACLE_ERR_ENDORSE_OUT_OF_TOLERANCE = 603, /* endorse: own result too far from the leader's report */

    /* 7xx: enclave state */
    ORACLE_ERR_NOT_INITIALIZED = 700,   /* execute/identity before init */
    ORACLE_ERR_SEALED_KEY = 701,        /* sealed key blob corrupt, wrong backend or wrong key */
    ORACLE_ERR_ENTROPY = 702,           /* in-enclave entropy source failed */
    ORACLE_ERR_TIME_BACKWARDS = 703,    /* chain time older than the enclave's time floor */
    ORACLE_ERR_BUFFER_TOO_SMALL = 704,  /* output buffer too small; *out_len has the size needed */
    ORACLE_ERR_NO_MEMORY = 705,
    ORACLE_ERR_ARGUMENT = 706,          /* caller bug: see ORACLE_ARG_CHECK */
    ORACLE_ERR_INTERNAL = 707,          /* a crypto library call failed unexpectedly */
    ORACLE_ERR_BACKEND = 708            /* the host could not create or reach the enclave */
} oracle_err;

/* An error with the detail a user needs to fix it: which field, which source,
 * which value. detail is NUL-terminated English, never secret material. */
typedef struct oracle_error {
    int code;
    char detail[240];
} oracle_error;

/* Sets e (if not NULL) to code and a printf-style detail.
 * Returns: code, so that callers can write `return oracle_error_set(...)`. */
int oracle_error_set(oracle_error *e, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Returns: the stable snake_case name of code (e.g. "tls_cert_untrusted"),
 *          or "unknown" for a number that is not a code. Never NULL. */
const char *oracle_err_name(int code);

/* Returns: a one-line English description of code. Never NULL. */
const char *oracle_err_text(int code);

/* Argument checks for our own callers' bugs (libsecp256k1's ARG_CHECK). */
#define ORACLE_ARG_CHECK(cond)                     \
    do {                                           \
        if (!(cond)) return ORACLE_ERR_ARGUMENT;   \
    } while (0)

#endif
