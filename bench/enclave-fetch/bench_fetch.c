/*
 * bench_fetch: signed reports per second and latency of the enclave path
 * (TLS fetch, parse, extract, EIP-712 hash, secp256k1 signature) against one
 * HTTPS URL. run.sh runs it beside curl on the same URL in the same run.
 *
 *   bench_fetch --url URL --resolve NAME:PORT:ADDR --jobs N [--threads T] [--no-reuse]
 *
 * Prints one JSON object: jobs, failures, seconds, per_second, p50_ms, p99_ms,
 * cpu_seconds (this process: enclave and host together).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "oracle_host.h"

typedef struct bench_worker {
    oracle_host *host;
    const char *request;
    size_t request_len;
    long jobs;
    double *latency;
    long failures;
    char first_error[512];
} bench_worker;

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *bench_run(void *arg)
{
    bench_worker *w = (bench_worker *)arg;
    char *out = (char *)malloc(ORACLE_HOST_EXECUTE_OUTPUT_MAX);
    long i;
    for (i = 0; i < w->jobs; i++) {
        size_t len = 0;
        double t = bench_now();
        int r = oracle_host_execute(w->host, out, ORACLE_HOST_EXECUTE_OUTPUT_MAX, &len, w->request, w->request_len);
        w->latency[i] = bench_now() - t;
        if (r != 0) {
            if (w->failures++ == 0) snprintf(w->first_error, sizeof(w->first_error), "%.*s", (int)len, out);
        }
    }
    free(out);
    return NULL;
}

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double bench_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    const char *url = NULL, *pointer = "/data/amount";
    long jobs = 1000, threads = 1, t, total_fail = 0, offset;
    int reuse = 1, i;
    oracle_host *h = NULL;
    uint8_t sealed[ORACLE_HOST_SEALED_MAX], pub[64];
    size_t sealed_len;
    char request[4096];
    bench_worker *w;
    pthread_t *tid;
    double *all, start, elapsed, cpu0;

    if (oracle_host_open(&h, NULL, 0) != 0) return 2;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--url") && i + 1 < argc) url = argv[++i];
        else if (!strcmp(argv[i], "--pointer") && i + 1 < argc) pointer = argv[++i];
        else if (!strcmp(argv[i], "--jobs") && i + 1 < argc) jobs = atol(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atol(argv[++i]);
        else if (!strcmp(argv[i], "--no-reuse")) reuse = 0;
        else if (!strcmp(argv[i], "--resolve") && i + 1 < argc) {
            char name[256], addr[64];
            unsigned port;
            if (sscanf(argv[++i], "%255[^:]:%u:%63s", name, &port, addr) != 3 ||
                oracle_host_add_resolve(h, name, (uint16_t)port, addr) != 0) {
                fprintf(stderr, "bench_fetch: bad --resolve %s\n", argv[i]);
                return 2;
            }
        } else {
            fprintf(stderr, "usage: bench_fetch --url URL [--pointer P] [--resolve NAME:PORT:ADDR] [--jobs N] "
                            "[--threads T] [--no-reuse]\n");
            return 2;
        }
    }
    if (url == NULL || jobs < 1 || threads < 1 || threads > 64) {
        fprintf(stderr, "bench_fetch: --url is required; --jobs >= 1; 1 <= --threads <= 64\n");
        return 2;
    }
    oracle_host_set_log(h, ORACLE_HOST_LOG_ERROR, NULL, NULL);
    if (oracle_host_init(h, sealed, sizeof(sealed), &sealed_len, pub, NULL, 0) != 0) return 2;
    snprintf(request, sizeof(request),
             "{\"job\":{\"sources\":[{\"url\":\"%s\",\"pointer\":\"%s\"}],\"result\":{\"type\":\"int256\","
             "\"decimals\":8},\"aggregation\":{\"method\":\"median\",\"min_sources\":1}},\"round\":1,"
             "\"chain_time\":%lld,\"targets\":[{\"chain_id\":31337,\"verifying_contract\":"
             "\"0x5fbdb2315678afecb367f032d93f642f64180aa3\"}],\"reuse_connections\":%s}",
             url, pointer, (long long)time(NULL), reuse ? "true" : "false");

    w = (bench_worker *)calloc((size_t)threads, sizeof(*w));
    tid = (pthread_t *)calloc((size_t)threads, sizeof(*tid));
    all = (double *)calloc((size_t)jobs, sizeof(double));
    /* One warm-up job: the first handshake and the CA bundle's first use. */
    w[0].host = h;
    w[0].request = request;
    w[0].request_len = strlen(request);
    w[0].jobs = 1;
    w[0].latency = all;
    bench_run(&w[0]);
    if (w[0].failures) {
        fprintf(stderr, "bench_fetch: warm-up job failed: %s\n", w[0].first_error);
        return 1;
    }
    cpu0 = bench_cpu();
    start = bench_now();
    for (t = 0, offset = 0; t < threads; t++) {
        w[t].host = h;
        w[t].request = request;
        w[t].request_len = strlen(request);
        w[t].jobs = jobs / threads + (t < jobs % threads);
        w[t].latency = all + offset;
        offset += w[t].jobs;
        w[t].failures = 0;
        pthread_create(&tid[t], NULL, bench_run, &w[t]);
    }
    for (t = 0; t < threads; t++) {
        pthread_join(tid[t], NULL);
        total_fail += w[t].failures;
        if (w[t].failures) fprintf(stderr, "bench_fetch: failure: %s\n", w[t].first_error);
    }
    elapsed = bench_now() - start;
    qsort(all, (size_t)jobs, sizeof(double), bench_cmp);
    printf("{\"jobs\":%ld,\"threads\":%ld,\"reuse\":%s,\"failures\":%ld,\"seconds\":%.4f,\"per_second\":%.1f,"
           "\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"cpu_seconds\":%.4f}\n",
           jobs, threads, reuse ? "true" : "false", total_fail, elapsed, jobs / elapsed, all[jobs / 2] * 1e3,
           all[(size_t)((jobs - 1) * 0.99)] * 1e3, bench_cpu() - cpu0);
    free(all);
    free(w);
    free(tid);
    oracle_host_close(h);
    return total_fail ? 1 : 0;
}
