/*
 * oracle_sim_oe.h: the few Open Enclave names the sim backend needs, so that
 * trusted/ and host/ compile unchanged against either backend. SIMULATION ONLY.
 */
#ifndef ORACLE_SIM_OE_H
#define ORACLE_SIM_OE_H

typedef enum oe_result_t {
    OE_OK = 0,
    OE_FAILURE = 1,
    OE_INVALID_PARAMETER = 2
} oe_result_t;

/* The sim backend has no enclave object: its trusted code is linked in. */
typedef struct oracle_sim_enclave oe_enclave_t;

#endif
