/*
 * oracle-enclave-run: runs a job spec against the enclave and prints the
 * signed report as JSON. How the tests and the benchmark drive the enclave
 * until the .NET host exists.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "json.h"
#include "oracle_host.h"

#define ORACLE_RUN_MAX_TARGETS 8
#define ORACLE_RUN_MAX_FILE (256 * 1024)

static const char oracle_run_usage[] =
    "usage: oracle-enclave-run [options] JOB.json\n"
    "\n"
    "Runs one job in the enclave (backend: %s) and prints the result as one JSON line:\n"
    "the signed reports per target, or the error that stopped the job.\n"
    "\n"
    "JOB.json is an execute request ({\"job\": {...}, \"round\": ..., ...}, or with \"job_text\":\n"
    "the job's RFC 8785 JSON text as an on-chain request stores it) or a bare job spec\n"
    "({\"sources\": [...], \"result\": ..., \"aggregation\": ...}), which is wrapped using the\n"
    "options below. enclave-tls/README.md documents both formats.\n"
    "\n"
    "options:\n"
    "  --round N                 feed round (default 1)\n"
    "  --request-id 0xHEX64      request id (default zero: a scheduled feed round)\n"
    "  --chain-time SECONDS|now  chain time the enclave judges certificates and Date headers\n"
    "                            against (default now, from this machine's clock)\n"
    "  --target CHAIN:0xADDR     a target chain id and verifying contract; repeatable\n"
    "                            (default 31337:0x0000000000000000000000000000000000000000)\n"
    "  --no-reuse                new TLS connection (full handshake) for every job\n"
    "  --endorse LEADER.json     quorum mode: run the job and sign the leader's report only if\n"
    "                            this enclave's own result is within the job's tolerance of it.\n"
    "                            LEADER.json is the leader's result (this tool's output) or an\n"
    "                            endorse object {\"value\", \"data\", \"observed_at\", \"sources_hash\"};\n"
    "                            exit status 1 when refused (endorse_out_of_tolerance)\n"
    "  --resolve NAME:PORT:ADDR  resolve NAME (PORT 0: any port) to ADDR, like curl --resolve;\n"
    "                            the certificate is still checked for NAME; repeatable\n"
    "  --sealed-key FILE         keep the enclave key sealed in FILE (created if missing)\n"
    "  --repeat N                run the job N times (connections kept alive between runs)\n"
    "  --quiet                   with --repeat: print only failed results and the summary\n"
    "  --identity                print the enclave's identity document and exit\n"
    "  --attested-certificate    print an X.509 certificate (PEM) for a key made in the enclave,\n"
    "                            carrying its evidence as Open Enclave does (OID 1.3.6.1.4.1.311.105.2)\n"
    "  --log-level LEVEL         error, warning (default), info or debug\n"
    "  -h, --help                this text\n"
    "\n"
    "exit status: 0 every job signed; 1 a job failed (its JSON says why; a refused job_text with a\n"
    "request id still prints signed error reports); 2 bad usage or setup\n";

typedef struct oracle_run_opts {
    const char *job_path;
    const char *endorse_path;
    const char *sealed_path;
    const char *request_id;
    char chain_time[32];
    unsigned long long round;
    const char *targets[ORACLE_RUN_MAX_TARGETS];
    size_t target_count;
    int no_reuse;
    long repeat;
    int quiet;
    int identity;
    int attested_certificate;
    int log_level;
} oracle_run_opts;

static int oracle_run_fail(const char *fmt, const char *arg)
{
    fprintf(stderr, "oracle-enclave-run: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(try --help)\n");
    return 2;
}

static char *oracle_run_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data;
    if (f == NULL) return NULL;
    data = (char *)malloc(ORACLE_RUN_MAX_FILE + 1);
    if (data) {
        *len = fread(data, 1, ORACLE_RUN_MAX_FILE + 1, f);
        if (*len > ORACLE_RUN_MAX_FILE) {
            free(data);
            data = NULL;
            errno = EFBIG;
        } else {
            data[*len] = 0;
        }
    }
    fclose(f);
    return data;
}

/* Writes data to path atomically (temporary file, fsync, rename), mode 0600. */
static int oracle_run_write_file(const char *path, const uint8_t *data, size_t len)
{
    char tmp[4096];
    int fd, ok;
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return -1;
    ok = write(fd, data, len) == (ssize_t)len && fsync(fd) == 0;
    close(fd);
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* Is the file an execute request (an object with a "job" or "job_text" member)? */
static int oracle_run_is_request(const char *text, size_t len)
{
    oracle_span root, key, value;
    oracle_json_iter it;
    if (oracle_json_validate(text, len, 16, &root) != 0 || oracle_json_iter_init(&it, root) != 0) return 0;
    while (oracle_json_iter_next(&it, &key, &value))
        if (oracle_json_string_equals(key, "job", 3) || oracle_json_string_equals(key, "job_text", 8)) return 1;
    return 0;
}

/* Adds "endorse": {value, data, observed_at, sources_hash} to the request in
 * req, taking the four members' JSON text from leader (the leader's result
 * document or an endorse object). Returns: 0; -1 with a message on stderr. */
static int oracle_run_add_endorse(oracle_buf *req, const char *leader, size_t leader_len, const char *path)
{
    static const char *names[4] = {"value", "data", "observed_at", "sources_hash"};
    oracle_span root, key, value, found[4] = {{NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}};
    oracle_json_iter it;
    oracle_buf out;
    size_t i, head;
    int ok;
    if (oracle_json_validate(leader, leader_len, 64, &root) != 0 || oracle_json_iter_init(&it, root) != 0 ||
        oracle_json_type_of(root) != ORACLE_JSON_OBJECT) {
        fprintf(stderr, "oracle-enclave-run: --endorse %s: not a JSON object\n", path);
        return -1;
    }
    while (oracle_json_iter_next(&it, &key, &value))
        for (i = 0; i < 4; i++)
            if (oracle_json_string_equals(key, names[i], strlen(names[i]))) found[i] = value;
    for (i = 0; i < 4; i++) {
        if (found[i].p == NULL) {
            fprintf(stderr, "oracle-enclave-run: --endorse %s: no \"%s\" (expected the leader's result or an "
                            "endorse object)\n", path, names[i]);
            return -1;
        }
    }
    if (oracle_json_validate((const char *)req->data, req->len, 64, &root) != 0 ||
        oracle_json_type_of(root) != ORACLE_JSON_OBJECT) {
        fprintf(stderr, "oracle-enclave-run: the execute request is not a JSON object\n");
        return -1;
    }
    /* Everything up to the root's closing brace, the new member, then the rest. */
    head = (size_t)(root.p + root.n - 1 - (const char *)req->data);
    oracle_buf_growable(&out, req->max);
    oracle_buf_put(&out, req->data, head);
    if (root.n > 2 && memchr(root.p + 1, '"', root.n - 2) != NULL) oracle_buf_putc(&out, ',');
    oracle_buf_puts(&out, "\"endorse\":{");
    for (i = 0; i < 4; i++) {
        if (i) oracle_buf_putc(&out, ',');
        oracle_buf_put_json_string(&out, names[i], strlen(names[i]));
        oracle_buf_putc(&out, ':');
        oracle_buf_put(&out, found[i].p, found[i].n);
    }
    oracle_buf_putc(&out, '}');
    oracle_buf_put(&out, req->data + head, req->len - head);
    ok = oracle_buf_ok(&out);
    if (ok) {
        oracle_buf_reset(req);
        oracle_buf_put(req, out.data, out.len);
        ok = oracle_buf_ok(req);
    }
    oracle_buf_free(&out);
    if (!ok) fprintf(stderr, "oracle-enclave-run: the endorse request is too large\n");
    return ok ? 0 : -1;
}

/* Wraps a bare job spec into an execute request. */
static int oracle_run_wrap(oracle_buf *b, const oracle_run_opts *o, const char *spec, size_t len)
{
    size_t i;
    oracle_buf_puts(b, "{\"job\":");
    oracle_buf_put(b, spec, len);
    oracle_buf_puts(b, ",\"round\":");
    oracle_buf_put_u64(b, o->round);
    if (o->request_id) {
        oracle_buf_puts(b, ",\"request_id\":");
        oracle_buf_put_json_string(b, o->request_id, strlen(o->request_id));
    }
    oracle_buf_puts(b, ",\"chain_time\":");
    oracle_buf_puts(b, o->chain_time);
    oracle_buf_puts(b, ",\"targets\":[");
    for (i = 0; i < o->target_count; i++) {
        const char *colon = strchr(o->targets[i], ':');
        if (colon == NULL) return -1;
        if (i) oracle_buf_putc(b, ',');
        oracle_buf_puts(b, "{\"chain_id\":");
        oracle_buf_put_json_string(b, o->targets[i], (size_t)(colon - o->targets[i]));
        oracle_buf_puts(b, ",\"verifying_contract\":");
        oracle_buf_put_json_string(b, colon + 1, strlen(colon + 1));
        oracle_buf_putc(b, '}');
    }
    oracle_buf_puts(b, "]");
    if (o->no_reuse) oracle_buf_puts(b, ",\"reuse_connections\":false");
    oracle_buf_putc(b, '}');
    return oracle_buf_ok(b) ? 0 : -1;
}

static int oracle_run_init(oracle_host *h, const char *sealed_path)
{
    uint8_t sealed_out[ORACLE_HOST_SEALED_MAX], pub[64];
    size_t sealed_out_len = 0, in_len = 0;
    char *in = NULL;
    int ret;
    if (sealed_path) {
        in = oracle_run_read_file(sealed_path, &in_len);
        if (in == NULL && errno != ENOENT) {
            fprintf(stderr, "oracle-enclave-run: --sealed-key %s: %s\n", sealed_path, strerror(errno));
            return 2;
        }
    }
    ret = oracle_host_init(h, sealed_out, sizeof(sealed_out), &sealed_out_len, pub, (const uint8_t *)in,
                           in ? in_len : 0);
    free(in);
    if (ret != 0) {
        fprintf(stderr, "oracle-enclave-run: enclave init failed: %s%s\n", oracle_host_error_name(ret),
                in_len ? " (the sealed key file was not sealed by this enclave, or is damaged)" : "");
        return 2;
    }
    if (sealed_path && in_len == 0 && oracle_run_write_file(sealed_path, sealed_out, sealed_out_len) != 0) {
        fprintf(stderr, "oracle-enclave-run: cannot write --sealed-key %s: %s\n", sealed_path, strerror(errno));
        return 2;
    }
    return 0;
}

static int oracle_run_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double oracle_run_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int oracle_run_parse(oracle_run_opts *o, oracle_host *h, int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            printf(oracle_run_usage, oracle_host_backend());
            exit(0);
        } else if (strcmp(a, "--no-reuse") == 0) {
            o->no_reuse = 1;
            takes = 0;
        } else if (strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
            takes = 0;
        } else if (strcmp(a, "--identity") == 0) {
            o->identity = 1;
            takes = 0;
        } else if (strcmp(a, "--attested-certificate") == 0) {
            o->attested_certificate = 1;
            takes = 0;
        } else if (a[0] == '-' && a[1] == '-') {
            if (v == NULL) return oracle_run_fail("%s needs a value", a);
            if (strcmp(a, "--round") == 0) {
                char *end;
                o->round = strtoull(v, &end, 10);
                if (*v == 0 || *end || *v == '-') return oracle_run_fail("--round %s: not a non-negative integer", v);
            } else if (strcmp(a, "--request-id") == 0) {
                o->request_id = v;
            } else if (strcmp(a, "--chain-time") == 0) {
                if (strcmp(v, "now") == 0) snprintf(o->chain_time, sizeof(o->chain_time), "%lld", (long long)time(NULL));
                else if (strspn(v, "0123456789") != strlen(v) || strlen(v) == 0 || strlen(v) > 15)
                    return oracle_run_fail("--chain-time %s: not unix seconds or 'now'", v);
                else snprintf(o->chain_time, sizeof(o->chain_time), "%s", v);
            } else if (strcmp(a, "--target") == 0) {
                if (o->target_count == ORACLE_RUN_MAX_TARGETS) return oracle_run_fail("%s", "too many --target");
                if (strchr(v, ':') == NULL) return oracle_run_fail("--target %s: expected CHAIN_ID:0xCONTRACT", v);
                o->targets[o->target_count++] = v;
            } else if (strcmp(a, "--resolve") == 0) {
                char name[256], addr[64];
                unsigned port;
                if (sscanf(v, "%255[^:]:%u:%63s", name, &port, addr) != 3 || port > 65535 ||
                    oracle_host_add_resolve(h, name, (uint16_t)port, addr) != 0)
                    return oracle_run_fail("--resolve %s: expected NAME:PORT:IPADDRESS", v);
            } else if (strcmp(a, "--sealed-key") == 0) {
                o->sealed_path = v;
            } else if (strcmp(a, "--endorse") == 0) {
                o->endorse_path = v;
            } else if (strcmp(a, "--repeat") == 0) {
                char *end;
                o->repeat = strtol(v, &end, 10);
                if (*end || o->repeat < 1 || o->repeat > 100000000)
                    return oracle_run_fail("--repeat %s: expected 1 to 100000000", v);
            } else if (strcmp(a, "--log-level") == 0) {
                static const char *levels[] = {"error", "warning", "info", "debug"};
                int l;
                for (l = 0; l < 4 && strcmp(v, levels[l]) != 0; l++) {
                }
                if (l == 4) return oracle_run_fail("--log-level %s: expected error, warning, info or debug", v);
                o->log_level = l;
            } else {
                return oracle_run_fail("unknown option %s", a);
            }
        } else {
            if (o->job_path) return oracle_run_fail("more than one job file (%s)", a);
            o->job_path = a;
            takes = 0;
        }
        i += takes;
    }
    return 0;
}

int main(int argc, char **argv)
{
    oracle_run_opts o;
    oracle_host *h = NULL;
    oracle_buf req;
    char *file = NULL, *out = NULL;
    double *lat = NULL, t0, total;
    size_t file_len = 0, out_len = 0;
    long i, failures = 0;
    int ret;

    memset(&o, 0, sizeof(o));
    o.round = 1;
    o.repeat = 1;
    o.log_level = ORACLE_HOST_LOG_WARNING;
    snprintf(o.chain_time, sizeof(o.chain_time), "%lld", (long long)time(NULL));
    oracle_buf_growable(&req, 2 * ORACLE_RUN_MAX_FILE);

    if (oracle_host_open(&h, NULL, 0) != 0) {
        fprintf(stderr, "oracle-enclave-run: cannot create the enclave\n");
        return 2;
    }
    if ((ret = oracle_run_parse(&o, h, argc, argv)) != 0) goto exit;
    oracle_host_set_log(h, o.log_level, NULL, NULL);
    if (o.target_count == 0) o.targets[o.target_count++] = "31337:0x0000000000000000000000000000000000000000";
    if ((ret = oracle_run_init(h, o.sealed_path)) != 0) goto exit;
    out = (char *)malloc(ORACLE_HOST_EXECUTE_OUTPUT_MAX);
    if (out == NULL) {
        ret = 2;
        goto exit;
    }
    if (o.identity) {
        uint8_t nonce[32] = {0};
        ret = oracle_host_identity(h, out, ORACLE_HOST_EXECUTE_OUTPUT_MAX, &out_len, nonce);
        if (ret == 0) printf("%s\n", out);
        else fprintf(stderr, "oracle-enclave-run: identity failed: %s\n", oracle_host_error_name(ret));
        ret = ret ? 2 : 0;
        goto exit;
    }
    if (o.attested_certificate) {
        /* The DER certificate, base64 in PEM armour (64-character lines). */
        static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const uint8_t *d = (const uint8_t *)out;
        size_t i, col = 0;
        ret = oracle_host_attested_certificate(h, (uint8_t *)out, ORACLE_HOST_EXECUTE_OUTPUT_MAX, &out_len);
        if (ret != 0) {
            fprintf(stderr, "oracle-enclave-run: attested certificate failed: %s\n", oracle_host_error_name(ret));
            ret = 2;
            goto exit;
        }
        printf("-----BEGIN CERTIFICATE-----\n");
        for (i = 0; i < out_len; i += 3) {
            uint32_t v = (uint32_t)d[i] << 16 | (i + 1 < out_len ? (uint32_t)d[i + 1] << 8 : 0) | (i + 2 < out_len ? d[i + 2] : 0);
            char q[4] = {b64[(v >> 18) & 63], b64[(v >> 12) & 63], i + 1 < out_len ? b64[(v >> 6) & 63] : '=', i + 2 < out_len ? b64[v & 63] : '='};
            fwrite(q, 1, 4, stdout);
            col += 4;
            if (col == 64) {
                putchar('\n');
                col = 0;
            }
        }
        if (col) putchar('\n');
        printf("-----END CERTIFICATE-----\n");
        ret = 0;
        goto exit;
    }
    if (o.job_path == NULL) {
        ret = oracle_run_fail("%s", "no job file given");
        goto exit;
    }
    file = oracle_run_read_file(o.job_path, &file_len);
    if (file == NULL) {
        fprintf(stderr, "oracle-enclave-run: %s: %s\n", o.job_path, strerror(errno));
        ret = 2;
        goto exit;
    }
    if (oracle_run_is_request(file, file_len)) {
        oracle_buf_put(&req, file, file_len);
    } else if (oracle_run_wrap(&req, &o, file, file_len) != 0) {
        fprintf(stderr, "oracle-enclave-run: cannot build the execute request\n");
        ret = 2;
        goto exit;
    }
    if (o.endorse_path) {
        size_t leader_len = 0;
        char *leader = oracle_run_read_file(o.endorse_path, &leader_len);
        if (leader == NULL) {
            fprintf(stderr, "oracle-enclave-run: --endorse %s: %s\n", o.endorse_path, strerror(errno));
            ret = 2;
            goto exit;
        }
        ret = oracle_run_add_endorse(&req, leader, leader_len, o.endorse_path);
        free(leader);
        if (ret != 0) {
            ret = 2;
            goto exit;
        }
    }
    lat = (double *)calloc((size_t)o.repeat, sizeof(double));
    if (lat == NULL) {
        ret = 2;
        goto exit;
    }
    t0 = oracle_run_now();
    for (i = 0; i < o.repeat; i++) {
        double s = oracle_run_now();
        const char *rq = (const char *)req.data;
        int r = o.endorse_path ? oracle_host_endorse(h, out, ORACLE_HOST_EXECUTE_OUTPUT_MAX, &out_len, rq, req.len)
                               : oracle_host_execute(h, out, ORACLE_HOST_EXECUTE_OUTPUT_MAX, &out_len, rq, req.len);
        lat[i] = oracle_run_now() - s;
        if (r != 0) failures++;
        if (!o.quiet || r != 0) printf("%.*s\n", (int)out_len, out);
    }
    total = oracle_run_now() - t0;
    if (o.repeat > 1) {
        qsort(lat, (size_t)o.repeat, sizeof(double), oracle_run_cmp_double);
        fprintf(stderr,
                "jobs %ld  failed %ld  %.0f jobs/s  latency p50 %.3f ms  p99 %.3f ms  max %.3f ms\n",
                o.repeat, failures, o.repeat / total, lat[o.repeat / 2] * 1e3,
                lat[(size_t)((o.repeat - 1) * 0.99)] * 1e3, lat[o.repeat - 1] * 1e3);
    }
    ret = failures ? 1 : 0;
exit:
    free(lat);
    free(out);
    free(file);
    oracle_buf_free(&req);
    oracle_host_close(h);
    return ret;
}
