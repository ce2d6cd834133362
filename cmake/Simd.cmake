# SIMD variants are separate translation units compiled with their own instruction-set flags; the
# library picks one at run time (agn_simd_supported), so one binary runs on any x86-64 CPU.
option(AGN_ENABLE_AVX2 "Build the AVX2+FMA+F16C kernel variants" ON)
option(AGN_ENABLE_AVX512 "Build the AVX-512 kernel variants" ON)

set(AGN_X86 OFF)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|i.86)$")
  set(AGN_X86 ON)
endif()

# agn_add_simd_sources(target LEVEL files...): compiles files with the flags of LEVEL (AVX2 | AVX512)
# and defines AGN_HAVE_<LEVEL> on the target so the dispatcher knows the variant exists.
function(agn_add_simd_sources target level)
  if(NOT AGN_X86 OR MSVC)
    return()
  endif()
  if(level STREQUAL "AVX2" AND AGN_ENABLE_AVX2)
    set(flags -mavx2 -mfma -mf16c)
  elseif(level STREQUAL "AVX512" AND AGN_ENABLE_AVX512)
    set(flags -mavx512f -mavx512dq -mavx512bw -mavx512vl -mfma)
  else()
    return()
  endif()
  target_sources(${target} PRIVATE ${ARGN})
  set_source_files_properties(${ARGN} PROPERTIES COMPILE_OPTIONS "${flags}")
  target_compile_definitions(${target} PRIVATE AGN_HAVE_${level}=1)
endfunction()
