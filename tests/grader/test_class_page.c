// The class report page (report_html.c) end to end: pargrade --class on a class of
// four writes DIR-reports/index.html, which opens in headless Chromium with no request
// leaving file:, shows every student and version, opens the student a link names, and
// leaves a screenshot for a person to look at (build/tests/class-report.png).
//
// The class, 01-pi, --quick: alice submits the reference solutions; bob's openmp.c
// lost its reduction (a race, wrong from 2 threads); carol's mpi.c does not compile;
// dave's openmp.c is still the skeleton.
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "browser.h"
#include "program.h"
#include "runner.h"

static char dir[] = "/tmp/test-class-page-XXXXXX";

static int
count(const char *text, const char *what)
{
  int n = 0;
  for (const char *s = text; (s = strstr(s, what)); s += strlen(what))
    n++;
  return n;
}

static char *
slurp(const char *path)
{
  long n;
  char *text = (char *)program_read_file(path, &n);
  if (text)
    text[n] = '\0';
  return text;
}

// Runs a shell command; 0 when it succeeded.
static int
shell(const char *fmt, const char *a, const char *b)
{
  char cmd[4096];
  snprintf(cmd, sizeof cmd, fmt, a, b);
  return program_run(cmd, NULL, 0);
}

static void
make_class(void)
{
  static const char *students[] = {"alice", "bob", "carol", "dave"};
  for (int i = 0; i < 4; i++)
    CU_ASSERT_EQUAL_FATAL(shell("mkdir -p %s/class/%s/01-pi", dir, students[i]), 0);
  CU_ASSERT_EQUAL(shell("cp " SOURCE_DIR "/solutions/01-pi/*.c %s/class/%s/01-pi/", dir,
                        "alice"), 0);
  CU_ASSERT_EQUAL(shell("sed 's/ reduction(+ : hits)//' " SOURCE_DIR "/solutions/01-pi/"
                        "openmp.c > %s/class/%s/01-pi/openmp.c", dir, "bob"), 0);
  CU_ASSERT_EQUAL(shell("{ cat " SOURCE_DIR "/solutions/01-pi/mpi.c; "
                        "echo 'int broken = ;'; } > %s/class/%s/01-pi/mpi.c", dir, "carol"),
                  0);
  CU_ASSERT_EQUAL(shell("cp " SOURCE_DIR "/exercises/01-pi/openmp.c %s/class/%s/01-pi/",
                        dir, "dave"), 0);
}

static void
test_class_page(void)
{
  make_class();
  // (in braces: program_run sends the command's stderr elsewhere after it)
  CU_ASSERT_EQUAL_FATAL(shell("{ " PARGRADE " --class %s/class --exercise 01-pi --quick "
                              "--seed 5 > %s/out 2>&1; }", dir, dir), 0);
  char path[600], url[700];
  snprintf(path, sizeof path, "%s/out", dir);
  char *err = slurp(path);
  snprintf(path, sizeof path, "%s/class-reports/index.html", dir);
  CU_ASSERT_PTR_NOT_NULL(strstr(err ? err : "", path));  // its path, at the end
  free(err);
  char *html = slurp(path);
  CU_ASSERT_PTR_NOT_NULL_FATAL(html);
  CU_ASSERT_EQUAL(count(html, "<tr class=\"student\">"), 4);
  CU_ASSERT_EQUAL(count(html, "<section class=\"version\">"), 3);
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "does not compile: <b>1</b>"));
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "not started: <b>1</b>"));
  CU_ASSERT_PTR_NULL(strstr(html, "http://"));  // nothing to fetch, anywhere
  CU_ASSERT_PTR_NULL(strstr(html, "https://"));
  free(html);

  // In the browser, opened at bob's feedback: every row, bob's details open, and no
  // request off file:.
  char action[700], netlog[600], first[1024], dom_path[600];
  int own;
  snprintf(url, sizeof url, "file://%s#s1", path);
  snprintf(dom_path, sizeof dom_path, "%s/dom.html", dir);
  snprintf(action, sizeof action, "--dump-dom > %s", dom_path);
  CU_ASSERT_EQUAL_FATAL(browser_run(CHROMIUM, dir, url, action, 1280, 900, netlog,
                                    sizeof netlog), 0);
  char *dom = slurp(dom_path);
  CU_ASSERT_PTR_NOT_NULL_FATAL(dom);
  CU_ASSERT_EQUAL(count(dom, "<tr class=\"student\">"), 4);
  CU_ASSERT_PTR_NOT_NULL(strstr(dom, "<details id=\"s1\" open=\"\">"));
  CU_ASSERT_PTR_NULL(strstr(dom, "<details id=\"s0\" open"));
  free(dom);
  CU_ASSERT_EQUAL(browser_requests_off_file(netlog, first, sizeof first, &own), 0);

  // The screenshot, for a person: the page from its top.
  remove(SHOT);
  snprintf(url, sizeof url, "file://%s", path);
  snprintf(action, sizeof action, "--screenshot=%s", SHOT);
  CU_ASSERT_EQUAL(browser_run(CHROMIUM, dir, url, action, 1280, 2400, netlog,
                              sizeof netlog), 0);
  unsigned char head[24] = {0};
  FILE *f = fopen(SHOT, "rb");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(fread(head, 1, sizeof head, f), sizeof head);
  fclose(f);
  CU_ASSERT(memcmp(head, "\x89PNG", 4) == 0);
  printf("\n  screenshot: %s", SHOT);
}

// --hide-names, for a screen the workshop sees: the page numbers the students (the
// rerun keeps every report: nothing changed).
static void
test_hidden_names(void)
{
  CU_ASSERT_EQUAL_FATAL(shell(PARGRADE " --class %s/class --exercise 01-pi --quick "
                              "--seed 5 --hide-names > %s/out2 2>&1", dir, dir), 0);
  char path[600];
  snprintf(path, sizeof path, "%s/class-reports/index.html", dir);
  char *html = slurp(path);
  CU_ASSERT_PTR_NOT_NULL_FATAL(html);
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "<a href=\"#s3\">student 4</a>"));
  CU_ASSERT_PTR_NULL(strstr(html, "alice"));
  CU_ASSERT_EQUAL(count(html, "<tr class=\"student\">"), 4);
  free(html);
}

// --format html of one grading: the same page with one student.
static void
test_one_student(void)
{
  CU_ASSERT_EQUAL_FATAL(shell(PARGRADE " --solutions --exercise 01-pi --quick --format "
                              "html > %s/one.html 2> %s/one.err", dir, dir), 0);
  char path[600];
  snprintf(path, sizeof path, "%s/one.html", dir);
  char *html = slurp(path);
  CU_ASSERT_PTR_NOT_NULL_FATAL(html);
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "<body data-students=\"1\" data-versions=\"3\">"));
  CU_ASSERT_EQUAL(count(html, "correct: <b>1</b>"), 3);
  free(html);
}

static int
setup(void)
{
  return browser_setup(CHROMIUM, dir);
}

static int
cleanup(void)
{
  return program_remove_dir(dir);
}

static void
register_class_page(void)
{
  CU_pSuite s = CU_add_suite("the class report page", setup, cleanup);
  CU_add_test(s, "a class of four, in the browser", test_class_page);
  CU_add_test(s, "--hide-names", test_hidden_names);
  CU_add_test(s, "--format html for one grading", test_one_student);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_class_page};
  return runner_main(registers, 1);
}
