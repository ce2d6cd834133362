# Strict warnings, fatal: every target of the project calls agn_enable_warnings().
function(agn_enable_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 /WX)
  else()
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Werror
      -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wno-unused-parameter)
  endif()
endfunction()
