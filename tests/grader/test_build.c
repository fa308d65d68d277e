// Tests of build.c (its cache too) and scratch.c's text helpers: which compiler lines a
// student sees.
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "build/build.h"
#include "run/run.h"

static void
test_first_errors(void)
{
  const char *log =
    "exercises/01-pi/mpi.c: In function 'main':\n"
    "exercises/01-pi/mpi.c:12:3: error: expected ';' before 'return'\n"
    "   12 |   x = 1\n"
    "      |        ^\n"
    "      |        ;\n";
  char out[GRADER_TEXT];
  build_first_errors(log, out, sizeof out);
  CU_ASSERT_STRING_EQUAL(out, "exercises/01-pi/mpi.c:12:3: error: expected ';' before "
                              "'return'\n   12 |   x = 1\n      |        ^\n"
                              "      |        ;");
}

static void
test_linker_errors(void)
{
  const char *log =
    "/usr/bin/ld: /tmp/ccA.o: in function `main':\n"
    "mpi.c:(.text+0x1c): undefined reference to `MPI_Foo'\n"
    "collect2: error: ld returned 1 exit status\n";
  char out[GRADER_TEXT];
  build_first_errors(log, out, sizeof out);
  CU_ASSERT_STRING_EQUAL(out, "mpi.c:(.text+0x1c): undefined reference to `MPI_Foo'\n"
                              "collect2: error: ld returned 1 exit status");
}

static void
test_at_most_ten_lines(void)
{
  char log[4096] = "x.c:1:1: error: one\n";
  for (int i = 0; i < 30; i++)
    strcat(log, "more\n");
  char out[GRADER_TEXT];
  build_first_errors(log, out, sizeof out);
  int lines = 1;
  for (const char *s = out; *s; s++)
    lines += *s == '\n';
  CU_ASSERT_EQUAL(lines, PARAM_BUILD_ERROR_LINES);
}

static void
test_tail(void)
{
  char out[GRADER_TEXT];
  text_tail("a\nb\nc\nd\n", 2, out, sizeof out);
  CU_ASSERT_STRING_EQUAL(out, "c\nd");
  text_tail("only", 3, out, sizeof out);
  CU_ASSERT_STRING_EQUAL(out, "only");
  text_tail("", 3, out, sizeof out);
  CU_ASSERT_STRING_EQUAL(out, "");
  text_tail(NULL, 3, out, sizeof out);
  CU_ASSERT_STRING_EQUAL(out, "");
}

// Builds dir/NAME.c (text) as the serial version into dir/NAME-N. Returns 1 when the
// binary came from the cache (its log says so), 0 when it was compiled, -1 on failure.
static int
build_from_cache(const char *dir, const char *name, const char *text, int n)
{
  char source[512], binary[512], log[512], errors[GRADER_TEXT];
  snprintf(source, sizeof source, "%s/%s.c", dir, name);
  snprintf(binary, sizeof binary, "%s/%s-%d", dir, name, n);
  snprintf(log, sizeof log, "%s/%s-%d.log", dir, name, n);
  FILE *f = fopen(source, "w");
  fputs(text, f);
  fclose(f);
  if (build_version("serial", source, dir, binary, log, NULL, errors, sizeof errors) !=
      BUILD_OK || access(binary, X_OK) != 0)
    return -1;
  char *said = file_read(log, 4096);
  int cached = said && strstr(said, "compiled before: taken from") != NULL;
  free(said);
  return cached;
}

// The same source, flags and headers again: the binary comes from the cache; any
// change, or a source that includes a .c file, is compiled afresh.
static void
test_cache(void)
{
  char dir[256], err[GRADER_MSG];
  CU_ASSERT_EQUAL_FATAL(scratch_make(dir, sizeof dir, err, sizeof err), 0);
  char text[256];
  // New text every run, so that the first build cannot be a hit of an earlier run.
  snprintf(text, sizeof text, "int main(void) { return 0; } /* %ld %ld */\n",
           (long)getpid(), (long)time(NULL));
  CU_ASSERT_EQUAL(build_from_cache(dir, "a", text, 1), 0);
  CU_ASSERT_EQUAL(build_from_cache(dir, "a", text, 2), 1);
  // Another name is another command line (and other messages): compiled.
  CU_ASSERT_EQUAL(build_from_cache(dir, "b", text, 3), 0);
  char spaced[300];
  snprintf(spaced, sizeof spaced, " %s", text);  // one byte more: compiled again
  CU_ASSERT_EQUAL(build_from_cache(dir, "a", spaced, 4), 0);
  CU_ASSERT_EQUAL(build_from_cache(dir, "a", spaced, 5), 1);
  // A header beside it is part of the key: a changed header, a new binary.
  char header[512], with[512];
  snprintf(header, sizeof header, "%s/h.h", dir);
  FILE *f = fopen(header, "w");
  fputs("#define ANSWER 0\n", f);
  fclose(f);
  snprintf(with, sizeof with, "#include \"h.h\"\n%s", spaced);
  CU_ASSERT_EQUAL(build_from_cache(dir, "c", with, 6), 0);
  CU_ASSERT_EQUAL(build_from_cache(dir, "c", with, 7), 1);
  f = fopen(header, "w");
  fputs("#define ANSWER 1\n", f);
  fclose(f);
  CU_ASSERT_EQUAL(build_from_cache(dir, "c", with, 8), 0);
  // Including a .c file: the key cannot see it, so it is never cached.
  snprintf(with, sizeof with, "#include \"c.c\"\nint other(void) { return 1; }\n");
  CU_ASSERT_EQUAL(build_from_cache(dir, "d", with, 10), 0);
  CU_ASSERT_EQUAL(build_from_cache(dir, "d", with, 11), 0);
  scratch_remove(dir);
}

void
register_build(void)
{
  CU_pSuite s = CU_add_suite("build (compiler messages)", NULL, NULL);
  CU_add_test(s, "first errors", test_first_errors);
  CU_add_test(s, "linker errors", test_linker_errors);
  CU_add_test(s, "at most ten lines", test_at_most_ten_lines);
  CU_add_test(s, "tail of a text", test_tail);
  CU_add_test(s, "the cache of compiled versions", test_cache);
}
