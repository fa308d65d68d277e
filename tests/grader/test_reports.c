// The reports made from a grading: JUnit XML, Gradescope's results.json, CSV and the
// SVG plots, on a made-up grading whose compiler errors hold everything that breaks
// a careless writer: < & " ' control characters and bytes that are not UTF-8.
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "program.h"
#include "report/report.h"
#include "run/run.h"
#include "xml_check.h"

#define NASTY "mpi.c:3:9: error: expected expression before ';' token\n" \
              "    3 | if (a < b && c > \"d\") x = ; \x01\x1b[31m\xff\xfe end\n"

static void
config(struct config_result *c, int workers, int timed, double speedup, double ref)
{
  memset(c, 0, sizeof *c);
  c->workers = workers;
  c->timed = timed;
  c->verdict = VERDICT_OK;
  snprintf(c->message, sizeof c->message, "correct with %d workers", workers);
  c->seconds = timed ? 2.0 / speedup : NAN;
  c->speedup = timed ? speedup : NAN;
  c->efficiency = timed ? speedup / workers : NAN;
  c->speedup_nl = c->efficiency_nl = NAN;
  c->ref_seconds = NAN;
  c->ref_speedup = timed ? ref : NAN;
  c->spread = NAN;
}

// 01-pi: embarrassing correct and fast, openmp wrong at 3 workers, mpi does not
// compile; 05-turbine could not be graded.
static struct grading *
made_up(void)
{
  static struct grading g;
  static struct exercise_result e[2];
  memset(&g, 0, sizeof g);
  memset(e, 0, sizeof e);
  g.seed = 42;
  g.cores = 2;
  g.nexercises = 2;
  g.exercises = e;

  struct exercise_result *pi = &e[0];
  snprintf(pi->name, sizeof pi->name, "01-pi");
  snprintf(pi->spec.title, sizeof pi->spec.title, "Pi by throwing darts");
  pi->graded = 1;
  pi->seed = 42;
  pi->size = 1000;
  pi->cores = 2;
  pi->runs = 3;
  pi->serial_seconds = 2.0;
  pi->ncounts = 3;
  int counts[] = {1, 2, 3};
  for (int i = 0; i < 3; i++) {
    pi->counts[i] = counts[i];
    pi->timed[i] = counts[i] <= 2;
    pi->launch_seconds[i] = NAN;
  }
  pi->nversions = 3;
  const char *names[] = {"embarrassing", "openmp", "mpi"};
  for (int v = 0; v < 3; v++) {
    struct version_result *r = &pi->versions[v];
    snprintf(r->version, sizeof r->version, "%s", names[v]);
    snprintf(r->source, sizeof r->source, "sub/01-pi/%s.c", names[v]);
    r->max_score = 10;
    r->speedup = r->efficiency = r->speedup_nl = r->efficiency_nl = NAN;
    r->scored_speedup = r->reference_speedup = r->serial_fraction = NAN;
  }
  struct version_result *emb = &pi->versions[0];
  emb->build = BUILD_OK;
  emb->nconfigs = 3;
  config(&emb->configs[0], 1, 1, 0.98, 0.99);
  config(&emb->configs[1], 2, 1, 1.85, 1.9);
  config(&emb->configs[2], 3, 0, NAN, NAN);
  emb->correct = 1;
  emb->touched = emb->timed = 1;
  emb->scored_speedup = 1.85;
  emb->serial_fraction = 0.08;  // Karp-Flatt of 1.85 at 2 workers
  emb->points_correct = 4;
  emb->points_speedup = 6;
  emb->score = 10;
  emb->nfeedback = 1;
  snprintf(emb->feedback[0], GRADER_TEXT, "Correct, speedup 1.85 at 2 workers.");

  struct version_result *omp = &pi->versions[1];
  omp->build = BUILD_OK;
  omp->nconfigs = 3;
  config(&omp->configs[0], 1, 1, 1.0, NAN);
  config(&omp->configs[1], 2, 1, 1.5, NAN);
  config(&omp->configs[2], 3, 0, NAN, NAN);
  omp->configs[2].verdict = VERDICT_WRONG;
  snprintf(omp->configs[2].message, GRADER_MSG,
           "wrong answer with 3 workers: hits: expected 7, got 6 (tolerance: exact)");
  omp->nfeedback = 1;
  snprintf(omp->feedback[0], GRADER_TEXT, "Wrong answer with 3 workers & \"more\".");

  struct version_result *mpi = &pi->versions[2];
  mpi->build = BUILD_FAILED;
  snprintf(mpi->build_errors, GRADER_TEXT, "%s", NASTY);
  mpi->nfeedback = 1;
  snprintf(mpi->feedback[0], GRADER_TEXT, "mpi.c does not compile:\n%s", NASTY);

  pi->score = 10;
  pi->max_score = 30;

  struct exercise_result *t = &e[1];
  snprintf(t->name, sizeof t->name, "05-turbine");
  snprintf(t->error, sizeof t->error, "exercise.ini: line 3: <bad> & \"worse\"");
  t->max_score = 20;
  g.score = 10;
  g.max_score = 50;
  g.seconds = 94.6;
  return &g;
}

// Writes with fn into a string (free it).
static char *
capture(void (*fn)(FILE *, const struct grading *), const struct grading *g)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fn(f, g);
  fclose(f);
  return text;
}

static int
count(const char *text, const char *what)
{
  int n = 0;
  for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
    n++;
  return n;
}

static void
junit_writer(FILE *f, const struct grading *g)
{
  CU_ASSERT_EQUAL(report_junit(f, g), 0);
}

static void
test_junit(void)
{
  char *xml = capture(junit_writer, made_up());
  const char *problem = xml_problem(xml);
  if (problem)
    fprintf(stderr, "\n  not well-formed: %s\n%s\n", problem, xml);
  CU_ASSERT_PTR_NULL(problem);
  CU_ASSERT_NOT_EQUAL(xmllint_ok(xml), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<testsuites name=\"pargrade\" tests=\"4\" "
                                     "failures=\"2\" errors=\"1\""));
  CU_ASSERT_EQUAL(count(xml, "<testsuite "), 2);
  CU_ASSERT_EQUAL(count(xml, "<testcase "), 4);
  CU_ASSERT_EQUAL(count(xml, "<failure "), 2);
  CU_ASSERT_EQUAL(count(xml, "<error "), 1);
  // The verdicts, as failure messages.
  CU_ASSERT_PTR_NOT_NULL(strstr(xml, "message=\"wrong answer with 3 workers: hits: "
                                     "expected 7, got 6 (tolerance: exact)\""));
  CU_ASSERT_PTR_NOT_NULL(strstr(xml, "message=\"mpi.c does not compile: mpi.c:3:9: error: "
                                     "expected expression before &apos;;&apos; token\""));
  // The compiler's text, escaped: <, &, quotes, control characters, bad bytes.
  CU_ASSERT_PTR_NOT_NULL(strstr(xml, "if (a &lt; b &amp;&amp; c &gt; \"d\") x = ; "
                                     "\\x01\\x1B[31m\xEF\xBF\xBD\xEF\xBF\xBD end"));
  CU_ASSERT_PTR_NOT_NULL(strstr(xml, "exercise.ini: line 3: &lt;bad&gt; &amp; \"worse\""));
  CU_ASSERT_PTR_NULL(strchr(xml, '\x01'));
  CU_ASSERT_PTR_NULL(strchr(xml, '\x1b'));
  free(xml);
}

static void
test_xml_text(void)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  report_xml_text(f, "a<b>&\"c'\n\td\r\x7f\x02", 1);
  fputc('|', f);
  report_xml_text(f, "a<b>&\"c'\n\td", 0);
  fputc('|', f);
  report_xml_text(f, "caf\xc3\xa9 \xc3 \xed\xa0\x80 \xef\xbf\xbf", 0);  // é, cut, surrogate, U+FFFF
  fclose(f);
  CU_ASSERT_STRING_EQUAL(text, "a&lt;b&gt;&amp;&quot;c&apos;&#10;&#9;d&#13;\x7f\\x02|"
                               "a&lt;b&gt;&amp;\"c'\n\td|"
                               "caf\xc3\xa9 \xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                               " \xef\xbf\xbd");
  free(text);
  char *clean = report_utf8("ok \xc3\xa9 \xff!");
  CU_ASSERT_STRING_EQUAL(clean, "ok \xc3\xa9 \xef\xbf\xbd!");
  free(clean);
}

static void
gradescope_writer(FILE *f, const struct grading *g)
{
  CU_ASSERT_EQUAL(report_gradescope(f, g), 0);
}

static cJSON *
test_named(cJSON *tests, const char *name)
{
  cJSON *t;
  cJSON_ArrayForEach(t, tests)
    if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(t, "name")), name) == 0)
      return t;
  return NULL;
}

static void
test_gradescope(void)
{
  char *text = capture(gradescope_writer, made_up());
  CU_ASSERT_PTR_NULL(strchr(text, '\xff'));  // valid UTF-8 whatever the compiler said
  cJSON *root = cJSON_Parse(text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(root);
  CU_ASSERT_DOUBLE_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "score")), 10, 1e-9);
  cJSON *tests = cJSON_GetObjectItem(root, "tests");
  CU_ASSERT_EQUAL(cJSON_GetArraySize(tests), 4);
  double sum = 0, max = 0;
  cJSON *t;
  cJSON_ArrayForEach(t, tests) {
    sum += cJSON_GetNumberValue(cJSON_GetObjectItem(t, "score"));
    max += cJSON_GetNumberValue(cJSON_GetObjectItem(t, "max_score"));
    const char *status = cJSON_GetStringValue(cJSON_GetObjectItem(t, "status"));
    CU_ASSERT(strcmp(status, "passed") == 0 || strcmp(status, "failed") == 0);
    CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(t, "visibility")),
                           "visible");
    CU_ASSERT_PTR_NOT_NULL(cJSON_GetStringValue(cJSON_GetObjectItem(t, "output")));
  }
  CU_ASSERT_DOUBLE_EQUAL(sum, 10, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(max, 50, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(
      cJSON_GetObjectItem(root, "extra_data"), "max_score")), 50, 1e-9);

  cJSON *emb = test_named(tests, "01-pi: embarrassing");
  CU_ASSERT_PTR_NOT_NULL_FATAL(emb);
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(emb, "status")), "passed");
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(emb, "output")),
                                "Correct, speedup 1.85 at 2 workers."));
  cJSON *omp = test_named(tests, "01-pi: openmp");
  CU_ASSERT_PTR_NOT_NULL_FATAL(omp);
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(omp, "status")), "failed");
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(omp, "output")),
                                "wrong answer with 3 workers"));
  cJSON *mpi = test_named(tests, "01-pi: mpi");
  CU_ASSERT_PTR_NOT_NULL_FATAL(mpi);
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(mpi, "output")),
                                "x = ; \x01\x1b[31m\xef\xbf\xbd\xef\xbf\xbd end"));
  // The leaderboard: 01-pi's best correct, timed speedup; 05-turbine's none.
  cJSON *board = cJSON_GetObjectItem(root, "leaderboard");
  CU_ASSERT_EQUAL(cJSON_GetArraySize(board), 2);
  cJSON *pi_board = cJSON_GetArrayItem(board, 0);
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(pi_board, "name")),
                         "01-pi speedup");
  CU_ASSERT_DOUBLE_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(pi_board, "value")),
                         1.85, 1e-9);
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(pi_board, "order")),
                         "desc");
  CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(board, 1),
                                                           "value")), 0);
  CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "execution_time")), 95);
  cJSON *turbine = test_named(tests, "05-turbine");  // the exercise-level test
  CU_ASSERT_PTR_NOT_NULL_FATAL(turbine);
  CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(turbine, "score")), 0);
  CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(turbine, "max_score")), 20);
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(turbine, "output")),
                                "Not graded: exercise.ini: line 3"));
  cJSON_Delete(root);
  free(text);
}

static void
classroom_writer(FILE *f, const struct grading *g)
{
  CU_ASSERT_EQUAL(report_classroom(f, g), 0);
}

// Base64 (RFC 4648) back to bytes, NUL-terminated (free it); NULL on a bad character.
static char *
base64_decode(const char *text)
{
  static const char digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char *out = calloc(strlen(text) + 1, 1);
  size_t n = 0, bits = 0;
  unsigned long v = 0;
  for (const char *c = text; *c && *c != '\n' && *c != '='; c++) {
    const char *d = strchr(digits, *c);
    if (!d) {
      free(out);
      return NULL;
    }
    v = v << 6 | (unsigned long)(d - digits);
    if ((bits += 6) >= 8)
      out[n++] = (char)(v >> (bits -= 8) & 255);
  }
  return out;
}

// GitHub Classroom's result: one line of base64; decoded, the reporter's fields, the
// same tests, scores and texts as Gradescope's report of the same grading.
static void
test_classroom(void)
{
  char *text = capture(classroom_writer, made_up());
  CU_ASSERT_EQUAL(strcspn(text, "\n"), strlen(text) - 1);  // one line
  char *json = base64_decode(text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(json);
  cJSON *root = cJSON_Parse(json);
  CU_ASSERT_PTR_NOT_NULL_FATAL(root);
  CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "version")), 1);
  // 05-turbine could not be graded (the project's fault, not the student's): error.
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(root, "status")),
                         "error");
  CU_ASSERT_DOUBLE_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "max_score")), 50,
                         1e-9);
  char *gs_text = capture(gradescope_writer, made_up());
  cJSON *gs = cJSON_Parse(gs_text);
  cJSON *tests = cJSON_GetObjectItem(root, "tests");
  cJSON *gs_tests = cJSON_GetObjectItem(gs, "tests");
  CU_ASSERT_EQUAL(cJSON_GetArraySize(tests), cJSON_GetArraySize(gs_tests));
  cJSON *t;
  cJSON_ArrayForEach(t, tests) {
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(t, "name"));
    cJSON *same = test_named(gs_tests, name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(same);
    CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(t, "score")),
                    cJSON_GetNumberValue(cJSON_GetObjectItem(same, "score")));
    CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(t, "message")),
                           cJSON_GetStringValue(cJSON_GetObjectItem(same, "output")));
    const char *status = cJSON_GetStringValue(cJSON_GetObjectItem(t, "status"));
    const char *gs_status = cJSON_GetStringValue(cJSON_GetObjectItem(same, "status"));
    CU_ASSERT_STRING_EQUAL(status, strcmp(gs_status, "passed") == 0 ? "pass" : "fail");
  }
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(
      test_named(tests, "01-pi: embarrassing"), "status")), "pass");
  CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(
      test_named(tests, "01-pi: embarrassing"), "score")), 10);
  cJSON_Delete(gs);
  cJSON_Delete(root);
  free(gs_text);
  free(json);
  free(text);
}

static void
test_csv(void)
{
  cJSON *a = report_tree(made_up());
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  // A second student with one more exercise and 05-turbine graded.
  cJSON *b = cJSON_Parse(
      "{\"score\": 12.25, \"max_score\": 50, \"exercises\": ["
      "{\"name\": \"00-choose\", \"versions\": [{\"version\": \"choices\", \"score\": 7}]},"
      "{\"name\": \"01-pi\", \"versions\": [{\"version\": \"openmp\", \"score\": 5.25}]},"
      "{\"name\": \"05-turbine\", \"score\": 0, \"versions\": []}]}");
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  const char *students[] = {"Smith, \"J\"", "=cmd|'/c calc'!A1"};
  cJSON *reports[] = {a, b};
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  CU_ASSERT_EQUAL(report_csv(f, students, reports, 2), 0);
  fclose(f);
  CU_ASSERT_STRING_EQUAL(text,
      "student,total,max,01-pi/embarrassing,01-pi/openmp,01-pi/mpi,05-turbine,"
      "00-choose/choices\r\n"
      "\"Smith, \"\"J\"\"\",10,50,10,0,0,0,\r\n"
      "'=cmd|'/c calc'!A1,12.25,50,,5.25,,0,7\r\n");
  free(text);
  cJSON_Delete(a);
  cJSON_Delete(b);

  text = NULL;
  f = open_memstream(&text, &len);
  report_csv_field(f, "line\nbreak", 1);
  fputc(',', f);
  report_csv_field(f, "-1", 0);
  fputc(',', f);
  report_csv_field(f, "@x", 1);
  fclose(f);
  CU_ASSERT_STRING_EQUAL(text, "\"line\nbreak\",-1,'@x");
  free(text);
}

static void
test_plot(void)
{
  struct grading *g = made_up();
  char *svg = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&svg, &len);
  report_plot_svg(f, &g->exercises[0]);
  fclose(f);
  const char *problem = xml_problem(svg);
  if (problem)
    fprintf(stderr, "\n  not well-formed: %s\n", problem);
  CU_ASSERT_PTR_NULL(problem);
  CU_ASSERT_NOT_EQUAL(xmllint_ok(svg), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  // The series: the ideal, each timed version, the reference where it was timed.
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "data-version=\"ideal\""));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "data-version=\"embarrassing\" data-kind=\"whole run\""));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "data-version=\"embarrassing\" data-kind=\"reference\""));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "data-version=\"openmp\" data-kind=\"whole run\""));
  CU_ASSERT_PTR_NULL(strstr(svg, "data-version=\"openmp\" data-kind=\"reference\""));
  CU_ASSERT_PTR_NULL(strstr(svg, "data-version=\"mpi\""));  // did not compile: no line
  CU_ASSERT_EQUAL(count(svg, "<circle "), 6);  // 2 timed counts x 3 series
  // The Amdahl curve of the one serial fraction measured, and its legend.
  CU_ASSERT_EQUAL(count(svg, "class=\"amdahl\""), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "data-version=\"embarrassing\" "
                                     "data-serial-fraction=\"0.08\""));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">embarrassing: Amdahl, serial 0.08</text>"));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "speedup 1.85 at 2 workers"));
  // Title, axes, legend.
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "01-pi (Pi by throwing darts): speedup against workers"));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">workers (processes, threads or ranks)</text>"));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">speedup (serial seconds / version seconds)</text>"));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">ideal (speedup = workers)</text>"));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">openmp (wrong answer)</text>"));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">mpi: does not compile, not timed</text>"));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">embarrassing: reference solution</text>"));
  CU_ASSERT_PTR_NULL(strstr(svg, "nan"));
  free(svg);

  // --quick: nothing timed, and the picture says so.
  struct exercise_result *quick = malloc(sizeof *quick);
  CU_ASSERT_PTR_NOT_NULL_FATAL(quick);
  *quick = g->exercises[0];
  quick->quick = 1;
  quick->runs = 0;
  quick->serial_seconds = NAN;
  for (int v = 0; v < quick->nversions; v++)
    for (int i = 0; i < quick->versions[v].nconfigs; i++)
      quick->versions[v].configs[i].timed = 0;
  svg = NULL;
  f = open_memstream(&svg, &len);
  report_plot_svg(f, quick);
  fclose(f);
  CU_ASSERT_PTR_NULL(xml_problem(svg));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "no timings: --quick checks correctness only"));
  CU_ASSERT_PTR_NOT_NULL(strstr(svg, "not timed (--quick)"));
  CU_ASSERT_EQUAL(count(svg, "<circle "), 0);
  CU_ASSERT_PTR_NULL(strstr(svg, "nan"));
  free(svg);
  free(quick);

  // Files: one per exercise, in a directory that is made.
  char dir[] = "/tmp/test-plot-XXXXXX";
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
  char sub[128], path[192], err[256];
  snprintf(sub, sizeof sub, "%s/a/b", dir);
  CU_ASSERT_EQUAL(report_plot(sub, g, err, sizeof err), 2);
  struct stat st;
  snprintf(path, sizeof path, "%s/01-pi.svg", sub);
  CU_ASSERT_EQUAL(stat(path, &st), 0);
  snprintf(path, sizeof path, "%s/05-turbine.svg", sub);
  CU_ASSERT_EQUAL(stat(path, &st), 0);
  char *text = file_read(path, 1 << 20);
  CU_ASSERT_PTR_NOT_NULL_FATAL(text);
  CU_ASSERT_PTR_NULL(xml_problem(text));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "not graded"));
  free(text);
  CU_ASSERT_EQUAL(program_remove_dir(dir), 0);
}

static void
test_well_formed_check(void)
{
  // The checker itself catches what it is there to catch.
  CU_ASSERT_PTR_NULL(xml_problem("<?xml version=\"1.0\"?>\n<a b=\"&lt;\"><c/>x &amp; y</a>\n"));
  CU_ASSERT_PTR_NOT_NULL(xml_problem("<a><b></a></b>"));
  CU_ASSERT_PTR_NOT_NULL(xml_problem("<a>x & y</a>"));
  CU_ASSERT_PTR_NOT_NULL(xml_problem("<a b=\"<\"/>"));
  CU_ASSERT_PTR_NOT_NULL(xml_problem("<a>\x01</a>"));
  CU_ASSERT_PTR_NOT_NULL(xml_problem("<a></a><b></b>"));
}

void
register_reports(void)
{
  CU_pSuite s = CU_add_suite("reports: junit, gradescope, csv, plot", NULL, NULL);
  CU_add_test(s, "the XML check itself", test_well_formed_check);
  CU_add_test(s, "XML text and UTF-8 escaping", test_xml_text);
  CU_add_test(s, "JUnit XML: shape, verdicts, escaping", test_junit);
  CU_add_test(s, "Gradescope results.json", test_gradescope);
  CU_add_test(s, "GitHub Classroom's result", test_classroom);
  CU_add_test(s, "CSV: columns, quoting, formulas", test_csv);
  CU_add_test(s, "SVG plots: well-formed, the expected series", test_plot);
}
