// Tests of build.c and scratch.c's text helpers: which compiler lines a student sees.
#include <CUnit/CUnit.h>
#include <string.h>

#include "grader.h"

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

void
register_build(void)
{
  CU_pSuite s = CU_add_suite("build (compiler messages)", NULL, NULL);
  CU_add_test(s, "first errors", test_first_errors);
  CU_add_test(s, "linker errors", test_linker_errors);
  CU_add_test(s, "at most ten lines", test_at_most_ten_lines);
  CU_add_test(s, "tail of a text", test_tail);
}
