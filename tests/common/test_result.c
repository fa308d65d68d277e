// Tests for result.c: building, writing, parsing, loading and checking results.
#include <CUnit/CUnit.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prng.h"
#include "result.h"
#include "suites.h"

static void
test_add_and_find(void)
{
  struct result r = {0};
  CU_ASSERT_EQUAL(result_add_int(&r, "hits", 785398), 0);
  CU_ASSERT_EQUAL(result_add_double(&r, "pi", 3.141592), 0);
  CU_ASSERT_EQUAL(result_add_text(&r, "mode", "block split"), 0);
  const struct result_field *f = result_find(&r, "hits");
  CU_ASSERT_FATAL(f != NULL);
  CU_ASSERT_STRING_EQUAL(f->text, "785398");
  CU_ASSERT(f->is_number && f->number == 785398.0);
  f = result_find(&r, "pi");
  CU_ASSERT_STRING_EQUAL(f->text, "3.1415920000000002");
  CU_ASSERT_EQUAL(f->number, 3.141592);
  f = result_find(&r, "mode");
  CU_ASSERT(!f->is_number);
  CU_ASSERT_PTR_NULL(result_find(&r, "nope"));
  // Adding an existing name replaces its value in place.
  CU_ASSERT_EQUAL(result_add_int(&r, "hits", -1), 0);
  CU_ASSERT_EQUAL(r.count, 3);
  CU_ASSERT_STRING_EQUAL(r.fields[0].text, "-1");
  for (int i = 0; i < 100; i++) {  // grows past the first allocation
    char name[16];
    snprintf(name, sizeof name, "f%d", i);
    CU_ASSERT_EQUAL(result_add_int(&r, name, i), 0);
  }
  CU_ASSERT_EQUAL(result_find(&r, "f99")->number, 99.0);
  result_free(&r);
  CU_ASSERT(r.count == 0 && r.fields == NULL);
}

static void
test_invalid_names_and_texts(void)
{
  struct result r = {0};
  char longest[RESULT_NAME_MAX], too_long[RESULT_NAME_MAX + 1], text[RESULT_TEXT_MAX + 1];
  memset(longest, 'n', sizeof longest - 1);
  longest[sizeof longest - 1] = '\0';
  memset(too_long, 'n', sizeof too_long - 1);
  too_long[sizeof too_long - 1] = '\0';
  CU_ASSERT_EQUAL(result_add_int(&r, "", 1), -1);
  CU_ASSERT_EQUAL(result_add_int(&r, "h!ts", 1), -1);
  CU_ASSERT_EQUAL(result_add_int(&r, "a b", 1), -1);
  CU_ASSERT_EQUAL(result_add_int(&r, too_long, 1), -1);
  CU_ASSERT_EQUAL(result_add_int(&r, longest, 1), 0);
  CU_ASSERT_EQUAL(result_add_int(&r, "Az09_.-", 1), 0);
  // A text must read back as written: one line, not empty, no outer spaces.
  CU_ASSERT_EQUAL(result_add_text(&r, "t", ""), -1);
  CU_ASSERT_EQUAL(result_add_text(&r, "t", "two\nlines"), -1);
  CU_ASSERT_EQUAL(result_add_text(&r, "t", " padded"), -1);
  CU_ASSERT_EQUAL(result_add_text(&r, "t", "padded "), -1);
  memset(text, 'x', sizeof text - 1);
  text[sizeof text - 1] = '\0';
  CU_ASSERT_EQUAL(result_add_text(&r, "t", text), -1);
  text[RESULT_TEXT_MAX - 1] = '\0';
  CU_ASSERT_EQUAL(result_add_text(&r, "t", text), 0);
  CU_ASSERT_EQUAL(r.count, 3);
  result_free(&r);
}

// Writes r to a string with result_write.
static char *
write_to_string(const struct result *r, const char *comment)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  CU_ASSERT_EQUAL(result_write(r, f, comment), 0);
  fclose(f);
  return text;
}

static void
test_write_format(void)
{
  struct result r = {0};
  result_add_int(&r, "darts", 10);
  result_add_int(&r, "hits", 7);
  result_add_double(&r, "pi", 2.8);
  result_add_text(&r, "note", "a  b");
  char *text = write_to_string(&r, "pi-serial, seed 7");
  CU_ASSERT_STRING_EQUAL(text, "# pi-serial, seed 7\ndarts 10\nhits 7\n"
                               "pi 2.7999999999999998\nnote a  b\n");
  free(text);
  text = write_to_string(&r, NULL);
  CU_ASSERT_NSTRING_EQUAL(text, "darts 10\n", 9);
  free(text);
  result_free(&r);
}

static void
test_round_trip(void)
{
  const double special[] = {0.0, -0.0, 0.1, 1.0 / 3, M_PI, 1e-300, 5e-324, DBL_MIN,
                            DBL_MAX, -DBL_MAX, 123456789.123456789, 1.0 + DBL_EPSILON,
                            INFINITY, -INFINITY};
  const long long ints[] = {0, -1, LLONG_MIN, LLONG_MAX, 785398};
  struct result r = {0}, back = {0};
  char name[32], err[128];
  size_t n = 0;
  for (size_t i = 0; i < sizeof special / sizeof special[0]; i++, n++) {
    snprintf(name, sizeof name, "d%zu", n);
    result_add_double(&r, name, special[i]);
  }
  for (uint64_t i = 0; n < 2000; i++) {  // random bit patterns, all exponents
    uint64_t bits = prng_u64(77, i);
    double d;
    memcpy(&d, &bits, sizeof d);
    if (!isfinite(d))
      continue;
    snprintf(name, sizeof name, "d%zu", n++);
    result_add_double(&r, name, d);
  }
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    snprintf(name, sizeof name, "i%zu", i);
    result_add_int(&r, name, ints[i]);
  }
  result_add_text(&r, "text", "hello,  world # not a comment");
  char *text = write_to_string(&r, "round trip");
  CU_ASSERT_EQUAL_FATAL(result_parse(text, &back, err, sizeof err), 0);
  free(text);
  CU_ASSERT_EQUAL_FATAL(back.count, r.count);
  int differ = 0;
  for (size_t i = 0; i < r.count; i++) {
    const struct result_field *a = &r.fields[i], *b = &back.fields[i];
    differ += strcmp(a->name, b->name) != 0 || strcmp(a->text, b->text) != 0 ||
              a->is_number != b->is_number || memcmp(&a->number, &b->number, sizeof(double));
  }
  CU_ASSERT_EQUAL(differ, 0);
  CU_ASSERT_STRING_EQUAL(result_find(&back, "i2")->text, "-9223372036854775808");
  CU_ASSERT_STRING_EQUAL(result_find(&back, "text")->text, "hello,  world # not a comment");
  result_free(&r);
  result_free(&back);
}

static void
test_parse_layout(void)
{
  struct result r = {0};
  char err[128];
  const char *text = "# comment\n\n   \n  # indented comment\n"
                     "a 1\r\n"
                     "b\t\t 2.5   \n"
                     "  c   twelve apples\n"
                     "d 12abc\n"
                     "e nan\n"
                     "f 1e3";  // no final newline
  CU_ASSERT_EQUAL_FATAL(result_parse(text, &r, err, sizeof err), 0);
  CU_ASSERT_EQUAL_FATAL(r.count, 6);
  CU_ASSERT_STRING_EQUAL(r.fields[0].text, "1");
  CU_ASSERT_EQUAL(r.fields[1].number, 2.5);
  CU_ASSERT_STRING_EQUAL(r.fields[2].name, "c");
  CU_ASSERT_STRING_EQUAL(r.fields[2].text, "twelve apples");
  CU_ASSERT(!r.fields[2].is_number && !r.fields[3].is_number);
  CU_ASSERT(r.fields[4].is_number && isnan(r.fields[4].number));
  CU_ASSERT(r.fields[5].is_number && r.fields[5].number == 1000.0);
  result_free(&r);
}

static void
test_parse_errors(void)
{
  char long_name[200], long_value[400];
  snprintf(long_name, sizeof long_name, "%0*d 1\n", RESULT_NAME_MAX, 0);
  memset(long_value, 'v', sizeof long_value);
  memcpy(long_value, "# ok\nx ", 7);
  snprintf(long_value + 7 + RESULT_TEXT_MAX, 2, "\n");
  const struct {
    const char *text, *message;
  } bad[] = {
    {"a 1\nb 2\njustaname\n", "line 3: expected 'NAME VALUE'"},
    {"a 1\nb 2\nc 3\n# x\nhits 5\nhits 6\n", "line 6: duplicate field 'hits'"},
    {"a 1\nh!ts 2\n", "line 2: invalid field name 'h!ts'"},
    {"a 1\nname   \n", "line 2: expected 'NAME VALUE'"},
    {long_name, "line 1: field name too long (at most 63 characters)"},
    {long_value, "line 2: value of 'x' too long (at most 255 characters)"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct result r = {0};
    char err[128] = "";
    result_add_int(&r, "before", 1);
    CU_ASSERT_EQUAL(result_parse(bad[i].text, &r, err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, bad[i].message);
    CU_ASSERT_EQUAL(r.count, 1);  // r is left as it was
    result_free(&r);
  }
  // A name already in r counts as a duplicate too.
  struct result r = {0};
  char err[128];
  result_add_int(&r, "hits", 1);
  CU_ASSERT_EQUAL(result_parse("hits 2\n", &r, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, "line 1: duplicate field 'hits'");
  result_free(&r);
}

static void
test_save_and_load(void)
{
  char path[] = "/tmp/test-result-XXXXXX", err[512], want[600];
  int fd = mkstemp(path);
  CU_ASSERT_FATAL(fd >= 0);
  close(fd);
  struct result r = {0}, back = {0};
  result_add_int(&r, "hits", 3);
  result_add_double(&r, "pi", 0.1);
  CU_ASSERT_EQUAL(result_save(&r, path, "saved"), 0);
  CU_ASSERT_EQUAL(result_load(path, &back, err, sizeof err), 0);
  CU_ASSERT_EQUAL(back.count, 2);
  CU_ASSERT_EQUAL(result_find(&back, "pi")->number, 0.1);
  result_free(&back);

  FILE *f = fopen(path, "w");
  fputs("# broken\nhits 3\nhits 4\n", f);
  fclose(f);
  CU_ASSERT_EQUAL(result_load(path, &back, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: line 3: duplicate field 'hits'", path);
  CU_ASSERT_STRING_EQUAL(err, want);
  unlink(path);

  CU_ASSERT_EQUAL(result_load(path, &back, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: No such file or directory", path);
  CU_ASSERT_STRING_EQUAL(err, want);
  CU_ASSERT_EQUAL(result_load("/tmp", &back, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, "/tmp: Is a directory");
  CU_ASSERT_EQUAL(back.count, 0);
  result_free(&back);

  // A path that cannot be written: -1 and one line on stderr.
  FILE *errs = tmpfile();
  int saved = dup(STDERR_FILENO);
  fflush(stderr);
  dup2(fileno(errs), STDERR_FILENO);
  int rc = result_save(&r, "/nonexistent-dir/out.txt", NULL);
  fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  rewind(errs);
  size_t n = fread(err, 1, sizeof err - 1, errs);
  err[n] = '\0';
  fclose(errs);
  CU_ASSERT_EQUAL(rc, -1);
  CU_ASSERT_STRING_EQUAL(err, "cannot write /nonexistent-dir/out.txt: "
                              "No such file or directory\n");
  result_free(&r);
}

// Checks field `name` of "expected" against "got" (each one field's line).
static int
check(const char *expected, const char *got, struct tolerance tol, char *msg)
{
  struct result e = {0}, g = {0};
  char err[128];
  CU_ASSERT_EQUAL(result_parse(expected, &e, err, sizeof err), 0);
  CU_ASSERT_EQUAL(result_parse(got, &g, err, sizeof err), 0);
  int ok = result_check(&e, &g, "x", tol, msg, 256);
  result_free(&e);
  result_free(&g);
  return ok;
}

static void
test_check(void)
{
  const struct tolerance exact = {0, 0};
  const struct {
    const char *expected, *got;
    struct tolerance tol;
    const char *message;  // "" for a match
  } cases[] = {
    {"x 785398", "x 785398", exact, ""},
    {"x 785398", "x 785398.0", exact, ""},
    {"x 785398", "x 785397", exact, "x: expected 785398, got 785397 (tolerance: exact)"},
    {"x 3.14159", "x 3.2", {0, 1e-12},
     "x: expected 3.14159, got 3.2 (tolerance: abs 0, rel 1e-12)"},
    {"x 1.0", "x 1.05", {0.1, 0}, ""},
    {"x 1.0", "x 0.95", {0.1, 0}, ""},
    {"x 1.0", "x 1.2", {0.1, 0}, "x: expected 1, got 1.2 (tolerance: abs 0.1, rel 0)"},
    {"x 1000", "x 1000.5", {0, 1e-3}, ""},
    {"x -1000", "x -999", {0, 1e-3}, ""},
    {"x 1000", "x 1002", {0, 1e-3}, "x: expected 1000, got 1002 (tolerance: abs 0, rel 0.001)"},
    {"x 1000", "x 1002", {3, 1e-3}, ""},  // the larger of the two tolerances
    {"x 12345678901234", "x 12345678901235", exact,
     "x: expected 12345678901234, got 12345678901235 (tolerance: exact)"},
    // Values that differ only in the 17th digit still print differently.
    {"x 0.1", "x 0.10000000000000002", exact,
     "x: expected 0.10000000000000001, got 0.10000000000000002 (tolerance: exact)"},
    {"x 2.5", "x nan", {1e300, 0}, "x: expected 2.5, got nan (tolerance: abs 1e+300, rel 0)"},
    {"x nan", "x nan", {1, 1}, "x: expected nan, got nan (NaN never matches)"},
    {"x inf", "x inf", exact, ""},
    {"x inf", "x -inf", {1, 1}, "x: expected inf, got -inf (tolerance: abs 1, rel 1)"},
    {"x 2.5", "x two", {1, 0}, "x: expected 2.5, got 'two' (not a number)"},
    {"x block split", "x block split", exact, ""},
    {"x block split", "x block  split", exact,
     "x: expected 'block split', got 'block  split'"},
    {"x 1", "y 1", exact, "x: missing from the output"},
    {"y 1", "x 1", exact, "x: missing from the expected result"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char msg[256] = "unset";
    int ok = check(cases[i].expected, cases[i].got, cases[i].tol, msg);
    CU_ASSERT_EQUAL(ok, cases[i].message[0] == '\0');
    CU_ASSERT_STRING_EQUAL(msg, cases[i].message);
    if (strcmp(msg, cases[i].message) != 0)
      fprintf(stderr, "\n  case %zu: got '%s'\n", i, msg);
  }
}

void
test_result_register(void)
{
  CU_pSuite s = CU_add_suite("result", NULL, NULL);
  CU_add_test(s, "add, replace and find fields", test_add_and_find);
  CU_add_test(s, "invalid names and texts are refused", test_invalid_names_and_texts);
  CU_add_test(s, "write: the exact format", test_write_format);
  CU_add_test(s, "write then parse: bit-exact", test_round_trip);
  CU_add_test(s, "parse: comments, blanks, spacing, CRLF", test_parse_layout);
  CU_add_test(s, "parse: errors name the line", test_parse_errors);
  CU_add_test(s, "save and load, missing file", test_save_and_load);
  CU_add_test(s, "check: match, tolerance, NaN, text, missing", test_check);
}
