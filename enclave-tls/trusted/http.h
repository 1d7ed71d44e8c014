/*
 * http.h: HTTP/1.1 for the enclave: request bytes out, an incremental response
 * parser in. No I/O here: the TLS layer feeds bytes as they arrive.
 *
 * The parser is the first code that reads bytes a server chose, so it is strict
 * and bounded: status line and header lines each at most ORACLE_HTTP_LINE_MAX
 * bytes, at most ORACLE_HTTP_MAX_HEADERS header fields, the header section at
 * most ORACLE_HTTP_HEADER_MAX bytes, the body at most the caller's cap. Bodies
 * are delimited by Content-Length, by chunked transfer coding (chunk extensions
 * ignored, trailers read and discarded within the same bounds) or, for a response
 * with neither, by the end of the connection (the TLS layer must then see a
 * close_notify; a bare TCP close is a truncation).
 */
#ifndef ORACLE_HTTP_H
#define ORACLE_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define ORACLE_HTTP_LINE_MAX 8192
#define ORACLE_HTTP_HEADER_MAX 32768
#define ORACLE_HTTP_MAX_HEADERS 100
#define ORACLE_HTTP_DEFAULT_BODY_MAX (1024 * 1024)

/* oracle_http_response_feed() returns this (positive) when it wants more bytes. */
#define ORACLE_HTTP_NEED_MORE 1

typedef enum oracle_http_framing {
    ORACLE_HTTP_FRAMING_NONE = 0,     /* 1xx/204/304: no body */
    ORACLE_HTTP_FRAMING_LENGTH,       /* Content-Length */
    ORACLE_HTTP_FRAMING_CHUNKED,      /* Transfer-Encoding: chunked */
    ORACLE_HTTP_FRAMING_CLOSE         /* until the connection closes */
} oracle_http_framing;

typedef struct oracle_http_response {
    /* Results, valid once feed() returned ORACLE_OK (and status while parsing body). */
    int status;                 /* e.g. 200 */
    int http_minor;             /* 0 for HTTP/1.0, 1 for HTTP/1.1 */
    int64_t date;               /* Date header as unix seconds; -1 if absent or unparseable */
    int keep_alive;             /* 1 if the connection may carry another request */
    oracle_http_framing framing;
    oracle_buf body;            /* the body (growable, capped) */
    char location[256];         /* Location header (truncated), for redirect errors */
    char content_type[128];     /* Content-Type header (truncated) */

    /* Parser state: private. */
    int state;
    uint64_t remaining;         /* bytes left in the body or the current chunk */
    int64_t content_length;     /* -1 if none */
    size_t header_bytes;
    unsigned header_count;
    int chunked;
    int conn_close;
    int conn_keep_alive;
    int head_request;
    int error;                  /* the error that killed the parser (sticky) */
    int line_cr;                /* the line read so far ended in CR */
    unsigned date_count;        /* Date fields seen in this response */
    char line[ORACLE_HTTP_LINE_MAX];
    size_t line_len;
} oracle_http_response;

/* Prepares r to parse one response. body_max: largest body accepted (bytes).
 * head_request: 1 if the request was HEAD (no body follows whatever the headers say). */
void oracle_http_response_init(oracle_http_response *r, size_t body_max, int head_request);

/* Frees the body and wipes r. Safe on a response that was only initialised. */
void oracle_http_response_free(oracle_http_response *r);

/* Feeds received bytes. Interim 1xx responses are read and discarded.
 * Returns: ORACLE_HTTP_NEED_MORE; ORACLE_OK when the response is complete (then
 *          *consumed says how many of these bytes belonged to it; any rest belong
 *          to a response this client never asked for, and the connection must not
 *          be reused); ORACLE_ERR_HTTP_MALFORMED; ORACLE_ERR_HTTP_TOO_LARGE.
 * Out: consumed (optional). In: data[0..len). After an error, r is dead. */
int oracle_http_response_feed(oracle_http_response *r, const uint8_t *data, size_t len,
                              size_t *consumed);

/* Tells the parser the connection ended cleanly (TLS close_notify).
 * Returns: ORACLE_OK if the response is complete (close-delimited body);
 *          ORACLE_ERR_HTTP_TRUNCATED if the response was still incomplete. */
int oracle_http_response_finish(oracle_http_response *r);

/* Parses an HTTP-date (RFC 9110 5.6.7): IMF-fixdate, and the obsolete RFC 850
 * and asctime forms that recipients must accept.
 * Returns: ORACLE_OK and *out (unix seconds, UTC); ORACLE_ERR_HTTP_MALFORMED. */
int oracle_http_parse_date(const char *s, size_t n, int64_t *out);

/* One request header, name and value as given in the job (already checked). */
typedef struct oracle_http_header {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
} oracle_http_header;

/* Returns: 1 if name is a token (RFC 9110 5.1) of 1..256 bytes and not one the
 * client sets itself (Host, Content-Length, Transfer-Encoding, Connection). */
int oracle_http_header_name_ok(const char *name, size_t n);

/* Returns: 1 if value has 0..4096 bytes and no CR, LF or NUL. */
int oracle_http_header_value_ok(const char *value, size_t n);

/* Writes a request:
 *   METHOD SP target SP HTTP/1.1 CRLF
 *   Host: host[:port unless 443] CRLF
 *   headers... CRLF
 *   Content-Length: n CRLF            (when body != NULL, even if n == 0)
 *   Connection: keep-alive | close CRLF
 *   CRLF body
 * method, host and target must already be checked by the job parser.
 * Returns: ORACLE_OK; ORACLE_ERR_BUFFER_TOO_SMALL if out overflowed. */
int oracle_http_build_request(oracle_buf *out, const char *method, const char *host,
                              uint16_t port, const char *target,
                              const oracle_http_header *headers, size_t header_count,
                              const uint8_t *body, size_t body_len, int keep_alive);

#endif
