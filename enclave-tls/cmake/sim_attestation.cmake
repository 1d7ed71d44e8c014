# The sim backend's attestation PKI, made once per build folder and never committed:
# a SIMULATED SGX root CA, a PCK (processor) CA, a PCK leaf certificate carrying an SGX
# extension, a TCB signing certificate, both CRLs, and collateral (TCB info, QE identity)
# signed like Intel's. The sim "quoting enclave" (sim/platform_sim.c) signs with the PCK
# leaf's key, which is compiled into the sim library: the evidence protects nothing, and
# verifiers accept it only when told to accept simulation (its root is not Intel's).
#   cmake -DDIR=... -DOPENSSL=openssl -DOUT_C=.../sim_attestation.c -P sim_attestation.cmake
# Writes DIR/collateral.json (the JSON form Oracle.Attestation reads), DIR/root.sha256,
# DIR/root.pem, and OUT_C.
cmake_minimum_required(VERSION 3.18)
file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}/root-issued" "${DIR}/pck-issued")
foreach(ca root pck)
  file(WRITE "${DIR}/${ca}-index.txt" "")
  file(WRITE "${DIR}/${ca}-serial" "1000\n")
  file(WRITE "${DIR}/${ca}-crlnumber" "01\n")
endforeach()

# The SGX extension of the PCK leaf (OID 1.2.840.113741.1.13.1): PPID 00..0f, TCB component
# SVNs 5,5,2,2,3,1,0.., PCESVN 13, CPUSVN = the SVNs, PCE-ID 0000, FMSPC 0051A0000000, type 0.
set(sgx_ext "308201c0301e060a2a864886f84d010d01010410000102030405060708090a0b0c0d0e0f30820163060a2a864886f84d010d0102308201533010060b2a864886f84d010d0102010201053010060b2a864886f84d010d0102020201053010060b2a864886f84d010d0102030201023010060b2a864886f84d010d0102040201023010060b2a864886f84d010d0102050201033010060b2a864886f84d010d0102060201013010060b2a864886f84d010d0102070201003010060b2a864886f84d010d0102080201003010060b2a864886f84d010d0102090201003010060b2a864886f84d010d01020a0201003010060b2a864886f84d010d01020b0201003010060b2a864886f84d010d01020c0201003010060b2a864886f84d010d01020d0201003010060b2a864886f84d010d01020e0201003010060b2a864886f84d010d01020f0201003010060b2a864886f84d010d0102100201003010060b2a864886f84d010d01021102010d301f060b2a864886f84d010d0102120410050502020301000000000000000000003010060a2a864886f84d010d0103040200003014060a2a864886f84d010d010404060051a0000000300f060a2a864886f84d010d01050a0100")

file(WRITE "${DIR}/pki.cnf" "[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[root_ca]
database = ${DIR}/root-index.txt
new_certs_dir = ${DIR}/root-issued
serial = ${DIR}/root-serial
crlnumber = ${DIR}/root-crlnumber
default_md = sha256
policy = any
unique_subject = no
[pck_ca]
database = ${DIR}/pck-index.txt
new_certs_dir = ${DIR}/pck-issued
serial = ${DIR}/pck-serial
crlnumber = ${DIR}/pck-crlnumber
default_md = sha256
policy = any
unique_subject = no
[any]
organizationName = optional
commonName = supplied
[v3_root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_ca]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_tcb]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_pck]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
authorityKeyIdentifier = keyid
1.2.840.113741.1.13.1 = DER:${sgx_ext}
")

execute_process(COMMAND date -u -d "1 day ago" +%Y%m%d%H%M%SZ OUTPUT_VARIABLE start OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sim attestation: 'date -u -d' failed")
endif()
execute_process(COMMAND date -u -d "3650 days" +%Y%m%d%H%M%SZ OUTPUT_VARIABLE end OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND date -u -d "1 day ago" +%Y-%m-%dT%H:%M:%SZ OUTPUT_VARIABLE issue_date OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND date -u -d "3650 days" +%Y-%m-%dT%H:%M:%SZ OUTPUT_VARIABLE next_update OUTPUT_STRIP_TRAILING_WHITESPACE)

function(ossl)
  execute_process(COMMAND ${OPENSSL} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sim attestation: openssl ${ARGN} failed:\n${out}${err}")
  endif()
  set(OSSL_OUT "${out}" PARENT_SCOPE)
endfunction()

set(O "AttestedOracle SIMULATED (not Intel, protects nothing)")
foreach(key root pck-ca tcb pck)
  ossl(genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ${DIR}/${key}.key)
endforeach()
ossl(req -new -key ${DIR}/root.key -config ${DIR}/pki.cnf -subj "/O=${O}/CN=AttestedOracle SIMULATED SGX Root CA" -out ${DIR}/root.csr)
ossl(ca -batch -selfsign -notext -name root_ca -config ${DIR}/pki.cnf -keyfile ${DIR}/root.key -in ${DIR}/root.csr
     -out ${DIR}/root.pem -startdate ${start} -enddate ${end} -extensions v3_root)
ossl(req -new -key ${DIR}/pck-ca.key -config ${DIR}/pki.cnf -subj "/O=${O}/CN=AttestedOracle SIMULATED SGX PCK Processor CA" -out ${DIR}/pck-ca.csr)
ossl(ca -batch -notext -name root_ca -config ${DIR}/pki.cnf -cert ${DIR}/root.pem -keyfile ${DIR}/root.key -in ${DIR}/pck-ca.csr
     -out ${DIR}/pck-ca.pem -startdate ${start} -enddate ${end} -extensions v3_ca)
ossl(req -new -key ${DIR}/tcb.key -config ${DIR}/pki.cnf -subj "/O=${O}/CN=AttestedOracle SIMULATED SGX TCB Signing" -out ${DIR}/tcb.csr)
ossl(ca -batch -notext -name root_ca -config ${DIR}/pki.cnf -cert ${DIR}/root.pem -keyfile ${DIR}/root.key -in ${DIR}/tcb.csr
     -out ${DIR}/tcb.pem -startdate ${start} -enddate ${end} -extensions v3_tcb)
ossl(req -new -key ${DIR}/pck.key -config ${DIR}/pki.cnf -subj "/O=${O}/CN=AttestedOracle SIMULATED SGX PCK Certificate" -out ${DIR}/pck.csr)
ossl(ca -batch -notext -name pck_ca -config ${DIR}/pki.cnf -cert ${DIR}/pck-ca.pem -keyfile ${DIR}/pck-ca.key -in ${DIR}/pck.csr
     -out ${DIR}/pck.pem -startdate ${start} -enddate ${end} -extensions v3_pck)
foreach(ca root pck)
  if(ca STREQUAL "root")
    set(cert ${DIR}/root.pem)
    set(key ${DIR}/root.key)
  else()
    set(cert ${DIR}/pck-ca.pem)
    set(key ${DIR}/pck-ca.key)
  endif()
  ossl(ca -gencrl -name ${ca}_ca -config ${DIR}/pki.cnf -cert ${cert} -keyfile ${key} -crldays 3650 -out ${DIR}/${ca}.crl.pem)
  ossl(crl -in ${DIR}/${ca}.crl.pem -outform DER -out ${DIR}/${ca}.crl)
endforeach()
ossl(x509 -in ${DIR}/root.pem -outform DER -out ${DIR}/root.der)
file(SHA256 ${DIR}/root.der root_sha256)
file(WRITE ${DIR}/root.sha256 "${root_sha256}\n")

# The sim quoting enclave's identity; sim/platform_sim.c derives the same values from the same labels.
string(SHA256 qe_mrsigner "AttestedOracle/sim/QE/MRSIGNER")
string(TOUPPER "${qe_mrsigner}" qe_mrsigner)
set(tcb_info "{\"id\":\"SGX\",\"version\":3,\"issueDate\":\"${issue_date}\",\"nextUpdate\":\"${next_update}\",\"fmspc\":\"0051A0000000\",\"pceId\":\"0000\",\"tcbType\":0,\"tcbEvaluationDataNumber\":1,\"tcbLevels\":[{\"tcb\":{\"sgxtcbcomponents\":[{\"svn\":5},{\"svn\":5},{\"svn\":2},{\"svn\":2},{\"svn\":3},{\"svn\":1},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0}],\"pcesvn\":13},\"tcbDate\":\"${issue_date}\",\"tcbStatus\":\"UpToDate\"},{\"tcb\":{\"sgxtcbcomponents\":[{\"svn\":4},{\"svn\":4},{\"svn\":2},{\"svn\":2},{\"svn\":3},{\"svn\":1},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0},{\"svn\":0}],\"pcesvn\":13},\"tcbDate\":\"${issue_date}\",\"tcbStatus\":\"OutOfDate\",\"advisoryIDs\":[\"SIMULATED-SA-00001\"]}]}")
set(qe_identity "{\"id\":\"QE\",\"version\":2,\"issueDate\":\"${issue_date}\",\"nextUpdate\":\"${next_update}\",\"tcbEvaluationDataNumber\":1,\"miscselect\":\"00000000\",\"miscselectMask\":\"FFFFFFFF\",\"attributes\":\"05000000000000000000000000000000\",\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\",\"mrsigner\":\"${qe_mrsigner}\",\"isvprodid\":1,\"tcbLevels\":[{\"tcb\":{\"isvsvn\":8},\"tcbDate\":\"${issue_date}\",\"tcbStatus\":\"UpToDate\"}]}")
file(WRITE ${DIR}/tcb_info.json "${tcb_info}")
file(WRITE ${DIR}/qe_identity.json "${qe_identity}")

# Signatures as Intel's: ECDSA P-256 over the exact JSON bytes, raw r || s in hex.
function(raw_signature file out_var)
  ossl(dgst -sha256 -sign ${DIR}/tcb.key -out ${file}.sig ${file})
  ossl(asn1parse -inform DER -in ${file}.sig)
  string(REGEX MATCHALL "INTEGER +:([0-9A-F]+)" ints "${OSSL_OUT}")
  set(raw "")
  foreach(i ${ints})
    string(REGEX REPLACE "INTEGER +:" "" v "${i}")
    string(LENGTH "${v}" n)
    while(n GREATER 64)
      string(SUBSTRING "${v}" 2 -1 v)
      string(LENGTH "${v}" n)
    endwhile()
    while(n LESS 64)
      set(v "0${v}")
      string(LENGTH "${v}" n)
    endwhile()
    string(APPEND raw "${v}")
  endforeach()
  string(LENGTH "${raw}" n)
  if(NOT n EQUAL 128)
    message(FATAL_ERROR "sim attestation: could not read the signature of ${file}:\n${OSSL_OUT}")
  endif()
  string(TOLOWER "${raw}" raw)
  set(${out_var} "${raw}" PARENT_SCOPE)
endfunction()
raw_signature(${DIR}/tcb_info.json tcb_sig)
raw_signature(${DIR}/qe_identity.json qe_sig)

function(json_string text out_var)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  string(REPLACE "\n" "\\n" text "${text}")
  set(${out_var} "\"${text}\"" PARENT_SCOPE)
endfunction()
file(READ ${DIR}/root.pem root_pem)
file(READ ${DIR}/pck-ca.pem pck_ca_pem)
file(READ ${DIR}/tcb.pem tcb_pem)
file(READ ${DIR}/pck.pem pck_pem)
file(READ ${DIR}/root.crl root_crl HEX)
file(READ ${DIR}/pck.crl pck_crl HEX)
json_string("${pck_ca_pem}${root_pem}" j_pck_crl_chain)
json_string("${tcb_pem}${root_pem}" j_tcb_chain)
json_string("${tcb_info}" j_tcb_info)
json_string("${qe_identity}" j_qe_identity)
file(WRITE ${DIR}/collateral.json "{
  \"simulated\": true,
  \"pck_crl_issuer_chain\": ${j_pck_crl_chain},
  \"root_ca_crl\": \"${root_crl}\",
  \"pck_crl\": \"${pck_crl}\",
  \"tcb_info_issuer_chain\": ${j_tcb_chain},
  \"tcb_info\": ${j_tcb_info},
  \"tcb_info_signature\": \"${tcb_sig}\",
  \"qe_identity_issuer_chain\": ${j_tcb_chain},
  \"qe_identity\": ${j_qe_identity},
  \"qe_identity_signature\": \"${qe_sig}\"
}
")

# The C side: the PCK chain as the quote carries it (PEM, leaf first, NUL-terminated) and the
# PCK leaf's private key (DER) for the sim QE.
ossl(pkey -in ${DIR}/pck.key -outform DER -out ${DIR}/pck.key.der)
function(c_array name text_or_file is_file out_var)
  if(is_file)
    file(READ "${text_or_file}" hex HEX)
  else()
    file(WRITE "${DIR}/.tmp" "${text_or_file}")
    file(READ "${DIR}/.tmp" hex HEX)
    file(REMOVE "${DIR}/.tmp")
    string(APPEND hex "00")
  endif()
  string(LENGTH "${hex}" hex_len)
  math(EXPR n "${hex_len} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
  set(${out_var} "const unsigned char ${name}[] = {${body}};\nconst size_t ${name}_len = ${n};\n" PARENT_SCOPE)
endfunction()
c_array(oracle_sim_pck_chain "${pck_pem}${pck_ca_pem}${root_pem}" FALSE chain_c)
c_array(oracle_sim_pck_key "${DIR}/pck.key.der" TRUE key_c)
file(WRITE "${OUT_C}" "/* Generated by cmake/sim_attestation.cmake: SIMULATED attestation material, build folder only. */
#include <stddef.h>
${chain_c}${key_c}")
file(CHMOD "${DIR}/root.key" "${DIR}/pck-ca.key" "${DIR}/tcb.key" "${DIR}/pck.key" PERMISSIONS OWNER_READ OWNER_WRITE)
