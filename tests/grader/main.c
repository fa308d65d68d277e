// The runner of the grader's stage suites: one registration function per test_<stage>.c.
#include "runner.h"

void register_build(void);
void register_check(void);
void register_choose(void);
void register_grade(void);
void register_hints(void);
void register_launch(void);
void register_mpi_end(void);
void register_options(void);
void register_platform_reports(void);
void register_reports(void);
void register_run(void);
void register_score(void);
void register_skeleton(void);
void register_spec(void);
void register_timing(void);

int
main(void)
{
  const runner_register_fn registers[] = {
    register_spec, register_options, register_score, register_timing,
    register_check, register_hints, register_build, register_launch, register_run,
    register_grade, register_choose, register_reports, register_platform_reports,
    register_skeleton, register_mpi_end,
  };
  return runner_main(registers, sizeof registers / sizeof registers[0]);
}
