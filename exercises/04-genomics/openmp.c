// Counting the k-mers of a genome with OpenMP threads: the skeleton you complete (README.md, step 2).
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fasta.h"
#include "result.h"
#include "timer.h"

#define K_MIN 4    // shorter k-mers say little
#define K_MAX 12   // 4^12 counts of 4 bytes: 64 MiB, the most a table may take here
#define TOP 20     // how many of the most frequent k-mers the result lists
#define BLOCK_BYTES (1 << 20)  // the file is read 1 MiB at a time

// A base's 2-bit code plus one: A, C, G, T are 1 to 4, in either case (lower case
// marks repeats, which are bases all the same); 0 for anything else, such as N (an
// unknown base), which no k-mer may hold.
static const unsigned char base_code[256] = {
  ['A'] = 1, ['C'] = 2, ['G'] = 3, ['T'] = 4, ['a'] = 1, ['c'] = 2, ['g'] = 3, ['t'] = 4,
};

// slide: count-kmers
// Adds the k-mers that start among the owned bases of every stretch of c to the table
// of 4^k counts; with strands == 2, each one's reverse complement (the same stretch
// of DNA read on the other strand) too. A k-mer's index is its bases as a number in
// base 4 (A = 0, C = 1, G = 2, T = 3), so index order is alphabetical order.
// Returns how many k-mers it counted. (noinline: merged into main, gcc 12 at -O2
// made this loop about 10% slower, measured; the baseline must not pay for that.)
__attribute__((noinline)) static long long
count_kmers(const struct fasta_chunk *c, int k, int strands, uint32_t *table)
{
  const uint32_t mask = ((uint32_t)1 << (2 * k)) - 1;
  long long counted = 0;
  for (size_t s = 0; s < c->nstretches; s++) {
    const struct fasta_stretch *st = &c->stretches[s];
    const char *b = c->bases + st->start;
    // The last k-mer to count starts at owned - 1, so it ends at owned + k - 2.
    size_t end = st->owned + (size_t)k - 1 < st->length ? st->owned + (size_t)k - 1
                                                        : st->length;
    uint32_t fwd = 0, rev = 0;
    int run = 0;  // bases since the last N: a k-mer needs k of them
    for (size_t i = 0; i < end; i++) {
      int x = base_code[(unsigned char)b[i]] - 1;
      if (x < 0) {
        run = 0;
        continue;
      }
      fwd = ((fwd << 2) | (uint32_t)x) & mask;
      rev = (rev >> 2) | ((uint32_t)(3 - x) << (2 * k - 2));
      if (++run >= k) {
        table[fwd]++;
        if (strands == 2)
          table[rev]++;
        counted += strands;
      }
    }
  }
  return counted;
}
// end slide

// Counts the k-mers that start in bytes [begin, end) of the file into table, reading
// `block` bytes at a time, so that memory stays small however big the genome. A
// block reads k - 1 bases on into the next one, for the k-mers that start in it and
// end there; count_kmers counts only the k-mers that start among a block's own
// bases, so each one is counted once. The last block reads `overlap` bases past
// `end`. Returns how many k-mers it counted, or -1 after printing a read error.
static long long
count_range(const struct fasta *f, long long begin, long long end, size_t overlap,
            long long block, int k, int strands, uint32_t *table, const char *program)
{
  struct fasta_chunk chunk = {0};
  char err[FASTA_PATH_MAX + 128];
  long long counted = 0;
  for (long long at = begin; at < end; at += block) {
    long long stop = end - at > block ? at + block : end;
    if (fasta_read(f, at, stop, stop < end ? (size_t)k - 1 : overlap, &chunk, err,
                   sizeof err) != 0) {
      fprintf(stderr, "%s: %s\n", program, err);
      counted = -1;
      break;
    }
    counted += count_kmers(&chunk, k, strands, table);
  }
  fasta_chunk_free(&chunk);
  return counted;
}

// What the result reports about a table besides the total.
struct summary {
  long long distinct;  // k-mers seen at least once
  long long checksum;  // a hash of every count, in index order
  int ntop;
  uint32_t top[TOP], top_count[TOP];  // most frequent first, ties alphabetical
};

static void
summarise(const uint32_t *table, int k, struct summary *s)
{
  size_t cells = (size_t)1 << (2 * k);
  uint64_t h = 0xcbf29ce484222325ULL;
  *s = (struct summary){0};
  for (size_t i = 0; i < cells; i++) {
    uint32_t n = table[i];
    h = (h ^ n) * 0x100000001b3ULL;
    if (n == 0)
      continue;
    s->distinct++;
    // Insert behind every count as large: a k-mer seen earlier (alphabetically
    // first) stays ahead of a later one with the same count.
    if (s->ntop == TOP && n <= s->top_count[TOP - 1])
      continue;
    int at = s->ntop < TOP ? s->ntop++ : TOP - 1;
    for (; at > 0 && s->top_count[at - 1] < n; at--) {
      s->top[at] = s->top[at - 1];
      s->top_count[at] = s->top_count[at - 1];
    }
    s->top[at] = (uint32_t)i;
    s->top_count[at] = n;
  }
  // Cut to 48 bits, so that the number stays exact in the result file.
  s->checksum = (long long)((h ^ (h >> 48)) & 0xffffffffffffULL);
}

// Writes k, strands, kmers, distinct, topNN.kmer and topNN.count, checksum.
static int
write_results(int k, int strands, long long kmers, const struct summary *s, double seconds,
              const char *path, const char *program)
{
  struct result r = {0};
  result_add_int(&r, "k", k);
  result_add_int(&r, "strands", strands);
  result_add_int(&r, "kmers", kmers);
  result_add_int(&r, "distinct", s->distinct);
  for (int t = 0; t < s->ntop; t++) {
    char name[RESULT_NAME_MAX], kmer[K_MAX + 1];
    for (int j = 0; j < k; j++)
      kmer[j] = "ACGT"[(s->top[t] >> (2 * (k - 1 - j))) & 3];
    kmer[k] = '\0';
    snprintf(name, sizeof name, "top%02d.kmer", t + 1);
    result_add_text(&r, name, kmer);
    snprintf(name, sizeof name, "top%02d.count", t + 1);
    result_add_int(&r, name, s->top_count[t]);
  }
  result_add_int(&r, "checksum", s->checksum);
  result_add_double(&r, "kernel_seconds", seconds);
  int status = result_save(&r, path, program) == 0 ? 0 : 1;
  result_free(&r);
  return status;
}

// Opens the one FASTA FILE of the command line. A missing file or one that is not
// FASTA is a bad argument: one line naming it, exit status 2.
static void
input_open_or_exit(const char *program, const struct cli_args *args, struct fasta *f)
{
  char err[FASTA_PATH_MAX + 128] = "";
  if (args->nfiles != 1)
    snprintf(err, sizeof err, "expected one FASTA FILE (genomics-generate writes one), got %d",
             args->nfiles);
  else
    fasta_open(f, args->files[0], err, sizeof err);
  if (err[0]) {
    fprintf(stderr, "%s: error: %s\n", program, err);
    exit(2);
  }
}

// A table of 4^k counts, all zero.
static uint32_t *
table_new(int k)
{
  uint32_t *table = calloc((size_t)1 << (2 * k), sizeof *table);
  if (!table) {
    perror("genomics");
    exit(1);
  }
  return table;
}


// --merge: how the threads' counts come together. Returns 1 for atomic.
static int
merge_parse_or_exit(const char *program, const char *text)
{
  if (strcmp(text, "private") == 0 || strcmp(text, "atomic") == 0)
    return strcmp(text, "atomic") == 0;
  fprintf(stderr, "%s: error: --merge: expected private or atomic, got '%s'\n", program, text);
  exit(2);
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000000, .seed = 1, .accepts_files = 1};
  long k = 8, strands = 2;
  const char *merge = "private";
  struct cli_option options[] = {
    {"k", CLI_LONG, &k, "K", "k-mer length", K_MIN, K_MAX},
    {"strands", CLI_LONG, &strands, "S",
     "1: the k-mers of the sequence as written; 2: of both strands of the DNA", 1, 2},
    {"merge", CLI_STRING, &merge, "HOW",
     "private (a table per thread, added up at the end) or atomic (README.md, step 2)", 0, 0},
  };
  cli_parse_or_exit(argc, argv,
                    "Count every k-mer of the genome in the FASTA FILE (OpenMP threads;\n"
                    "--workers sets the thread count, else OMP_NUM_THREADS). --size and --seed\n"
                    "are accepted and ignored: FILE is the input.",
                    &args, options, 3);
  if (args.workers > 0)
    omp_set_num_threads(args.workers);
  int atomic = merge_parse_or_exit("genomics-openmp", merge);
  struct fasta f;
  input_open_or_exit("genomics-openmp", &args, &f);
  uint32_t *table = table_new((int)k);
  struct summary s;
  long long kmers = 0;
  int failed = 0;

  double start = timer_now();
  // TODO(README step 2): one thread reads and counts every block of the file (the
  // loop in count_range). Share the blocks among the threads: write that loop here,
  // in a parallel region, and let each thread count its blocks into a table of its
  // own, added up at the end (--merge private); or let all count into the one table,
  // each ++ an atomic update (--merge atomic).
  (void)atomic;
  kmers = count_range(&f, 0, f.size, 0, BLOCK_BYTES, (int)k, (int)strands, table,
                      "genomics-openmp");
  failed = kmers < 0;
  if (failed)
    return 1;
  summarise(table, (int)k, &s);
  double seconds = timer_since(start);

  int status = write_results((int)k, (int)strands, kmers, &s, seconds, args.output,
                             "genomics-openmp");
  fasta_close(&f);
  free(table);
  return status;
}
