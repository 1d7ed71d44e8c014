/*
 * enclave_sim.c: the sim backend's "enclave": the trusted code is linked into
 * this process. One instance at a time, since its state is the process's.
 * SIMULATION ONLY: no isolation from the host.
 */
#include <pthread.h>

#include "enclave_loader.h"
#include "errors.h"
#include "ocalls.h"

struct oracle_sim_enclave {
    int open;
};

static struct oracle_sim_enclave oracle_sim_instance;
static pthread_mutex_t oracle_sim_lock = PTHREAD_MUTEX_INITIALIZER;

/* trusted/enclave.c */
void oracle_trusted_teardown(void);

int oracle_enclave_create(oe_enclave_t **out, const char *path, uint32_t flags)
{
    int ret = ORACLE_ERR_BACKEND;
    (void)path;
    (void)flags;
    pthread_mutex_lock(&oracle_sim_lock);
    if (!oracle_sim_instance.open) {
        oracle_sim_instance.open = 1;
        *out = &oracle_sim_instance;
        ret = ORACLE_OK;
    }
    pthread_mutex_unlock(&oracle_sim_lock);
    if (ret != ORACLE_OK)
        oracle_host_log(ORACLE_HOST_LOG_ERROR, "sim backend: an enclave is already open in this process");
    return ret;
}

void oracle_enclave_terminate(oe_enclave_t *enclave)
{
    if (enclave == NULL) return;
    oracle_trusted_teardown();
    pthread_mutex_lock(&oracle_sim_lock);
    oracle_sim_instance.open = 0;
    pthread_mutex_unlock(&oracle_sim_lock);
}
