// The corpus entries whose feedback names the bug from what the grader saw: lost and
// repeated work, wrong answers that an exercise's own [hint.NAME] sections (its
// exercise.ini, grader/diagnose/lost_work.c) explain; an MPI job that ends badly
// (diagnose/mpi_end.c); threads stuck at a barrier (diagnose/hang.c). Most are a
// reference solution with one bug, in the exercise it belongs to, graded at that
// exercise's [sizes] test as test_corpus.c grades the rest.
#include <CUnit/CUnit.h>
#include <cJSON.h>
#include <string.h>

#include "corpus_grade.h"

// Every rank throws all the darts: hits is P times the serial count.
static void
test_all_darts(void)
{
  struct graded g;
  grade_corpus("all-darts", "mpi", "200000", "10", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 1), "verdict"), "correct");
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 2), "verdict"), "wrong answer");
  CU_ASSERT(feedback_has(g.version, "Right with 1 worker but wrong with 2",
                         "hits is about the serial count times the number of workers"));
  scores_zero(g.version);
  done(&g);
}

// The halo goes over once, before the first step: right with 1 rank only.
static void
test_halo_once(void)
{
  struct graded g;
  grade_corpus("halo-once", "mpi", "32", "10", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 1), "verdict"), "correct");
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 2), "verdict"), "wrong answer");
  CU_ASSERT(feedback_has(g.version, "Right with 1 worker but wrong with 2",
                         "Is the halo exchanged before every step"));
  scores_zero(g.version);
  done(&g);
}

// Byte ranges counted without their k - 1 bases of overlap: every border loses k - 1
// k-mers of each strand (8 ranges a worker: wrong with 1 worker too).
static void
test_chunk_border(void)
{
  struct graded g;
  grade_corpus("chunk-border", "embarrassing", "200000", "10", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 2), "verdict"), "wrong answer");
  CU_ASSERT(feedback_has(g.version, "kmers is short by a multiple of (k - 1) x strands",
                         "overlap by k - 1 bases"));
  scores_zero(g.version);
  done(&g);
}

// The loop over the sweep stops one early: the last combination has mass 0.
static void
test_combination_missing(void)
{
  struct graded g;
  grade_corpus("combination-missing", "openmp", "40", "10", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT(all_runs(g.version, "wrong answer", "c34.mass: expected "));
  CU_ASSERT(feedback_has(g.version, "a combination of the sweep has no result",
                         "the last ones included"));
  scores_zero(g.version);
  done(&g);
}

// Blocks of count / ranks combinations: the remainder of the 35 is grown by nobody,
// so the version is wrong with 2 and 3 ranks (c34 lost; c33 and c34) and right with 1.
static void
test_sweep_remainder_lost(void)
{
  struct graded g;
  grade_corpus("sweep-remainder-lost", "mpi", "40", "10", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 1), "verdict"), "correct");
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 2), "verdict"), "wrong answer");
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 3), "verdict"), "wrong answer");
  CU_ASSERT(strstr(text(run_at(g.version, 2), "message"), "c34.mass: expected ") != NULL);
  CU_ASSERT(feedback_has(g.version, "a combination of the sweep has no result",
                         "leaves out the remainder of the combinations divided by the"));
  scores_zero(g.version);
  done(&g);
}

// Ranks 1 and up return without MPI_Finalize: the answer is right, the job is not.
static void
test_no_finalize(void)
{
  struct graded g;
  grade_corpus("no-finalize", "mpi", "200000", "10", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 1), "verdict"), "correct");
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 2), "verdict"), "failed");
  CU_ASSERT(strstr(text(run_at(g.version, 2), "message"), "rank 1 ended without calling "
                   "MPI_Finalize") != NULL);
  CU_ASSERT(feedback_has(g.version, "every rank must call MPI_Finalize once", ""));
  cJSON *item;  // mpirun's box of advice is gone
  cJSON_ArrayForEach(item, cJSON_GetObjectItem(g.version, "feedback"))
    CU_ASSERT_PTR_NULL(strstr(cJSON_GetStringValue(item), "There are three reasons"));
  scores_zero(g.version);
  done(&g);
}

// Thread 0 goes to a barrier the others never reach: no progress from 2 threads on.
static void
test_barrier_hang(void)
{
  struct graded g;
  grade_corpus("barrier-hang", "openmp", "200000", "2", &g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.version);
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 1), "verdict"), "correct");
  CU_ASSERT_STRING_EQUAL(text(run_at(g.version, 2), "verdict"), "timed out");
  // libgomp's explicit barrier and the one that ends the region share a count: thread
  // 0's explicit barrier lets the others leave the region's, and it then waits there
  // for them alone.
  CU_ASSERT(feedback_has(g.version, "waits in the barrier that ends a parallel region at "
                         "openmp.c:", "the threads wait at barriers that do not match"));
  scores_zero(g.version);
  done(&g);
}

void
register_corpus_diagnose(void)
{
  CU_pSuite s = CU_add_suite("pargrade names the bug", corpus_setup, corpus_teardown);
  CU_add_test(s, "every rank throws all the darts", test_all_darts);
  CU_add_test(s, "the halo exchanged once", test_halo_once);
  CU_add_test(s, "chunks without their overlap", test_chunk_border);
  CU_add_test(s, "a combination of the sweep missing", test_combination_missing);
  CU_add_test(s, "the remainder of the sweep lost", test_sweep_remainder_lost);
  CU_add_test(s, "ranks that end without MPI_Finalize", test_no_finalize);
  CU_add_test(s, "threads stuck at a barrier", test_barrier_hang);
}
