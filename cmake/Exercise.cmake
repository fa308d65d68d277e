# Functions that build one exercise's versions from its directory.
#
# add_exercise(01-pi pi) builds exercises/01-pi/{serial,embarrassing,openmp,mpi}.c into
# build/bin/pi-serial, pi-embarrassing, pi-openmp, pi-mpi. An exercise whose input is
# a data file has a generate.c too (exercise.ini's [input] generator), built into
# build/bin/PROGRAM-generate. An exercise with a hybrid.c (05-turbine: MPI ranks with
# OpenMP threads inside each) builds it into build/bin/PROGRAM-hybrid.
# add_solution(01-pi pi) builds solutions/01-pi/{embarrassing,openmp,mpi}.c into
# build/bin/solutions/pi-embarrassing, ... (the serial version exists only once), and
# hybrid.c where there is one.
# Every version may include the headers of its exercise's directory (images.h,
# coral.h, genomics.h, turbine.h and turbine_mpi.h: the model its versions share),
# as the grader lets it.

# Links one version with what its approach needs.
function(_exercise_version target source version exercise_dir)
  add_executable(${target} ${source})
  target_include_directories(${target} PRIVATE ${exercise_dir})
  target_link_libraries(${target} PRIVATE common)
  if(version STREQUAL "openmp")
    target_link_libraries(${target} PRIVATE OpenMP::OpenMP_C)
  elseif(version STREQUAL "mpi")
    target_link_libraries(${target} PRIVATE MPI::MPI_C)
  elseif(version STREQUAL "hybrid")
    target_link_libraries(${target} PRIVATE MPI::MPI_C OpenMP::OpenMP_C)
  endif()
endfunction()

function(add_exercise name program)
  set(dir ${PROJECT_SOURCE_DIR}/exercises/${name})
  foreach(version serial embarrassing openmp mpi)
    _exercise_version(${program}-${version} ${dir}/${version}.c ${version} ${dir})
  endforeach()
  if(EXISTS ${dir}/hybrid.c)
    _exercise_version(${program}-hybrid ${dir}/hybrid.c hybrid ${dir})
  endif()
  if(EXISTS ${dir}/generate.c)
    _exercise_version(${program}-generate ${dir}/generate.c serial ${dir})
  endif()
endfunction()

function(add_solution name program)
  set(dir ${PROJECT_SOURCE_DIR}/solutions/${name})
  set(versions embarrassing openmp mpi)
  if(EXISTS ${dir}/hybrid.c)
    list(APPEND versions hybrid)
  endif()
  foreach(version ${versions})
    set(target solution-${program}-${version})
    _exercise_version(${target} ${dir}/${version}.c ${version}
                      ${PROJECT_SOURCE_DIR}/exercises/${name})
    set_target_properties(${target} PROPERTIES
      OUTPUT_NAME ${program}-${version}
      RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin/solutions)
  endforeach()
endfunction()
