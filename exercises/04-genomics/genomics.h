// The k-mer counting that serial.c and every parallel version share: the base codes,
// count_kmers, count_range (a byte range of the FILE, a block at a time), a new table,
// its summary and the result lines, and the check of the FILE argument. Then what only
// one approach uses, the same in its skeleton and its solution: embarrassing.c's
// partial tables with --shard's files and --combine, and openmp.c's --merge. The
// versions differ only in how they share the file out, so that is all their own files
// hold. (The grader compiles every version with this file as it stands here, in
// exercises/04-genomics, whatever was submitted.)
#ifndef GENOMICS_H
#define GENOMICS_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fasta.h"
#include "result.h"
#include "split.h"

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
// (The OpenMP solution shares this loop's blocks among its threads, so it has the
// loop itself: `unused` keeps -Wunused-function quiet there.)
__attribute__((unused)) static long long
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

// A table of 4^k counts, all zero. (embarrassing.c counts into the tables of its
// struct partial: `unused` there.)
__attribute__((unused)) static uint32_t *
table_new(int k)
{
  uint32_t *table = calloc((size_t)1 << (2 * k), sizeof *table);
  if (!table) {
    perror("genomics");
    exit(1);
  }
  return table;
}

// For embarrassing.c alone, skeleton and solution: the tables its shares send back,
// and --shard's partial files with --combine to add them up. `unused` keeps
// -Wunused-function quiet in the other versions (what only these call needs no mark).

// What one share sends back: the counts of the k-mers that start in its bytes.
struct partial {
  long long kmers;
  uint32_t table[];  // 4^k counts
};

// Adds the counts of `parts` partial tables (each `size` bytes apart) into the first.
__attribute__((unused)) static void
merge_partials(char *parts, size_t n, size_t size, int k)
{
  struct partial *into = (struct partial *)parts;
  size_t cells = (size_t)1 << (2 * k);
  for (size_t t = 1; t < n; t++) {
    const struct partial *p = (const struct partial *)(parts + t * size);
    into->kmers += p->kmers;
    for (size_t i = 0; i < cells; i++)
      into->table[i] += p->table[i];
  }
}

// A share run alone (--shard I/N) writes its counts as text: a few header lines,
// then "KMER COUNT" for every k-mer it saw, in alphabetical order.
__attribute__((unused)) static int
partial_save(const struct partial *p, int k, int strands, struct shard sh, const char *path)
{
  FILE *out = path ? fopen(path, "w") : stdout;
  if (!out) {
    fprintf(stderr, "genomics-embarrassing: cannot write %s: %s\n", path, strerror(errno));
    return 1;
  }
  fprintf(out, "# genomics-embarrassing partial counts: join the shares with --combine\n");
  fprintf(out, "share %d/%d\nk %d\nstrands %d\nkmers %lld\n", sh.index, sh.count, k, strands,
          p->kmers);
  char kmer[K_MAX + 1] = "";
  for (size_t i = 0; i < (size_t)1 << (2 * k); i++) {
    if (p->table[i] == 0)
      continue;
    for (int j = 0; j < k; j++)
      kmer[j] = "ACGT"[(i >> (2 * (k - 1 - j))) & 3];
    kmer[k] = '\0';
    fprintf(out, "%s %u\n", kmer, p->table[i]);
  }
  if ((out != stdout ? fclose(out) : fflush(out)) != 0) {
    fprintf(stderr, "genomics-embarrassing: cannot write %s\n", path ? path : "the output");
    return 1;
  }
  return 0;
}

// What a partial file says about its run; a combine needs them all to agree.
struct share_header {
  int index, count, k, strands;
  long long kmers;
};

// Reads the header of a partial file. Returns 0, or -1 with a line in err.
static int
partial_header(FILE *in, const char *path, struct share_header *h, int *line, char *err,
               size_t errlen)
{
  char text[256], extra;
  int got = 0;
  while (got < 4 && fgets(text, sizeof text, in)) {
    ++*line;
    if (text[0] == '#')
      continue;
    int ok = got == 0 ? sscanf(text, "share %d/%d %c", &h->index, &h->count, &extra) == 2 &&
                          h->count >= 1 && h->index >= 0 && h->index < h->count
           : got == 1 ? sscanf(text, "k %d %c", &h->k, &extra) == 1 && h->k >= K_MIN &&
                          h->k <= K_MAX
           : got == 2 ? sscanf(text, "strands %d %c", &h->strands, &extra) == 1 &&
                          (h->strands == 1 || h->strands == 2)
                      : sscanf(text, "kmers %lld %c", &h->kmers, &extra) == 1 && h->kmers >= 0;
    if (!ok)
      break;
    got++;
  }
  if (got < 4)
    snprintf(err, errlen, "%s: not a partial count file from --shard (it needs the lines "
             "share, k, strands and kmers)", path);
  return got == 4 ? 0 : -1;
}

// Adds the "KMER COUNT" lines of a partial file to table. Returns 0, or -1.
static int
partial_counts(FILE *in, const char *path, int k, uint32_t *table, int line, char *err,
               size_t errlen)
{
  char text[256];
  while (fgets(text, sizeof text, in)) {
    line++;
    uint32_t index = 0;
    int j = 0, ok = 1;
    for (; j < k && ok; j++) {
      int x = base_code[(unsigned char)text[j]] - 1;
      ok = x >= 0 && text[j] >= 'A' && text[j] <= 'Z';
      index = (index << 2) | (uint32_t)(x & 3);
    }
    char *end;
    errno = 0;
    unsigned long n = ok && text[k] == ' ' ? strtoul(text + k + 1, &end, 10) : 0;
    if (!ok || text[k] != ' ' || text[k + 1] < '0' || text[k + 1] > '9' || errno ||
        n > UINT32_MAX || (*end != '\n' && *end != '\0')) {
      text[strcspn(text, "\n")] = '\0';
      snprintf(err, errlen, "%s: line %d: expected 'KMER COUNT' with a k-mer of %d bases, "
               "got '%.40s'", path, line, k, text);
      return -1;
    }
    table[index] += (uint32_t)n;
  }
  return 0;
}

// The combine step for shares run as separate commands: adds up the partial tables,
// checking that every share of one run is there once. Returns the sum (kmers and
// table, k and strands set), or NULL after printing one line that says why.
__attribute__((unused)) static struct partial *
combine_files(char **files, int nfiles, int *k, int *strands)
{
  struct share_header first = {0}, h;
  struct partial *sum = NULL;
  unsigned char *seen = NULL;
  int ok = nfiles > 0;
  char err[FASTA_PATH_MAX + 256] = "--combine needs the partial FILEs that --shard wrote";
  for (int f = 0; ok && f < nfiles; f++) {
    int line = 0;
    FILE *in = fopen(files[f], "r");
    if (!in) {
      snprintf(err, sizeof err, "%s: %s", files[f], strerror(errno));
      ok = 0;
      break;
    }
    ok = partial_header(in, files[f], &h, &line, err, sizeof err) == 0;
    if (ok && f == 0) {
      first = h;
      seen = calloc((size_t)h.count, 1);
      sum = calloc(1, sizeof *sum + (sizeof(uint32_t) << (2 * h.k)));
      if (!seen || !sum)
        ok = 0, snprintf(err, sizeof err, "out of memory");
    } else if (ok && (h.count != first.count || h.k != first.k || h.strands != first.strands)) {
      ok = 0, snprintf(err, sizeof err, "%s: share %d/%d with k %d, strands %d is not of the "
                       "same run as %s (share %d/%d, k %d, strands %d)", files[f], h.index,
                       h.count, h.k, h.strands, files[0], first.index, first.count, first.k,
                       first.strands);
    }
    if (ok && seen[h.index])
      ok = 0, snprintf(err, sizeof err, "%s: share %d/%d given twice", files[f], h.index,
                       h.count);
    if (ok) {
      seen[h.index] = 1;
      sum->kmers += h.kmers;
      ok = partial_counts(in, files[f], h.k, sum->table, line, err, sizeof err) == 0;
    }
    fclose(in);
  }
  for (int i = 0; ok && i < first.count; i++)
    if (!seen[i])
      ok = 0, snprintf(err, sizeof err, "share %d/%d is missing", i, first.count);
  free(seen);
  if (!ok) {
    fprintf(stderr, "genomics-embarrassing: %s\n", err);
    free(sum);
    return NULL;
  }
  *k = first.k;
  *strands = first.strands;
  return sum;
}

// For openmp.c alone, skeleton and solution (`unused` in the others).
// --merge: how the threads' counts come together. Returns 1 for atomic.
__attribute__((unused)) static int
merge_parse_or_exit(const char *program, const char *text)
{
  if (strcmp(text, "private") == 0 || strcmp(text, "atomic") == 0)
    return strcmp(text, "atomic") == 0;
  fprintf(stderr, "%s: error: --merge: expected private or atomic, got '%s'\n", program, text);
  exit(2);
}

#endif
