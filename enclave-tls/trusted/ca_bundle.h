/*
 * ca_bundle.h: the CA certificates compiled into the enclave image, so that
 * they are part of its measurement and the host cannot add one. Generated at
 * build time by cmake/embed_ca.cmake into the build folder (ca_bundle.c).
 */
#ifndef ORACLE_CA_BUNDLE_H
#define ORACLE_CA_BUNDLE_H

#include <stddef.h>

/* PEM, NUL-terminated; the length counts the NUL (as mbedtls_x509_crt_parse wants). */
extern const unsigned char oracle_ca_bundle[];
extern const size_t oracle_ca_bundle_len;

/* The development CA (also inside the bundle) when the build has one; length 0 otherwise. */
extern const unsigned char oracle_dev_ca[];
extern const size_t oracle_dev_ca_len;

#endif
