// The input of 04-genomics: a synthetic genome, written as a FASTA file.
//
// Real genomes are far from random letters: they hold runs of unknown bases (N),
// short units repeated many times (microsatellites such as CACACA...), many copies of
// a few mobile elements (transposons, soft-masked in lower case), and regions richer
// or poorer in G and C. This one has all four, so the most frequent k-mers say
// something. Every base is a pure function of (seed, record, position): the genome
// could be drawn in chunks, by any number of workers, and come out the same.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "prng.h"

#define SEGMENT 500        // bases drawn with one kind of sequence
#define FAMILIES 8         // families of mobile elements, each ELEMENT bases long
#define ELEMENT 300
#define MAX_RECORDS 5      // chromosomes; fewer for a small genome
#define MAX_BASES 1000000000LL

struct genome {
  uint64_t seed;
  int width;     // bases per line: 60 or 70, as in common genome files
  int records;
  long long length[MAX_RECORDS];
  char family[FAMILIES][ELEMENT];
};

static char
random_base(uint64_t u)
{
  return "ACGT"[u & 3];
}

// Fills out[0..n) with the bases of segment s of record r (n <= SEGMENT).
static void
segment(const struct genome *g, int r, long long s, char *out, int n)
{
  uint64_t key = prng_key(prng_key(g->seed, (uint64_t)r), (uint64_t)s);
  uint64_t u = prng_u64(key, 0);
  int kind = (int)(u % 100), gap = 0;
  if (s == 0)  // a chromosome starts with a gap of unknown bases
    gap = 50 + (int)((u >> 8) % 400);
  else if (kind < 2)
    gap = 1 + (int)((u >> 8) % SEGMENT);
  if (s > 0 && kind >= 2 && kind < 5) {
    // A microsatellite: a unit of 1 to 6 bases over and over, with rare slips.
    int unit = 1 + (int)((u >> 8) % 6);
    uint64_t bases = prng_u64(key, 1);
    for (int j = 0; j < n; j++) {
      uint64_t v = prng_u64(key, 2 + (uint64_t)j);
      out[j] = v % 100 == 0 ? random_base(v >> 8) : random_base(bases >> (2 * (j % unit)));
    }
    return;
  }
  if (s > 0 && kind >= 5 && kind < 15) {
    // A copy of a mobile element, 3% of its bases mutated, soft-masked (lower case).
    const char *e = g->family[(u >> 8) % FAMILIES];
    int from = (int)((u >> 16) % ELEMENT);
    for (int j = 0; j < n; j++) {
      uint64_t v = prng_u64(key, 1 + (uint64_t)j);
      char b = v % 100 < 3 ? random_base(v >> 8) : e[(from + j) % ELEMENT];
      out[j] = (char)(b | 0x20);
    }
    return;
  }
  // Unique sequence, 36% to 52% G or C, after the gap if there is one.
  double gc = 0.36 + 0.16 * (double)((u >> 16) % 1000) / 1000.0;
  for (int j = 0; j < n; j++) {
    uint64_t v = prng_u64(key, 1 + (uint64_t)j);
    double x = (double)(v >> 11) * 0x1.0p-53;
    out[j] = j < gap ? 'N' : x < gc ? "CG"[v & 1] : "AT"[v & 1];
  }
}

// The shape of the genome: records from the size, line width and elements from the seed.
static void
genome_init(struct genome *g, uint64_t seed, long long size)
{
  g->seed = seed;
  g->width = prng_u64(prng_key(seed, 1000), 0) & 1 ? 70 : 60;
  g->records = size < 50000 ? 1 : (int)(1 + (size / 50000 < 4 ? size / 50000 : 4));
  // Chromosome r gets a share that falls with r, as chr1 is the largest.
  long long weights = 0, given = 0;
  for (int r = 0; r < g->records; r++)
    weights += g->records + 1 - r;
  for (int r = 0; r < g->records; r++) {
    g->length[r] = r == g->records - 1 ? size - given : size * (g->records + 1 - r) / weights;
    given += g->length[r];
  }
  for (int f = 0; f < FAMILIES; f++) {
    uint64_t key = prng_key(seed, 2000 + (uint64_t)f);
    for (int j = 0; j < ELEMENT; j++)
      g->family[f][j] = random_base(prng_u64(key, (uint64_t)j));
  }
}

// Writes record r: its header, then its bases g->width to a line.
static int
write_record(const struct genome *g, int r, FILE *out)
{
  char bases[SEGMENT];
  long long len = g->length[r], col = 0;
  fprintf(out, ">chr%d synthetic genome, seed %llu, %lld bases\n", r + 1,
          (unsigned long long)g->seed, len);
  for (long long s = 0; s * SEGMENT < len; s++) {
    int n = len - s * SEGMENT < SEGMENT ? (int)(len - s * SEGMENT) : SEGMENT;
    segment(g, r, s, bases, n);
    for (int j = 0; j < n;) {
      int take = g->width - (int)col < n - j ? g->width - (int)col : n - j;
      fwrite(bases + j, 1, (size_t)take, out);
      j += take;
      col += take;
      if (col == g->width) {
        fputc('\n', out);
        col = 0;
      }
    }
  }
  if (col > 0)
    fputc('\n', out);
  return ferror(out) ? -1 : 0;
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 100000, .seed = 1};
  cli_parse_or_exit(argc, argv,
                    "Write a synthetic genome of about --size bases as a FASTA file (the\n"
                    "input of the genomics programs): records of 60 or 70 bases a line, with\n"
                    "runs of N, microsatellites and soft-masked copies of mobile elements.",
                    &args, NULL, 0);
  if (args.size > MAX_BASES) {
    fprintf(stderr, "genomics-generate: error: --size: at most %lld bases\n", MAX_BASES);
    return 2;
  }
  static struct genome g;
  genome_init(&g, args.seed, args.size);
  FILE *out = args.output ? fopen(args.output, "w") : stdout;
  if (!out) {
    perror(args.output);
    return 1;
  }
  int failed = 0;
  for (int r = 0; r < g.records && !failed; r++)
    failed = write_record(&g, r, out) != 0;
  if ((out != stdout ? fclose(out) : fflush(out)) != 0 || failed) {
    fprintf(stderr, "genomics-generate: cannot write %s\n", args.output ? args.output : "output");
    return 1;
  }
  return 0;
}
