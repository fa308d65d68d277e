// Runs the common library's suites.
#include "runner.h"
#include "suites.h"

int
main(void)
{
  static const runner_register_fn suites[] = {
    test_cli_register,   test_timer_register, test_prng_register,
    test_split_register, test_pool_register,  test_result_register,
    test_pgm_register,   test_fasta_register, test_shards_register,
  };
  return runner_main(suites, sizeof suites / sizeof suites[0]);
}
