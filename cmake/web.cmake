# The browser build (DESIGN.md §10; scripts/web.sh drives it): the same core/, envs/, runs/ and app/ compiled with
# Debian's emscripten to WebAssembly + WebGL 2, behind app/platform/platform_web.cpp. Debian's emscripten cannot
# download its "ports", so what the desktop build takes from Debian's -dev packages comes here from Debian's own
# source packages (imgui, giflib, zlib: fetched by scripts/web.sh with apt-get source) and, for the header-only
# libraries, from their Debian packages (Eigen by its own folder; nlohmann/json and stb from a staging folder, never
# /usr/include itself, which would put glibc's headers before emscripten's).
set(RLLENS_WEB_SRC "" CACHE PATH "Folder holding the Debian sources imgui-*, giflib-*, zlib-* (scripts/web.sh)")
set(RLLENS_WEB_INCLUDE "" CACHE PATH "Staged header-only libraries: nlohmann/, stb/ (scripts/web.sh)")
foreach(dir RLLENS_WEB_SRC RLLENS_WEB_INCLUDE)
  if(NOT IS_DIRECTORY "${${dir}}")
    message(FATAL_ERROR "${dir}: expected a folder, got '${${dir}}' (scripts/web.sh sets it)")
  endif()
endforeach()
file(GLOB RLLENS_WEB_IMGUI "${RLLENS_WEB_SRC}/imgui-*")
file(GLOB RLLENS_WEB_GIFLIB "${RLLENS_WEB_SRC}/giflib-*")
file(GLOB RLLENS_WEB_ZLIB "${RLLENS_WEB_SRC}/zlib-*")

# Threads everywhere (the training worker, A3C's workers), exceptions (bad input is an exception), 128-bit SIMD.
add_compile_options(-pthread -fwasm-exceptions -msimd128)
add_link_options(-pthread -fwasm-exceptions)

add_library(Threads::Threads INTERFACE IMPORTED)
add_library(Eigen3::Eigen INTERFACE IMPORTED)
set_target_properties(Eigen3::Eigen PROPERTIES INTERFACE_INCLUDE_DIRECTORIES /usr/include/eigen3)
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
set_target_properties(nlohmann_json::nlohmann_json PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${RLLENS_WEB_INCLUDE}")

file(GLOB RLLENS_WEB_ZLIB_SRC "${RLLENS_WEB_ZLIB}/*.c")
add_library(rllens_web_zlib STATIC ${RLLENS_WEB_ZLIB_SRC})
target_include_directories(rllens_web_zlib PUBLIC "${RLLENS_WEB_ZLIB}")
target_compile_options(rllens_web_zlib PRIVATE -w)
add_library(ZLIB::ZLIB ALIAS rllens_web_zlib)

add_library(gif STATIC ${RLLENS_WEB_GIFLIB}/dgif_lib.c ${RLLENS_WEB_GIFLIB}/egif_lib.c ${RLLENS_WEB_GIFLIB}/gif_err.c
                       ${RLLENS_WEB_GIFLIB}/gif_hash.c ${RLLENS_WEB_GIFLIB}/gifalloc.c
                       ${RLLENS_WEB_GIFLIB}/openbsd-reallocarray.c ${RLLENS_WEB_GIFLIB}/quantize.c)
target_include_directories(gif PUBLIC "${RLLENS_WEB_GIFLIB}")
target_compile_options(gif PRIVATE -w)

add_library(rllens_web_imgui STATIC ${RLLENS_WEB_IMGUI}/imgui.cpp ${RLLENS_WEB_IMGUI}/imgui_draw.cpp
                                    ${RLLENS_WEB_IMGUI}/imgui_tables.cpp ${RLLENS_WEB_IMGUI}/imgui_widgets.cpp
                                    ${RLLENS_WEB_IMGUI}/backends/imgui_impl_glfw.cpp
                                    ${RLLENS_WEB_IMGUI}/backends/imgui_impl_opengl3.cpp)
target_include_directories(rllens_web_imgui PUBLIC "${RLLENS_WEB_IMGUI}")
target_compile_options(rllens_web_imgui PRIVATE -w)
target_link_options(rllens_web_imgui PUBLIC -sUSE_GLFW=3)

# The app itself: built by the main CMakeLists (rllens_web_app) after core, envs and runs.
macro(rllens_web_app)
  file(GLOB_RECURSE RLLENS_APP_SRC CONFIGURE_DEPENDS app/ui/*.cpp app/record/*.cpp app/views/*.cpp app/shell/*.cpp)
  list(APPEND RLLENS_APP_SRC app/platform/gl_util.cpp app/platform/platform_web.cpp)
  add_library(rllens_gui STATIC ${RLLENS_APP_SRC})
  # Shaders and lessons are packed into the page's file system at the same paths the desktop reads them from.
  target_compile_definitions(rllens_gui PUBLIC RLLENS_SHADER_DIR="/rllens/shaders" RLLENS_INSTALL_SHADER_DIR="/rllens/shaders")
  target_link_libraries(rllens_gui PUBLIC rllens_runs rllens_web_imgui gif)

  add_executable(rllens app/main_web.cpp)
  target_link_libraries(rllens PRIVATE rllens_gui)
  set(RLLENS_WEB_FONTS "${CMAKE_BINARY_DIR}/fonts" CACHE PATH "The fonts to pack (DejaVu Sans, the CJK subset)")
  target_link_options(rllens PRIVATE
    -sUSE_GLFW=3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2 -sFULL_ES3=1
    -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=128MB -sPTHREAD_POOL_SIZE=6 -sTOTAL_STACK=1MB
    -sEXPORTED_RUNTIME_METHODS=FS -lidbfs.js -sMINIFY_HTML=0
    "SHELL:--preload-file ${CMAKE_CURRENT_SOURCE_DIR}/shaders@/rllens/shaders"
    "SHELL:--preload-file ${CMAKE_CURRENT_SOURCE_DIR}/assets/lessons@/rllens/lessons"
    "SHELL:--preload-file ${RLLENS_WEB_FONTS}@/rllens/fonts"
    "SHELL:--shell-file ${CMAKE_CURRENT_SOURCE_DIR}/web/shell.html")
  set_target_properties(rllens PROPERTIES SUFFIX ".html")

  # `rllens bench` in wasm under node, for the speed table (scripts/web_bench.sh). The lessons are not needed.
  add_executable(rllens_bench_wasm tests/web/bench_node.cpp)
  target_link_libraries(rllens_bench_wasm PRIVATE rllens_runs)
  target_link_options(rllens_bench_wasm PRIVATE -sENVIRONMENT=node,worker -sALLOW_MEMORY_GROWTH=1
                      -sINITIAL_MEMORY=128MB -sPTHREAD_POOL_SIZE=8 -sEXIT_RUNTIME=1 -sNODERAWFS=1)

  # The simd128 matrix-product kernels against a triple loop, under node (tests/web/run.sh).
  add_executable(rllens_gemm_check tests/web/gemm_check.cpp)
  target_link_libraries(rllens_gemm_check PRIVATE rllens_core)
  target_link_options(rllens_gemm_check PRIVATE -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1)
endmacro()
