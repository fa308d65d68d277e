// Tests for fasta.c: opening, whole-file reads, byte ranges and their overlap.
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fasta.h"
#include "suites.h"

static char dir[] = "/tmp/test-fasta-XXXXXX";

// Writes text to DIR/name; path gets the file's path.
static void
write_file(const char *name, const char *text, char *path, size_t len)
{
  snprintf(path, len, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs(text, f);
  fclose(f);
}

// Opens a file holding text; fails the test when it is not accepted.
static void
open_text(const char *text, struct fasta *f)
{
  char path[256], err[512] = "";
  write_file("t.fa", text, path, sizeof path);
  int rc = fasta_open(f, path, err, sizeof err);
  if (rc != 0)
    printf("\n  %s", err);
  CU_ASSERT_EQUAL_FATAL(rc, 0);
}

// The bases of stretch s of c as a C string (at most 255 of them).
static const char *
stretch_text(const struct fasta_chunk *c, size_t s, int owned_only)
{
  static char text[256];
  const struct fasta_stretch *st = &c->stretches[s];
  size_t n = owned_only ? st->owned : st->length;
  snprintf(text, sizeof text, "%.*s", (int)n, c->bases + st->start);
  return text;
}

// A file that is missing, empty, not FASTA or a directory: one line naming it.
static void
test_open_errors(void)
{
  struct fasta f;
  char path[256], err[512], want[512];
  CU_ASSERT_EQUAL(fasta_open(&f, "/nonexistent/genome.fa", err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, "/nonexistent/genome.fa: No such file or directory");
  write_file("empty.fa", "", path, sizeof path);
  CU_ASSERT_EQUAL(fasta_open(&f, path, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: empty file (a FASTA file starts with a '>' header line)",
           path);
  CU_ASSERT_STRING_EQUAL(err, want);
  write_file("reads.fq", "@read1\nACGT\n+\nIIII\n", path, sizeof path);
  CU_ASSERT_EQUAL(fasta_open(&f, path, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: not a FASTA file (it starts with '@', not with a '>' "
           "header line)", path);
  CU_ASSERT_STRING_EQUAL(err, want);
  write_file("blank.fa", "\n>chr1\nACGT\n", path, sizeof path);
  CU_ASSERT_EQUAL(fasta_open(&f, path, err, sizeof err), -1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a FASTA file (it starts with byte 10"));
  CU_ASSERT_EQUAL(fasta_open(&f, dir, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: Is a directory", dir);
  CU_ASSERT_STRING_EQUAL(err, want);
  CU_ASSERT_PTR_NULL(strchr(err, '\n'));
}

// The whole file: one stretch per record, headers and line ends left out.
static void
test_read_whole(void)
{
  struct fasta f;
  struct fasta_chunk c = {0};
  char err[512];
  open_text(">chr1 first\nACGT\nNNac\r\ngt\n>chr2\n\n>chr3 third\nTT GA\n", &f);
  CU_ASSERT_EQUAL_FATAL(fasta_read(&f, 0, f.size, 0, &c, err, sizeof err), 0);
  CU_ASSERT_EQUAL(c.records, 3);
  CU_ASSERT_EQUAL_FATAL(c.nstretches, 3);
  CU_ASSERT_STRING_EQUAL(stretch_text(&c, 0, 0), "ACGTNNacgt");
  CU_ASSERT_STRING_EQUAL(stretch_text(&c, 1, 0), "");  // a blank line: no bases
  CU_ASSERT_STRING_EQUAL(stretch_text(&c, 2, 0), "TTGA");
  CU_ASSERT_EQUAL(c.stretches[0].owned, 10);
  CU_ASSERT_EQUAL(c.nbases, 14);
  // A second read into the same chunk starts afresh.
  CU_ASSERT_EQUAL_FATAL(fasta_read(&f, 0, f.size, 7, &c, err, sizeof err), 0);
  CU_ASSERT_EQUAL(c.nbases, 14);
  fasta_chunk_free(&c);
  fasta_close(&f);
}

// Every border, at every byte: the two ranges own every base once, in order; with
// overlap the first goes on into the second by that many bases of the same record.
static void
test_ranges_cover_once(void)
{
  const char *text = ">chr1 a header with > and ACGT in it\nACGTA\nCCGGT\nAA\n>chr2\nGGGG\n"
                     "TT\n>chr3\nA\n";
  const char *whole = "ACGTACCGGTAA" "GGGGTT" "A";  // the records' bases
  struct fasta f;
  struct fasta_chunk a = {0}, b = {0};
  char err[512], got[256];
  open_text(text, &f);
  int bad = 0;
  for (long long border = 0; border <= f.size; border++) {
    for (size_t overlap = 0; overlap <= 4; overlap++) {
      CU_ASSERT_EQUAL_FATAL(fasta_read(&f, 0, border, overlap, &a, err, sizeof err), 0);
      CU_ASSERT_EQUAL_FATAL(fasta_read(&f, border, f.size, overlap, &b, err, sizeof err), 0);
      // The owned bases of the first range, then of the second, must be the whole.
      size_t n = 0;
      for (int r = 0; r < 2; r++) {
        const struct fasta_chunk *c = r ? &b : &a;
        for (size_t s = 0; s < c->nstretches; s++) {
          memcpy(got + n, c->bases + c->stretches[s].start, c->stretches[s].owned);
          n += c->stretches[s].owned;
        }
      }
      got[n] = '\0';
      bad += strcmp(got, whole) != 0;
      // The overlap: the first range's last stretch ends with up to `overlap` bases
      // that are the next ones of its record in the whole.
      if (a.nstretches > 0) {
        const struct fasta_stretch *last = &a.stretches[a.nstretches - 1];
        size_t extra = last->length - last->owned;
        bad += extra > overlap;
        bad += extra > 0 && b.nstretches > 0 &&
               memcmp(a.bases + last->start + last->owned, b.bases + b.stretches[0].start,
                      extra) != 0;
      }
    }
  }
  CU_ASSERT_EQUAL(bad, 0);
  fasta_chunk_free(&a);
  fasta_chunk_free(&b);
  fasta_close(&f);
}

// Ranges that start inside a header line skip it; a range that ends inside a header
// reads nothing after it; overlap stops at the end of the record.
static void
test_ranges_at_headers(void)
{
  struct fasta f;
  struct fasta_chunk c = {0};
  char err[512];
  open_text(">chr1 ACGT\nACG\nTAC\n>chr2 GGG\nTTTT\n", &f);
  // Inside ">chr1 ACGT": the header's letters are not bases.
  CU_ASSERT_EQUAL_FATAL(fasta_read(&f, 6, 12, 0, &c, err, sizeof err), 0);
  CU_ASSERT_EQUAL(c.records, 0);
  CU_ASSERT_EQUAL_FATAL(c.nstretches, 1);
  CU_ASSERT_STRING_EQUAL(stretch_text(&c, 0, 0), "A");
  // From the second line to the middle of its last base line, overlap 5: "TAC" only,
  // the next record's bases are not taken.
  CU_ASSERT_EQUAL_FATAL(fasta_read(&f, 11, 17, 5, &c, err, sizeof err), 0);
  CU_ASSERT_STRING_EQUAL(stretch_text(&c, 0, 1), "ACGTA");
  CU_ASSERT_STRING_EQUAL(stretch_text(&c, 0, 0), "ACGTAC");
  // Ends inside ">chr2 GGG": no overlap from the next record.
  CU_ASSERT_EQUAL_FATAL(fasta_read(&f, 11, 22, 5, &c, err, sizeof err), 0);
  CU_ASSERT_EQUAL(c.records, 1);
  CU_ASSERT_EQUAL_FATAL(c.nstretches, 1);
  CU_ASSERT_STRING_EQUAL(stretch_text(&c, 0, 0), "ACGTAC");
  // Beyond the file, or empty: nothing.
  CU_ASSERT_EQUAL_FATAL(fasta_read(&f, f.size, f.size + 10, 3, &c, err, sizeof err), 0);
  CU_ASSERT_EQUAL(c.nbases, 0);
  CU_ASSERT_EQUAL(c.nstretches, 0);
  fasta_chunk_free(&c);
  fasta_close(&f);
}

// The exercise's pitfall, at the level of the reader: windows of k bases that start
// in a range. With overlap 0 a window across the border is lost; with k - 1 every
// window is found exactly once, whichever parts the file is cut into.
static long
windows(const struct fasta_chunk *c, size_t k)
{
  long n = 0;
  for (size_t s = 0; s < c->nstretches; s++)
    for (size_t i = 0; i < c->stretches[s].owned; i++)
      n += i + k <= c->stretches[s].length;
  return n;
}

static void
test_overlap_counts_windows_once(void)
{
  struct fasta f;
  struct fasta_chunk c = {0};
  char err[512];
  open_text(">one\nACGTACGTAC\nGTACGTAC\n>two\nACGTACG\n", &f);  // 18 and 7 bases
  const size_t k = 5;
  long whole = 14 + 3;
  int lost = 0, bad = 0;
  for (size_t parts = 1; parts <= (size_t)f.size; parts++) {
    long with = 0, without = 0;
    for (size_t p = 0; p < parts; p++) {
      long long begin = (long long)(p * (size_t)f.size / parts);
      long long end = (long long)((p + 1) * (size_t)f.size / parts);
      CU_ASSERT_EQUAL_FATAL(fasta_read(&f, begin, end, k - 1, &c, err, sizeof err), 0);
      with += windows(&c, k);
      CU_ASSERT_EQUAL_FATAL(fasta_read(&f, begin, end, 0, &c, err, sizeof err), 0);
      without += windows(&c, k);
    }
    bad += with != whole;
    lost += without < whole;
  }
  CU_ASSERT_EQUAL(bad, 0);
  CU_ASSERT(lost > 0);
  fasta_chunk_free(&c);
  fasta_close(&f);
}

static int
suite_setup(void)
{
  return mkdtemp(dir) ? 0 : 1;
}

static int
suite_teardown(void)
{
  char command[64];
  snprintf(command, sizeof command, "rm -rf %s", dir);
  return system(command) == 0 ? 0 : 1;
}

void
test_fasta_register(void)
{
  CU_pSuite s = CU_add_suite("fasta", suite_setup, suite_teardown);
  CU_add_test(s, "open: missing, empty, not FASTA, a directory", test_open_errors);
  CU_add_test(s, "read: whole file, headers and line ends left out", test_read_whole);
  CU_add_test(s, "ranges: every border, every base once, overlap", test_ranges_cover_once);
  CU_add_test(s, "ranges: borders in headers, overlap ends with the record",
              test_ranges_at_headers);
  CU_add_test(s, "overlap k - 1: every window once; 0 loses some",
              test_overlap_counts_windows_once);
}
