// 04-genomics: k-mer counts by hand, every skeleton and solution = serial, borders
// inside k-mers, shares, bad input.
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise_run.h"
#include "program.h"
#include "result.h"
#include "runner.h"
#include "split.h"

static const unsigned long long seeds[] = {3, 20261123};
#define NSEEDS (sizeof seeds / sizeof seeds[0])

static const char *const versions[] = {
  "genomics-embarrassing", "genomics-openmp", "genomics-mpi",
  "solutions/genomics-embarrassing", "solutions/genomics-openmp", "solutions/genomics-mpi",
};
#define NVERSIONS (sizeof versions / sizeof versions[0])

static int
is_mpi(const char *binary)
{
  return strstr(binary, "-mpi") != NULL;
}

// Writes text to a file in the scratch directory; path gets its name.
static void
scratch_file(const char *name, const char *text, char *path, size_t len)
{
  snprintf(path, len, "%s/%s", exercise_scratch, name);
  FILE *f = fopen(path, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs(text, f);
  fclose(f);
}

static long long
field(const struct result *r, const char *name)
{
  const struct result_field *f = result_find(r, name);
  if (!f)
    printf("\n  no field %s", name);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  return (long long)f->number;
}

static const char *
text(const struct result *r, const char *name)
{
  const struct result_field *f = result_find(r, name);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  return f->text;
}

// Runs BIN_DIR/binary with `workers` workers (an MPI one under mpirun) and `args`.
static int
run_version(const char *binary, int workers, const char *args, struct result *r)
{
  char command[2048], err[512] = "";
  if (is_mpi(binary))
    snprintf(command, sizeof command, "%s %d " BIN_DIR "/%s --workers %d %s",
             program_mpirun(), workers, binary, workers, args);
  else
    snprintf(command, sizeof command, BIN_DIR "/%s --workers %d %s", binary, workers, args);
  int status = exercise_run_to_result(command, "run", r, err, sizeof err);
  if (status != 0)
    printf("\n  %s: exit status %d: %s", command, status, err);
  return status;
}

// Every version at 1 to 4 workers gives the serial result for `args` (a FASTA file
// of the test's own and options).
static void
check_all_versions(const char *args)
{
  char command[2048], err[512], msg[512];
  struct result expected = {0};
  snprintf(command, sizeof command, BIN_DIR "/genomics-serial %s", args);
  CU_ASSERT_EQUAL_FATAL(exercise_run_to_result(command, "serial", &expected, err, sizeof err), 0);
  for (size_t v = 0; v < NVERSIONS; v++) {
    for (int workers = 1; workers <= 4; workers++) {
      struct result got = {0};
      int ok = run_version(versions[v], workers, args, &got) == 0 &&
               exercise_matches_serial(&expected, &got, msg, sizeof msg);
      if (!ok)
        printf("\n  %s, %d workers, %s: %s", versions[v], workers, args, msg);
      CU_ASSERT_TRUE(ok);
      result_free(&got);
    }
  }
  result_free(&expected);
}

// Two records whose k-mers are known by hand (k = 4). chr1's bases are ACGTA CGTNA CGT
// (three lines); chr2's are ACGTAC.
//   chr1: ACGT CGTA GTAC TACG ACGT (GTAC and TACG cross a line break), then the four
//         k-mers that hold the N are skipped, then ACGT.
//   chr2: ACGT CGTA GTAC. No k-mer joins the end of chr1 to the start of chr2.
static const char *hand_made = ">chr1 hand made\nACGTA\nCGTNA\nCGT\n>chr2\nACGTAC\n";

static void
test_serial_by_hand(void)
{
  char path[512], command[1024], err[512];
  struct result r = {0};
  scratch_file("hand.fa", hand_made, path, sizeof path);
  // One strand: ACGT 4, CGTA 2, GTAC 2, TACG 1; ties in alphabetical order.
  snprintf(command, sizeof command, BIN_DIR "/genomics-serial --k 4 --strands 1 %s", path);
  CU_ASSERT_EQUAL_FATAL(exercise_run_to_result(command, "hand1", &r, err, sizeof err), 0);
  CU_ASSERT_EQUAL(field(&r, "k"), 4);
  CU_ASSERT_EQUAL(field(&r, "kmers"), 9);
  CU_ASSERT_EQUAL(field(&r, "distinct"), 4);
  const char *order1[] = {"ACGT", "CGTA", "GTAC", "TACG"};
  const long long count1[] = {4, 2, 2, 1};
  for (int t = 0; t < 4; t++) {
    char name[32];
    snprintf(name, sizeof name, "top%02d.kmer", t + 1);
    CU_ASSERT_STRING_EQUAL(text(&r, name), order1[t]);
    snprintf(name, sizeof name, "top%02d.count", t + 1);
    CU_ASSERT_EQUAL(field(&r, name), count1[t]);
  }
  CU_ASSERT_PTR_NULL(result_find(&r, "top05.kmer"));
  result_free(&r);
  // Both strands: each k-mer counts its reverse complement too. ACGT and GTAC are their
  // own; CGTA and TACG are each other's: ACGT 8, GTAC 4, CGTA 3, TACG 3.
  snprintf(command, sizeof command, BIN_DIR "/genomics-serial --k 4 %s", path);
  CU_ASSERT_EQUAL_FATAL(exercise_run_to_result(command, "hand2", &r, err, sizeof err), 0);
  CU_ASSERT_EQUAL(field(&r, "strands"), 2);
  CU_ASSERT_EQUAL(field(&r, "kmers"), 18);
  const char *order2[] = {"ACGT", "GTAC", "CGTA", "TACG"};
  const long long count2[] = {8, 4, 3, 3};
  for (int t = 0; t < 4; t++) {
    char name[32];
    snprintf(name, sizeof name, "top%02d.kmer", t + 1);
    CU_ASSERT_STRING_EQUAL(text(&r, name), order2[t]);
    snprintf(name, sizeof name, "top%02d.count", t + 1);
    CU_ASSERT_EQUAL(field(&r, name), count2[t]);
  }
  result_free(&r);
  // Lower case (soft-masked repeats) and "\r\n" line ends change nothing.
  scratch_file("hand-crlf.fa", ">chr1 hand made\r\nacgta\r\nCGTNA\r\ncgt\r\n>chr2\r\nACGTAC\r\n",
               path, sizeof path);
  snprintf(command, sizeof command, BIN_DIR "/genomics-serial --k 4 %s", path);
  CU_ASSERT_EQUAL_FATAL(exercise_run_to_result(command, "hand3", &r, err, sizeof err), 0);
  CU_ASSERT_EQUAL(field(&r, "kmers"), 18);
  CU_ASSERT_STRING_EQUAL(text(&r, "top02.kmer"), "GTAC");
  result_free(&r);
}

// The generated genome: the serial facts that hold for any seed.
static void
test_serial_genome(void)
{
  struct result a = {0}, b = {0};
  long size = exercise_spec.size_test;
  exercise_serial_result(seeds[0], size, "", &a);
  exercise_serial_result(seeds[1], size, "", &b);
  CU_ASSERT_EQUAL(field(&a, "k"), 8);
  CU_ASSERT_EQUAL(field(&a, "strands"), 2);
  // Both strands: an even count; fewer k-mers than bases (the N runs, the borders).
  CU_ASSERT(field(&a, "kmers") % 2 == 0);
  CU_ASSERT(field(&a, "kmers") > size && field(&a, "kmers") < 2 * size);
  CU_ASSERT(field(&a, "distinct") > 1000 && field(&a, "distinct") <= field(&a, "kmers"));
  // Twenty of them, most frequent first; repeats make the top ones far above average.
  CU_ASSERT_PTR_NOT_NULL(result_find(&a, "top20.count"));
  for (int t = 1; t < 20; t++) {
    char one[32], next[32];
    snprintf(one, sizeof one, "top%02d.count", t);
    snprintf(next, sizeof next, "top%02d.count", t + 1);
    CU_ASSERT(field(&a, one) >= field(&a, next));
  }
  CU_ASSERT(field(&a, "top01.count") > 50);
  CU_ASSERT(field(&a, "checksum") != field(&b, "checksum"));
  result_free(&a);
  result_free(&b);
}

// A skeleton as it comes: one worker does everything, whatever --workers says.
static void test_skeleton_embarrassing(void) { exercise_check_version("genomics-embarrassing", 0, "", seeds, NSEEDS); }
static void test_skeleton_openmp(void) { exercise_check_version("genomics-openmp", 0, "", seeds, NSEEDS); }
static void test_skeleton_mpi(void) { exercise_check_version("genomics-mpi", 1, "", seeds, NSEEDS); }

// The embarrassing solution cuts eight ranges per worker while the tables are small
// (k <= 9) and one above, so every version runs at k = 10 as well.
static void
test_solution_embarrassing(void)
{
  char path[512], args[600];
  exercise_check_version("solutions/genomics-embarrassing", 0, "", seeds, NSEEDS);
  exercise_input(seeds[0], exercise_spec.size_test, path, sizeof path);
  snprintf(args, sizeof args, "--k 10 %s", path);
  check_all_versions(args);
}

static void test_solution_mpi(void) { exercise_check_version("solutions/genomics-mpi", 1, "", seeds, NSEEDS); }

static void
test_solution_openmp(void)
{
  exercise_check_version("solutions/genomics-openmp", 0, "--merge private", seeds, NSEEDS);
  exercise_check_version("solutions/genomics-openmp", 0, "--merge atomic", seeds, NSEEDS);
}

// The lesson's pitfall, made certain: a file of one 40-base line, so that 2 workers
// cut it at byte split_block(0, 2, size).end, in the middle of the line, with 7
// k-mers of 8 bases (the default k) across that border, and 3 workers cut it twice.
// A version that reads no overlap loses them; one that counts the overlap twice has
// too many.
static void
test_border_inside_kmers(void)
{
  const char *header = ">chr1 one line\n";
  const char *line = "ACGGTCAATGCCATTGAGCTTACGGATCCAGTTGCAACTG";
  char file[256], path[512], args[600];
  snprintf(file, sizeof file, "%s%s\n", header, line);
  size_t size = strlen(file), start = strlen(header), end = start + strlen(line);
  struct range half = split_block(0, 2, size);
  CU_ASSERT(half.end >= start + 7 && half.end + 7 <= end);  // 7 k-mers across it
  for (size_t p = 0; p < 2; p++) {
    struct range third = split_block(p, 3, size);
    CU_ASSERT(third.end > start && third.end < end);
  }
  scratch_file("border.fa", file, path, sizeof path);
  snprintf(args, sizeof args, "%s", path);
  check_all_versions(args);
  // The hand-made file at k = 4, one strand: borders fall in lines, headers, an N.
  scratch_file("hand.fa", hand_made, path, sizeof path);
  snprintf(args, sizeof args, "--k 4 --strands 1 %s", path);
  check_all_versions(args);
}

// The serial program reads the file a block at a time (1 MiB): the counts must not
// depend on where the blocks end. Blocks of a few bytes put a seam in every line,
// header and run of N of the hand-made file, and hundreds into the test genome.
static void
test_serial_blocks(void)
{
  char path[512], command[1024], input[600], err[512], msg[512];
  struct result r = {0}, whole = {0};
  scratch_file("hand.fa", hand_made, path, sizeof path);
  for (int block = 1; block <= 8; block++) {
    snprintf(command, sizeof command, BIN_DIR "/genomics-serial --k 4 --strands 1 --block %d %s",
             block, path);
    CU_ASSERT_EQUAL_FATAL(exercise_run_to_result(command, "blocks", &r, err, sizeof err), 0);
    CU_ASSERT_EQUAL(field(&r, "kmers"), 9);  // as counted by hand above
    CU_ASSERT_EQUAL(field(&r, "top01.count"), 4);
    CU_ASSERT_EQUAL(field(&r, "top04.count"), 1);
    result_free(&r);
  }
  exercise_input(seeds[0], exercise_spec.size_test, input, sizeof input);
  exercise_serial_result(seeds[0], exercise_spec.size_test, "", &whole);  // one block
  snprintf(command, sizeof command, BIN_DIR "/genomics-serial --block 997 %s", input);
  CU_ASSERT_EQUAL_FATAL(exercise_run_to_result(command, "blocks997", &r, err, sizeof err), 0);
  int match = exercise_matches_serial(&whole, &r, msg, sizeof msg);
  if (!match)
    printf("\n  --block 997: %s", msg);
  CU_ASSERT_TRUE(match);
  result_free(&r);
  result_free(&whole);
  // Every version reads 1 MiB blocks too (the OpenMP solution shares them among its
  // threads): a genome of about 3.5 blocks, so that there are seams to get wrong.
  exercise_input(seeds[0], 3500000, input, sizeof input);
  check_all_versions(input);
  snprintf(command, sizeof command, "--block 0 %s", path);
  exercise_expect_rejected("genomics-serial", command,
                           "--block: expected a whole number from 1 to 1073741824, got '0'");
}

// Runs shares 0..count-1 of the genome of seed 7 as separate commands (--shard
// i/count), then --combine on all but share `skip` (-1: none). Returns the combine's
// exit status, its first line of stderr in err; a combine that succeeds must equal
// serial.
static int
run_shards(const char *binary, int count, int skip, char *err, size_t errlen)
{
  char command[4096], input[600], msg[512];
  exercise_input(7, exercise_spec.size_test, input, sizeof input);
  int used = snprintf(command, sizeof command, BIN_DIR "/%s --combine", binary);
  for (int i = 0; i < count; i++) {
    char shard_command[1024], path[600];
    snprintf(path, sizeof path, "%s/part%d.txt", exercise_scratch, i);
    snprintf(shard_command, sizeof shard_command, BIN_DIR "/%s --shard %d/%d --output %s %s",
             binary, i, count, path, input);
    CU_ASSERT_EQUAL(program_run(shard_command, err, errlen), 0);
    if (i != skip)
      used += snprintf(command + used, sizeof command - (size_t)used, " %s", path);
  }
  struct result combined = {0}, expected = {0};
  int status = exercise_run_to_result(command, "combined", &combined, err, errlen);
  if (status == 0) {
    exercise_serial_result(7, exercise_spec.size_test, "", &expected);
    int match = exercise_matches_serial(&expected, &combined, msg, sizeof msg);
    if (!match)
      printf("\n  %s shards combined: %s", binary, msg);
    CU_ASSERT_TRUE(match);
  }
  result_free(&expected);
  result_free(&combined);
  return status;
}

static void
test_shards_combine(void)
{
  char err[512];
  // The skeleton's one share is the whole file; the solution's borders fall anywhere.
  CU_ASSERT_EQUAL(run_shards("genomics-embarrassing", 1, -1, err, sizeof err), 0);
  CU_ASSERT_EQUAL(run_shards("solutions/genomics-embarrassing", 3, -1, err, sizeof err), 0);
  CU_ASSERT_EQUAL(run_shards("solutions/genomics-embarrassing", 7, -1, err, sizeof err), 0);
}

static void
test_combine_errors(void)
{
  char err[512], path[512], command[2048];
  CU_ASSERT_EQUAL(run_shards("solutions/genomics-embarrassing", 3, 1, err, sizeof err), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "share 1/3 is missing"));
  // The same share twice, and a file that is not a share.
  snprintf(command, sizeof command,
           BIN_DIR "/solutions/genomics-embarrassing --combine %s/part0.txt %s/part0.txt",
           exercise_scratch, exercise_scratch);
  CU_ASSERT_EQUAL(program_run(command, err, sizeof err), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "share 0/3 given twice"));
  scratch_file("notashare.txt", "k 11\n", path, sizeof path);
  snprintf(command, sizeof command, BIN_DIR "/solutions/genomics-embarrassing --combine %s",
           path);
  CU_ASSERT_EQUAL(program_run(command, err, sizeof err), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a partial count file"));
}

// A missing file, an empty one, one that is not FASTA, no file, k out of range: one
// line that names it, status 2, from every program.
static void
test_bad_input(void)
{
  const char *programs[] = {"genomics-serial", "genomics-embarrassing", "genomics-openmp",
                            "genomics-mpi", "solutions/genomics-embarrassing",
                            "solutions/genomics-openmp", "solutions/genomics-mpi"};
  char empty[512], fastq[512], good[512], args[600], want[600];
  scratch_file("empty.fa", "", empty, sizeof empty);
  scratch_file("reads.fq", "@read1\nACGT\n+\nIIII\n", fastq, sizeof fastq);
  scratch_file("good.fa", hand_made, good, sizeof good);
  for (size_t p = 0; p < sizeof programs / sizeof programs[0]; p++) {
    exercise_expect_rejected(programs[p], "/nonexistent/genome.fa",
                             "error: /nonexistent/genome.fa: No such file or directory");
    snprintf(want, sizeof want, "error: %s: empty file", empty);
    exercise_expect_rejected(programs[p], empty, want);
    snprintf(want, sizeof want, "error: %s: not a FASTA file (it starts with '@'", fastq);
    exercise_expect_rejected(programs[p], fastq, want);
    exercise_expect_rejected(programs[p], "", "error: expected one FASTA FILE");
    snprintf(args, sizeof args, "%s %s", good, good);
    exercise_expect_rejected(programs[p], args, "error: expected one FASTA FILE");
    snprintf(args, sizeof args, "--k 13 %s", good);
    exercise_expect_rejected(programs[p], args,
                             "--k: expected a whole number from 4 to 12, got '13'");
    snprintf(args, sizeof args, "--k 3 %s", good);
    exercise_expect_rejected(programs[p], args,
                             "--k: expected a whole number from 4 to 12, got '3'");
  }
  snprintf(args, sizeof args, "--merge sometimes %s", good);
  exercise_expect_rejected("solutions/genomics-openmp", args,
                           "--merge: expected private or atomic, got 'sometimes'");
}

static int
suite_setup(void)
{
  return exercise_open(EXERCISE_DIR "/exercise.ini", BIN_DIR, "genomics");
}

static int
suite_teardown(void)
{
  return exercise_close();
}

static void
register_genomics(void)
{
  CU_pSuite suite = CU_add_suite("04-genomics", suite_setup, suite_teardown);
  CU_add_test(suite, "serial: k-mers counted by hand (line breaks, N, two records)",
              test_serial_by_hand);
  CU_add_test(suite, "serial: a generated genome", test_serial_genome);
  CU_add_test(suite, "blocks: the counts do not depend on where they end", test_serial_blocks);
  CU_add_test(suite, "skeleton embarrassing = serial at 1-4 workers", test_skeleton_embarrassing);
  CU_add_test(suite, "skeleton openmp = serial at 1-4 workers", test_skeleton_openmp);
  CU_add_test(suite, "skeleton mpi = serial at 1-4 ranks", test_skeleton_mpi);
  CU_add_test(suite, "solution embarrassing, k 8 and 10 = serial at 1-4 workers",
              test_solution_embarrassing);
  CU_add_test(suite, "solution openmp, private and atomic = serial at 1-4",
              test_solution_openmp);
  CU_add_test(suite, "solution mpi = serial at 1-4 ranks", test_solution_mpi);
  CU_add_test(suite, "borders inside k-mers: every version = serial", test_border_inside_kmers);
  CU_add_test(suite, "shards run alone, then combined = serial", test_shards_combine);
  CU_add_test(suite, "combine names a missing, doubled or foreign share", test_combine_errors);
  CU_add_test(suite, "bad input: one line naming it, status 2", test_bad_input);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_genomics};
  return runner_main(registers, 1);
}
