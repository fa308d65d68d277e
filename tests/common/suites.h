// The common library's CUnit suites: one registration function per module.
#ifndef TESTS_COMMON_SUITES_H
#define TESTS_COMMON_SUITES_H

void test_cli_register(void);
void test_timer_register(void);
void test_prng_register(void);
void test_split_register(void);
void test_pool_register(void);
void test_result_register(void);
void test_pgm_register(void);
void test_fasta_register(void);
void test_shards_register(void);

#endif
