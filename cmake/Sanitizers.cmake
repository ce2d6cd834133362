# AGN_SANITIZE=ON builds everything with AddressSanitizer + UndefinedBehaviorSanitizer, and makes any
# UB report fatal so ctest fails on it.
option(AGN_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

if(AGN_SANITIZE)
  if(MSVC)
    add_compile_options(/fsanitize=address)
  else()
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
  endif()
endif()
