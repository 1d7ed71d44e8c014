# The enclave: trusted code, the CA bundle compiled into it, and the host.

# ---------------------------------------------------------------------------
# Development CA: made once per build folder, never committed. Tests and the
# devnet issue server certificates with its key (dev-ca/dev-ca.key).
set(ORACLE_DEV_CA_DIR ${CMAKE_BINARY_DIR}/dev-ca)
if(ORACLE_DEV_CA)
  find_program(OPENSSL_EXE openssl REQUIRED)
  add_custom_command(
    OUTPUT ${ORACLE_DEV_CA_DIR}/dev-ca.pem ${ORACLE_DEV_CA_DIR}/dev-ca.key
    COMMAND ${CMAKE_COMMAND} -DDIR=${ORACLE_DEV_CA_DIR} -DOPENSSL=${OPENSSL_EXE}
            -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/dev_ca.cmake
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cmake/dev_ca.cmake
    COMMENT "Generating the development CA (build folder only)"
    VERBATIM)
  set(ORACLE_DEV_CA_PEM ${ORACLE_DEV_CA_DIR}/dev-ca.pem)
else()
  set(ORACLE_DEV_CA_PEM "")
endif()

add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/ca_bundle.c
  COMMAND ${CMAKE_COMMAND} -DSYSTEM_CA_DIR=${ORACLE_SYSTEM_CA_DIR} -DDEV_CA=${ORACLE_DEV_CA_PEM}
          -DOUT=${CMAKE_BINARY_DIR}/ca_bundle.c -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed_ca.cmake
  DEPENDS ${ORACLE_SYSTEM_CA_DIR} ${ORACLE_DEV_CA_PEM} ${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed_ca.cmake
  COMMENT "Embedding the CA bundle into the enclave image"
  VERBATIM)

set(ORACLE_TRUSTED_SOURCES
  trusted/log.c
  trusted/keys.c
  trusted/tls.c
  trusted/fetch.c
  trusted/aggregate.c
  trusted/endorse.c
  trusted/report.c
  trusted/enclave.c
  trusted/attested_cert.c
  ${CMAKE_BINARY_DIR}/ca_bundle.c)

if(ORACLE_BACKEND STREQUAL "sim")
  # The sim backend's attestation PKI (SIMULATED root, PCK chain, collateral): build folder only.
  find_program(OPENSSL_EXE openssl REQUIRED)
  set(ORACLE_SIM_ATTESTATION_DIR ${CMAKE_BINARY_DIR}/sim-attestation)
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/sim_attestation.c ${ORACLE_SIM_ATTESTATION_DIR}/collateral.json ${ORACLE_SIM_ATTESTATION_DIR}/root.sha256
    COMMAND ${CMAKE_COMMAND} -DDIR=${ORACLE_SIM_ATTESTATION_DIR} -DOPENSSL=${OPENSSL_EXE}
            -DOUT_C=${CMAKE_BINARY_DIR}/sim_attestation.c -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/sim_attestation.cmake
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cmake/sim_attestation.cmake
    COMMENT "Generating the SIMULATED attestation PKI and collateral (build folder only)"
    VERBATIM)
  # Trusted code, compiled against the sim view of the EDL (sim/oracle_enclave_t.h).
  add_library(oracle_trusted STATIC ${ORACLE_TRUSTED_SOURCES} sim/platform_sim.c ${CMAKE_BINARY_DIR}/sim_attestation.c)
  target_include_directories(oracle_trusted PRIVATE sim)
  target_link_libraries(oracle_trusted PUBLIC oracle_core ${MBEDTLS_LIB} ${MBEDX509_LIB} ${MBEDCRYPTO_LIB}
                        ${SECP256K1_LIB} Threads::Threads)
  target_include_directories(oracle_trusted PUBLIC ${SECP256K1_INCLUDE_DIR})
  target_compile_options(oracle_trusted PRIVATE ${ORACLE_WARNINGS})

  # The host library: the flat C ABI, the OCALLs, and (sim) the trusted code linked in.
  add_library(oracle_enclave SHARED host/oracle_host.c host/ocalls.c host/enclave_sim.c sim/bridge.c)
  target_include_directories(oracle_enclave PUBLIC include PRIVATE sim host trusted)
  target_link_libraries(oracle_enclave PRIVATE oracle_trusted)
  target_compile_options(oracle_enclave PRIVATE ${ORACLE_WARNINGS})
  # Only the oracle_host_* ABI leaves the library.
  set_target_properties(oracle_enclave PROPERTIES
    C_VISIBILITY_PRESET hidden
    LINK_FLAGS "-Wl,--exclude-libs,ALL"
    VERSION ${PROJECT_VERSION} SOVERSION 0)
  target_compile_definitions(oracle_enclave PRIVATE ORACLE_HOST_EXPORTS)
else()
  # openenclave: see deploy/openenclave.md. Not built in CI (no SGX, no SDK).
  find_package(OpenEnclave CONFIG REQUIRED)
  set(EDL ${CMAKE_CURRENT_SOURCE_DIR}/oracle_enclave.edl)
  add_custom_command(
    OUTPUT oracle_enclave_t.h oracle_enclave_t.c oracle_enclave_args.h
    DEPENDS ${EDL} openenclave::oeedger8r
    COMMAND openenclave::oeedger8r --trusted ${EDL}
            --search-path ${OE_INCLUDEDIR} --search-path ${OE_INCLUDEDIR}/openenclave/edl/sgx)
  add_custom_command(
    OUTPUT oracle_enclave_u.h oracle_enclave_u.c
    DEPENDS ${EDL} openenclave::oeedger8r
    COMMAND openenclave::oeedger8r --untrusted ${EDL}
            --search-path ${OE_INCLUDEDIR} --search-path ${OE_INCLUDEDIR}/openenclave/edl/sgx)

  # libsecp256k1 built for the enclave and the image's signing key (deploy/openenclave.md).
  set(ORACLE_ENCLAVE_SECP256K1 "" CACHE FILEPATH "libsecp256k1.a built with the OE enclave toolchain")
  set(ORACLE_ENCLAVE_SIGNING_KEY "" CACHE FILEPATH "RSA-3072 (exponent 3) key that oesign signs the image with")
  foreach(setting ORACLE_ENCLAVE_SECP256K1 ORACLE_ENCLAVE_SIGNING_KEY)
    if(NOT EXISTS "${${setting}}")
      message(FATAL_ERROR "ORACLE_BACKEND=openenclave needs -D${setting}=<file> (see deploy/openenclave.md); "
                          "'${${setting}}' does not exist")
    endif()
  endforeach()
  add_executable(oracle_enclave_image ${ORACLE_TRUSTED_SOURCES} trusted/platform_oe.c
                 ${CMAKE_CURRENT_BINARY_DIR}/oracle_enclave_t.c
                 trusted/errors.c trusted/buf.c trusted/json.c trusted/json_canon.c trusted/decimal.c
                 trusted/http.c trusted/keccak.c trusted/job.c)
  target_include_directories(oracle_enclave_image PRIVATE trusted ${CMAKE_CURRENT_BINARY_DIR} ${SECP256K1_INCLUDE_DIR})
  target_link_libraries(oracle_enclave_image openenclave::oeenclave openenclave::oecryptombedtls
                        openenclave::oelibc openenclave::oeseal_gcmaes ${ORACLE_ENCLAVE_SECP256K1})
  set(ORACLE_ENCLAVE_CONF ${CMAKE_CURRENT_SOURCE_DIR}/oracle_enclave.conf)
  add_custom_command(
    OUTPUT oracle_enclave.signed
    DEPENDS oracle_enclave_image ${ORACLE_ENCLAVE_CONF}
    COMMAND openenclave::oesign sign -e $<TARGET_FILE:oracle_enclave_image> -c ${ORACLE_ENCLAVE_CONF}
            -k ${ORACLE_ENCLAVE_SIGNING_KEY}
    COMMENT "Signing the enclave image (prints MRENCLAVE with: oesign dump -e oracle_enclave.signed)")
  add_custom_target(oracle_enclave_signed ALL DEPENDS oracle_enclave.signed)

  add_library(oracle_enclave SHARED host/oracle_host.c host/ocalls.c host/enclave_oe.c
              ${CMAKE_CURRENT_BINARY_DIR}/oracle_enclave_u.c trusted/errors.c)
  target_include_directories(oracle_enclave PUBLIC include PRIVATE host trusted ${CMAKE_CURRENT_BINARY_DIR})
  target_compile_definitions(oracle_enclave PRIVATE ORACLE_BACKEND_OPENENCLAVE)
  target_link_libraries(oracle_enclave PRIVATE openenclave::oehost)
endif()

set_source_files_properties(host/oracle_host.c PROPERTIES COMPILE_DEFINITIONS ORACLE_HOST_EXPORTS)

add_executable(oracle-enclave-run host/oracle_run.c)
target_include_directories(oracle-enclave-run PRIVATE include)
target_link_libraries(oracle-enclave-run PRIVATE oracle_enclave oracle_core)
target_compile_options(oracle-enclave-run PRIVATE ${ORACLE_WARNINGS})
