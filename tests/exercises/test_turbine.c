// 05-turbine: what the serial model must do, and every skeleton and solution give the
// serial answer, with every MPI split, at 1-4 workers (the hybrid at ranks x threads).
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise_run.h"
#include "program.h"
#include "result.h"
#include "runner.h"

static const unsigned long long seeds[] = {3, 20261123};
#define NSEEDS (sizeof seeds / sizeof seeds[0])

static double
number(const struct result *r, const char *name)
{
  const struct result_field *f = result_find(r, name);
  if (!f)
    printf("\n  field %s missing", name);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  return f->number;
}

// Field `what` of member m, e.g. member(r, 2, "mean") reads m02.mean.
static double
member(const struct result *r, int m, const char *what)
{
  char name[64];
  snprintf(name, sizeof name, "m%02d.%s", m, what);
  return number(r, name);
}

// The model's facts: no cell leaves the range of the boundary and starting values
// (300 K to the member's peak inflow), a hotter inflow heats every part of the
// section, the seed moves the blades and the inflow, and a run repeats exactly.
static void
test_serial_bounds(void)
{
  struct result a = {0}, b = {0}, again = {0};
  exercise_serial_result(1, 40, "", &a);
  exercise_serial_result(2, 40, "", &b);
  exercise_serial_result(1, 40, "", &again);
  CU_ASSERT_EQUAL(number(&a, "size"), 40);
  CU_ASSERT_EQUAL(number(&a, "steps"), 3000);
  CU_ASSERT_EQUAL(number(&a, "members"), 4);
  CU_ASSERT_EQUAL(number(&a, "blades"), 3);
  CU_ASSERT_PTR_NULL(result_find(&a, "m04.mean"));
  const char *probes[] = {"probe_inlet", "probe_mid", "probe_exit"};
  for (int m = 0; m < 4; m++) {
    double peak = member(&a, m, "inflow");
    CU_ASSERT_DOUBLE_EQUAL(peak, 1400 + 100 * m, 0);
    CU_ASSERT(member(&a, m, "mean") > 300 && member(&a, m, "mean") < member(&a, m, "max"));
    CU_ASSERT(member(&a, m, "max") <= peak);
    for (int p = 0; p < 3; p++)
      CU_ASSERT(member(&a, m, probes[p]) >= 300 && member(&a, m, probes[p]) <= peak);
    if (m > 0) {
      CU_ASSERT(member(&a, m, "mean") > member(&a, m - 1, "mean"));
      CU_ASSERT(member(&a, m, "max") > member(&a, m - 1, "max"));
    }
    CU_ASSERT_EQUAL(member(&a, m, "checksum"), member(&again, m, "checksum"));
    CU_ASSERT_EQUAL(member(&a, m, "mean"), member(&again, m, "mean"));
    CU_ASSERT_NOT_EQUAL(member(&a, m, "checksum"), member(&b, m, "checksum"));
  }
  // The gas carries the heat in from the left: the inlet is hotter than the exit.
  CU_ASSERT(member(&a, 0, "probe_inlet") > member(&a, 0, "probe_exit"));
  result_free(&a);
  result_free(&b);
  result_free(&again);
}

// With no blades and every boundary at 600 K (an inflow peak of 600 K is the wall
// temperature, so the inflow column is flat), the section settles at 600 K
// everywhere, whatever the seed: the steady state of diffusion with one boundary value.
static void
test_serial_steady_state(void)
{
  struct result r = {0};
  exercise_serial_result(5, 12, "--blades 0 --inflow 600 --ensemble 1 --steps 20000", &r);
  CU_ASSERT_DOUBLE_EQUAL(member(&r, 0, "mean"), 600, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(member(&r, 0, "max"), 600, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(member(&r, 0, "probe_mid"), 600, 1e-9);
  result_free(&r);
  // Far from steady (a few steps): the gas is still close to its cold start.
  exercise_serial_result(5, 40, "--blades 0 --inflow 600 --ensemble 1 --steps 3", &r);
  CU_ASSERT(member(&r, 0, "mean") < 330);
  CU_ASSERT_DOUBLE_EQUAL(member(&r, 0, "probe_mid"), 300, 1e-9);
  result_free(&r);
}

// The blades are cooled below the gas: with them, the hottest member's mean is lower.
static void
test_serial_blades_cool(void)
{
  struct result none = {0}, some = {0};
  exercise_serial_result(8, 48, "--blades 0", &none);
  exercise_serial_result(8, 48, "--blades 6", &some);
  CU_ASSERT(member(&some, 3, "mean") < member(&none, 3, "mean"));
  CU_ASSERT_NOT_EQUAL(member(&some, 3, "checksum"), member(&none, 3, "checksum"));
  result_free(&none);
  result_free(&some);
}

// Like exercise_check_version, for options that change the answer: the serial run
// gets the same `options`, the version gets `options` and then `how` (its own).
static void
check_with_options(const char *binary, int is_mpi, const char *options, const char *how)
{
  char extra[256];
  struct result expected = {0};
  exercise_serial_result(seeds[0], exercise_spec.size_test, options, &expected);
  snprintf(extra, sizeof extra, "%s %s", options, how);
  for (int workers = 1; workers <= 4; workers++) {
    char launch[256] = "", command[1024], err[512] = "", msg[512];
    struct result got = {0};
    if (is_mpi)
      snprintf(launch, sizeof launch, "%s %d", program_mpirun(), workers);
    snprintf(command, sizeof command, "%s " BIN_DIR "/%s --size %ld --seed %llu --workers %d %s",
             launch, binary, exercise_spec.size_test, seeds[0], workers, extra);
    int status = exercise_run_to_result(command, "options", &got, err, sizeof err);
    int match = status == 0 && exercise_matches_serial(&expected, &got, msg, sizeof msg);
    if (!match)
      printf("\n  %s %s with %d workers: status %d: %s", binary, extra, workers, status,
             status ? err : msg);
    CU_ASSERT_TRUE(match);
    result_free(&got);
  }
  result_free(&expected);
}

// A skeleton as it comes: one worker does everything, whatever --workers says.
static void test_skeleton_embarrassing(void) { exercise_check_version("turbine-embarrassing", 0, "", seeds, NSEEDS); }
static void test_skeleton_openmp(void) { exercise_check_version("turbine-openmp", 0, "", seeds, NSEEDS); }
static void test_skeleton_mpi(void) { exercise_check_version("turbine-mpi", 1, "", seeds, NSEEDS); }

static void
test_solution_embarrassing(void)
{
  exercise_check_version("solutions/turbine-embarrassing", 0, "", seeds, NSEEDS);
  check_with_options("solutions/turbine-embarrassing", 0, "--ensemble 3 --blades 5", "");
}

static void
test_solution_openmp(void)
{
  exercise_check_version("solutions/turbine-openmp", 0, "", seeds, NSEEDS);
  check_with_options("solutions/turbine-openmp", 0, "--steps 7", "");  // an odd count
}

// Every way of splitting: a stack of row blocks, a Cartesian grid of blocks (2 x 2 at
// 4 ranks, 3 x 1 at 3), each with the blocking exchange and overlapped (the default).
static void test_solution_mpi_rows(void) { exercise_check_version("solutions/turbine-mpi", 1, "--split rows --exchange blocking", seeds, NSEEDS); }
static void test_solution_mpi_cart(void) { exercise_check_version("solutions/turbine-mpi", 1, "--split cart --exchange blocking", seeds, NSEEDS); }
static void test_solution_mpi_rows_overlap(void) { exercise_check_version("solutions/turbine-mpi", 1, "--split rows --exchange overlap", seeds, NSEEDS); }
static void
test_solution_mpi_cart_overlap(void)
{
  exercise_check_version("solutions/turbine-mpi", 1, "", seeds, NSEEDS);  // cart, overlap
  check_with_options("solutions/turbine-mpi", 1, "--steps 9 --blades 8",
                     "--split cart --exchange overlap");
}

// The hybrid version's layouts, ranks x threads: the grader's for 1 to 4 workers (T =
// 2 threads per rank when the workers are even, else 1; R = W / T: 1 x 1, 1 x 2, 3 x 1,
// 2 x 2) and 2 x 1, ranks alone.
static const int layouts[][2] = {{1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 1}};
#define LAYOUTS (sizeof layouts / sizeof layouts[0])
// In front of every hybrid run: a thread that waits sleeps at once. With more threads
// than cores (2 x 2 on 2 cores), libgomp's idle threads first spin for a while, taking
// the cores from the main threads that wait for MPI: a run of 0.4 s took 60 s here.
#define HYBRID_ENV "OMP_WAIT_POLICY=passive"

// Runs BIN_DIR/binary, a hybrid version, at every layout for each of the first
// `nseeds` seeds at `size`: `options` for it and for serial, `how` for it alone.
// Every run must match serial. OMP_NUM_THREADS goes in front of mpirun, which passes
// it on to the ranks it starts here; --bind-to none (as the grader runs it) lets a
// rank's threads run on different cores, where Open MPI would bind a lone rank to one.
static void
check_hybrid(const char *binary, long size, const char *options, const char *how,
             size_t nseeds)
{
  for (size_t s = 0; s < nseeds; s++) {
    struct result expected = {0};
    exercise_serial_result(seeds[s], size, options, &expected);
    for (size_t l = 0; l < LAYOUTS; l++) {
      int ranks = layouts[l][0], threads = layouts[l][1];
      char command[1024], err[512] = "", msg[512] = "";
      struct result got = {0};
      snprintf(command, sizeof command,
               HYBRID_ENV " OMP_NUM_THREADS=%d %s %d --bind-to none " BIN_DIR "/%s --size %ld"
               " --seed %llu --workers %d %s %s",
               threads, program_mpirun(), ranks, binary, size, seeds[s], ranks * threads,
               options, how);
      int status = exercise_run_to_result(command, "hybrid", &got, err, sizeof err);
      int match = status == 0 && exercise_matches_serial(&expected, &got, msg, sizeof msg);
      if (!match)
        printf("\n  %s %s %s at %d ranks x %d threads: status %d: %s", binary, options, how,
               ranks, threads, status, status ? err : msg);
      CU_ASSERT_TRUE(match);
      result_free(&got);
    }
    result_free(&expected);
  }
}

// The hybrid skeleton as it comes: every rank computes everything with one thread.
static void
test_skeleton_hybrid(void)
{
  check_hybrid("turbine-hybrid", exercise_spec.size_test, "", "", NSEEDS);
}

// The hybrid solution, every split and exchange at every layout (one seed, the
// defaults two); the defaults (cart, overlap) also with an odd number of steps and more
// blades, and on a grid of 37 x 37 (blocks and threads' shares of different sizes).
static void
test_solution_hybrid_rows(void)
{
  check_hybrid("solutions/turbine-hybrid", exercise_spec.size_test, "",
               "--split rows --exchange blocking", 1);
}

static void
test_solution_hybrid_cart(void)
{
  check_hybrid("solutions/turbine-hybrid", exercise_spec.size_test, "",
               "--split cart --exchange blocking", 1);
}

static void
test_solution_hybrid_rows_overlap(void)
{
  check_hybrid("solutions/turbine-hybrid", exercise_spec.size_test, "",
               "--split rows --exchange overlap", 1);
}

static void
test_solution_hybrid_cart_overlap(void)
{
  check_hybrid("solutions/turbine-hybrid", exercise_spec.size_test, "", "", NSEEDS);
  check_hybrid("solutions/turbine-hybrid", exercise_spec.size_test, "--steps 9 --blades 8",
               "", 1);
  check_hybrid("solutions/turbine-hybrid", 37, "--blades 4", "", 1);
}

// An MPI library that allows no threads: test-mpi-single (mpi_single.c), preloaded in
// every rank, makes MPI_Init_thread answer MPI_THREAD_SINGLE. Rank 0 says so in one
// line, and every rank stops with a non-zero status (none waits: `timeout` would say
// 124). Without the stand-in, the same command runs.
static void
test_hybrid_thread_level(void)
{
  const char *programs[] = {"turbine-hybrid", "solutions/turbine-hybrid"};
  for (size_t p = 0; p < sizeof programs / sizeof programs[0]; p++) {
    char command[1024], err[512] = "";
    snprintf(command, sizeof command,
             HYBRID_ENV " OMP_NUM_THREADS=2 timeout 60 %s 2 env LD_PRELOAD=" MPI_SINGLE " " BIN_DIR
             "/%s --size 32 >/dev/null", program_mpirun(), programs[p]);
    int status = program_run(command, err, sizeof err);
    const char *want = "turbine-hybrid: error: this MPI library allows no threads "
                       "(MPI_THREAD_SINGLE); threads in a rank need MPI_THREAD_FUNNELED";
    CU_ASSERT(status != 0 && status != 124);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
    if (status == 0 || status == 124 || !strstr(err, want))
      printf("\n  %s, MPI_THREAD_SINGLE: status %d, '%s'", programs[p], status, err);
    snprintf(command, sizeof command, HYBRID_ENV " OMP_NUM_THREADS=2 timeout 60 %s 2 " BIN_DIR
             "/%s --size 32 >/dev/null", program_mpirun(), programs[p]);
    CU_ASSERT_EQUAL(program_run(command, err, sizeof err), 0);
  }
}

// An uneven grid (37 is no multiple of 2, 3 or 4): blocks of different sizes.
static void
test_solution_mpi_uneven(void)
{
  char command[1024], err[512], msg[512];
  struct result expected = {0};
  exercise_serial_result(11, 37, "--blades 4", &expected);
  for (int ranks = 2; ranks <= 4; ranks++) {
    struct result got = {0};
    snprintf(command, sizeof command,
             "%s %d " BIN_DIR "/solutions/turbine-mpi --size 37 --seed 11 --blades 4",
             program_mpirun(), ranks);
    CU_ASSERT_EQUAL(exercise_run_to_result(command, "uneven", &got, err, sizeof err), 0);
    int match = exercise_matches_serial(&expected, &got, msg, sizeof msg);
    if (!match)
      printf("\n  %d ranks: %s", ranks, msg);
    CU_ASSERT_TRUE(match);
    result_free(&got);
  }
  result_free(&expected);
}

// --write-out: a P5 picture of the first member's field with its frame, and every
// version writes the very same bytes.
static void
test_write_out(void)
{
  const char *versions[] = {"turbine-serial", "solutions/turbine-embarrassing",
                            "solutions/turbine-openmp", "solutions/turbine-mpi",
                            "solutions/turbine-mpi", "turbine-mpi",
                            "solutions/turbine-hybrid", "turbine-hybrid"};
  const char *extra[] = {"", "--workers 3", "--workers 3", "--split rows", "--split cart", "",
                         "", ""};
  unsigned char *first = NULL;
  long first_len = 0;
  for (size_t v = 0; v < sizeof versions / sizeof versions[0]; v++) {
    char command[1024], path[600], err[512];
    struct result r = {0};
    snprintf(path, sizeof path, "%s/field%zu.pgm", exercise_scratch, v);
    char launch[256] = "";  // MPI: 4 ranks; hybrid: 2 ranks x 2 threads
    if (strstr(versions[v], "hybrid"))
      snprintf(launch, sizeof launch, HYBRID_ENV " OMP_NUM_THREADS=2 %s 2 --bind-to none",
               program_mpirun());
    else if (strstr(versions[v], "mpi"))
      snprintf(launch, sizeof launch, "%s 4", program_mpirun());
    snprintf(command, sizeof command, "%s " BIN_DIR "/%s --size 30 --seed 4 %s --write-out %s",
             launch, versions[v], extra[v], path);
    CU_ASSERT_EQUAL(exercise_run_to_result(command, "picture", &r, err, sizeof err), 0);
    result_free(&r);
    long len = 0;
    unsigned char *data = program_read_file(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    const char header[] = "P5\n32 32\n255\n";
    CU_ASSERT_EQUAL(len, (long)strlen(header) + 32 * 32);
    CU_ASSERT_EQUAL(memcmp(data, header, strlen(header)), 0);
    if (!first) {
      first = data, first_len = len;
      // The frame: the casing (top row) at 600 K is dark grey; the inflow is brighter.
      const unsigned char *px = data + strlen(header);
      CU_ASSERT(px[0] > 0 && px[0] < 128);
      CU_ASSERT(px[16 * 32] > px[0]);
      continue;
    }
    CU_ASSERT(len == first_len && memcmp(data, first, (size_t)len) == 0);
    if (len != first_len || memcmp(data, first, (size_t)len) != 0)
      printf("\n  %s %s: the picture differs from serial's", versions[v], extra[v]);
    free(data);
  }
  free(first);
}

// Sizes and steps that are not positive, or a grid smaller than the model needs: one
// line that names the argument, status 2, from every program.
static void
test_bad_input(void)
{
  const char *programs[] = {"turbine-serial", "turbine-embarrassing", "turbine-openmp",
                            "turbine-mpi", "turbine-hybrid", "solutions/turbine-embarrassing",
                            "solutions/turbine-openmp", "solutions/turbine-mpi",
                            "solutions/turbine-hybrid"};
  for (size_t p = 0; p < sizeof programs / sizeof programs[0]; p++) {
    exercise_expect_rejected(programs[p], "--size 0", "--size");
    exercise_expect_rejected(programs[p], "--size -7", "--size");
    exercise_expect_rejected(programs[p], "--size 5",
                             "--size: expected 8 to 8192 cells per side, got 5");
    exercise_expect_rejected(programs[p], "--steps 0", "--steps");
    exercise_expect_rejected(programs[p], "--steps -3", "--steps");
    exercise_expect_rejected(programs[p], "--ensemble 0", "--ensemble");
    if (strstr(programs[p], "mpi") || strstr(programs[p], "hybrid")) {
      exercise_expect_rejected(programs[p], "--split diagonal",
                               "--split: expected rows or cart, got 'diagonal'");
      exercise_expect_rejected(programs[p], "--exchange later",
                               "--exchange: expected blocking or overlap, got 'later'");
    }
  }
}

// More ranks than the grid has room for, or a bad argument under mpirun: every rank
// stops (no rank waits for ever; `timeout` would say 124), with a non-zero status and
// one line that names the argument.
static void
test_too_many_ranks(void)
{
  struct {
    const char *program, *args, *want;
    int ranks;
  } cases[] = {
    {"solutions/turbine-mpi", "--size 8 --split rows", "too small for 3 ranks (3 x 1", 3},
    {"solutions/turbine-mpi", "--size 11 --split cart", "too small for 3 ranks (3 x 1", 3},
    {"solutions/turbine-mpi", "--size 15 --split rows --exchange overlap", "too small for 4 ranks",
     4},
    {"turbine-mpi", "--size 8 --split rows", "too small for 3 ranks", 3},
    // Bad arguments under mpirun: every rank stops before MPI_Init, none waits.
    {"solutions/turbine-mpi", "--steps 0", "--steps", 2},
    {"solutions/turbine-mpi", "--size -4", "--size", 3},
    // The hybrid's ranks split the grid as mpi.c's do, and its messages name it.
    {"solutions/turbine-hybrid", "--size 11 --split cart", "too small for 3 ranks (3 x 1", 3},
    {"turbine-hybrid", "--size 8 --split rows", "too small for 3 ranks", 3},
    {"solutions/turbine-hybrid", "--exchange later", "--exchange", 2},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    char command[1024], err[512] = "";
    snprintf(command, sizeof command, "timeout 60 %s %d " BIN_DIR "/%s %s >/dev/null",
             program_mpirun(), cases[c].ranks, cases[c].program, cases[c].args);
    int status = program_run(command, err, sizeof err);
    const char *name = strstr(cases[c].program, "hybrid") ? "turbine-hybrid: error: "
                                                          : "turbine-mpi: error: ";
    CU_ASSERT(status != 0 && status != 124);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, name));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, cases[c].want));
    if (status == 0 || status == 124 || !strstr(err, name) || !strstr(err, cases[c].want))
      printf("\n  %s %s at %d ranks: status %d, '%s'", cases[c].program, cases[c].args,
             cases[c].ranks, status, err);
  }
  // Just enough room: 4 x 4 cells per block runs.
  char command[1024], err[512];
  struct result r = {0};
  snprintf(command, sizeof command, "timeout 60 %s 4 " BIN_DIR "/solutions/turbine-mpi --size 8",
           program_mpirun());
  CU_ASSERT_EQUAL(exercise_run_to_result(command, "fits", &r, err, sizeof err), 0);
  result_free(&r);
}

// The shares of the ensemble (--shard, --combine): test_turbine_shards.c.
void add_turbine_shard_tests(CU_pSuite suite);

static int
suite_setup(void)
{
  return exercise_open(EXERCISE_DIR "/exercise.ini", BIN_DIR, "turbine");
}

static int
suite_teardown(void)
{
  return exercise_close();
}

static void
register_turbine(void)
{
  CU_pSuite suite = CU_add_suite("05-turbine", suite_setup, suite_teardown);
  CU_add_test(suite, "serial: bounds, hotter inflow, seed, repeatable", test_serial_bounds);
  CU_add_test(suite, "serial: uniform boundary, no blades: steady at 600 K",
              test_serial_steady_state);
  CU_add_test(suite, "serial: cooled blades lower the mean", test_serial_blades_cool);
  CU_add_test(suite, "skeleton embarrassing = serial at 1-4 workers", test_skeleton_embarrassing);
  CU_add_test(suite, "skeleton openmp = serial at 1-4 workers", test_skeleton_openmp);
  CU_add_test(suite, "skeleton mpi = serial at 1-4 ranks", test_skeleton_mpi);
  CU_add_test(suite, "solution embarrassing = serial at 1-4", test_solution_embarrassing);
  CU_add_test(suite, "solution openmp = serial at 1-4", test_solution_openmp);
  CU_add_test(suite, "solution mpi rows, blocking = serial at 1-4 ranks", test_solution_mpi_rows);
  CU_add_test(suite, "solution mpi cart, blocking = serial at 1-4 ranks", test_solution_mpi_cart);
  CU_add_test(suite, "solution mpi rows --exchange overlap = serial at 1-4 ranks",
              test_solution_mpi_rows_overlap);
  CU_add_test(suite, "solution mpi cart, overlap (the defaults) = serial at 1-4 ranks",
              test_solution_mpi_cart_overlap);
  CU_add_test(suite, "solution mpi, uneven blocks = serial", test_solution_mpi_uneven);
  CU_add_test(suite, "skeleton hybrid = serial at 1x1, 1x2, 2x1, 2x2, 3x1 ranks x threads",
              test_skeleton_hybrid);
  CU_add_test(suite, "solution hybrid rows, blocking = serial at every ranks x threads",
              test_solution_hybrid_rows);
  CU_add_test(suite, "solution hybrid cart, blocking = serial at every ranks x threads",
              test_solution_hybrid_cart);
  CU_add_test(suite, "solution hybrid rows, overlap = serial at every ranks x threads",
              test_solution_hybrid_rows_overlap);
  CU_add_test(suite, "solution hybrid cart, overlap (the defaults) = serial, odd steps, uneven",
              test_solution_hybrid_cart_overlap);
  CU_add_test(suite, "hybrid: an MPI without MPI_THREAD_FUNNELED stops every rank, one line",
              test_hybrid_thread_level);
  CU_add_test(suite, "--write-out: the same P5 picture from every version", test_write_out);
  CU_add_test(suite, "bad input: one line naming it, status 2", test_bad_input);
  CU_add_test(suite, "too many ranks for the grid: clean stop, no hang", test_too_many_ranks);
  add_turbine_shard_tests(suite);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_turbine};
  return runner_main(registers, 1);
}
