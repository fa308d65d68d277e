// The reports made from a grading: JUnit XML, CSV and the SVG plots, on the made-up
// grading of reports_fixture.c (the course platforms' are in
// test_platform_reports.c).
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
#include "reports_fixture.h"
#include "xml_check.h"

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

// The class page of two students: the made-up grading and a second whose name needs
// escaping and who got a speedup; every text escaped, nothing to fetch.
static void
test_html(void)
{
  cJSON *a = report_tree(made_up());
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  cJSON *b = cJSON_Parse(
      "{\"score\": 10, \"max_score\": 30, \"exercises\": [{\"name\": \"01-pi\", "
      "\"graded\": true, \"score\": 10, \"versions\": [{\"version\": \"embarrassing\", "
      "\"build\": \"ok\", \"correct\": true, \"started\": true, \"timed\": true, "
      "\"scored_speedup\": 1.5, \"reference_speedup\": 1.9, \"score\": 10, "
      "\"feedback\": [\"Correct, speedup 1.50 at 2 workers.\"]}]}]}");
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  const char *students[] = {"alice", "<b>&bob"};
  cJSON *reports[] = {a, b};
  char *html = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&html, &len);
  CU_ASSERT_EQUAL(report_html(f, students, reports, 2), 0);
  fclose(f);
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "<body data-students=\"2\" data-versions=\"3\">"));
  CU_ASSERT_EQUAL(count(html, "<tr class=\"student\">"), 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "&lt;b&gt;&amp;bob"));
  CU_ASSERT_PTR_NULL(strstr(html, "<b>&bob"));
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "<li>correct: <b>2</b></li>"));  // embarrassing
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "<li>does not compile: <b>1</b></li>"));
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "<li>wrong answer: <b>1</b></li>"));
  CU_ASSERT_PTR_NOT_NULL(strstr(html, ">reference 1.90<"));   // the median of 1.9 and 1.9
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "&lt;b&gt;&amp;bob: 1.50</title>"));  // a dot
  CU_ASSERT_PTR_NULL(strstr(html, "\xff"));  // the compiler's bytes made U+FFFD
  CU_ASSERT_PTR_NULL(strstr(html, "http"));
  free(html);
  cJSON_Delete(a);
  cJSON_Delete(b);
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
  CU_pSuite s = CU_add_suite("reports: junit, csv, html, plot", NULL, NULL);
  CU_add_test(s, "the XML check itself", test_well_formed_check);
  CU_add_test(s, "XML text and UTF-8 escaping", test_xml_text);
  CU_add_test(s, "JUnit XML: shape, verdicts, escaping", test_junit);
  CU_add_test(s, "CSV: columns, quoting, formulas", test_csv);
  CU_add_test(s, "the class page: counts, escaping, offline", test_html);
  CU_add_test(s, "SVG plots: well-formed, the expected series", test_plot);
}
