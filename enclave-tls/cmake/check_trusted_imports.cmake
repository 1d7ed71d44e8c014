cmake_minimum_required(VERSION 3.18)
# Checks that the trusted code imports only what an Open Enclave enclave has:
# MbedTLS, libsecp256k1, the OCALL stubs of oracle_enclave.edl, and the parts of
# the enclave libc listed below. A socket, file, clock or syscall call in
# trusted/ fails this test. Run as:
#   cmake -DOBJECTS="a.o;b.o" -DNM=nm -P check_trusted_imports.cmake
set(allowed
  "^mbedtls_" "^secp256k1_" "^oracle_"
  "^(memcpy|memset|memmove|memcmp|memchr|strlen|strcmp|strncmp|strncpy|strchr|strcpy|strspn)$"
  "^(malloc|calloc|realloc|free|strtoul|strtoull|snprintf|vsnprintf|abort)$"
  "^pthread_mutex_(init|lock|unlock|destroy)$"
  "^(__stack_chk_fail|__assert_fail|__ctype_b_loc|__ctype_tolower_loc|__memcpy_chk|__memset_chk|__snprintf_chk|__vsnprintf_chk|__strcpy_chk|__strncpy_chk)$"
  "^_GLOBAL_OFFSET_TABLE_$")
set(defined "")
set(imported "")
foreach(obj ${OBJECTS})
  execute_process(COMMAND ${NM} --defined-only -g ${obj} OUTPUT_VARIABLE d)
  execute_process(COMMAND ${NM} -u ${obj} OUTPUT_VARIABLE u)
  string(REGEX MATCHALL "[^ \n]+\n" dl "${d}")
  foreach(line ${dl})
    string(STRIP "${line}" line)
    list(APPEND defined ${line})
  endforeach()
  string(REGEX MATCHALL "U [^ \n]+" ul "${u}")
  foreach(entry ${ul})
    string(REGEX REPLACE "^U " "" sym "${entry}")
    list(APPEND imported "${sym}|${obj}")
  endforeach()
endforeach()
set(bad "")
foreach(entry ${imported})
  string(REGEX REPLACE "\\|.*" "" sym "${entry}")
  if(sym IN_LIST defined)
    continue()
  endif()
  set(ok FALSE)
  foreach(re ${allowed})
    if(sym MATCHES "${re}")
      set(ok TRUE)
    endif()
  endforeach()
  if(NOT ok)
    list(APPEND bad "${entry}")
  endif()
endforeach()
list(LENGTH OBJECTS n)
if(bad)
  list(REMOVE_DUPLICATES bad)
  string(REPLACE ";" "\n  " bad "${bad}")
  message(FATAL_ERROR "trusted code imports what an Open Enclave enclave does not have:\n  ${bad}")
endif()
message(STATUS "trusted imports: ${n} objects, only MbedTLS, libsecp256k1, OCALL stubs and enclave libc")
