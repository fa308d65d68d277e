// The grader's reports, under a heading per file: the terminal table, JSON, JUnit
// XML, Gradescope's results.json, GitHub Classroom's result, PrairieLearn's
// results.json, the class CSV and the SVG plots.
#ifndef GRADER_REPORT_H
#define GRADER_REPORT_H

#include <stdio.h>

#include "grader.h"

// report_table.c and report_json.c: the reports.

struct grading {
  uint64_t seed;
  int seed_drawn;               // 1: drawn at grading time, not given with --seed
  int cores;
  int nexercises;
  struct exercise_result *exercises;
  double score, max_score;
  double seconds;               // the grading's wall-clock time (0: not measured)
};

void report_table(FILE *out, const struct grading *g, int colour);
// Returns 0, or -1 when out of memory.
int report_json(FILE *out, const struct grading *g);

// ---------------------------------------------------------------------------------
// report_junit.c: JUnit XML (one testcase per exercise version), and the XML and
// UTF-8 helpers the other reports share.

struct cJSON;  // cJSON's tree, for the functions that take or give one

// Returns 0, or -1 when writing failed.
int report_junit(FILE *out, const struct grading *g);
// Writes text as XML character data: & < > escaped, bytes that are not UTF-8 as
// U+FFFD, control characters (not allowed in XML 1.0) as "\xNN"; in an attribute
// (attribute = 1) also quotes, tabs and line breaks, as references.
void report_xml_text(FILE *out, const char *text, int attribute);
// A copy of text that is valid UTF-8: each byte that is not becomes U+FFFD (free it).
char *report_utf8(const char *text);
// The verdict of a version in one line ("not submitted", "mpi.c does not compile:
// ...", "wrong answer with 3 workers: ...") with its kind in *kind, written in buf
// when it is made up; NULL when the version passed (builds, correct at every count).
const char *report_verdict(const struct version_result *v, const char **kind, char *buf,
                           size_t len);

// ---------------------------------------------------------------------------------
// report_gradescope.c: Gradescope's results.json (one test per exercise version).

// Returns 0, or -1 when out of memory or writing failed.
int report_gradescope(FILE *out, const struct grading *g);
// Points as the platforms get them: rounded to 0.01, 0 for NAN (so that a total of
// rounded scores and the scores agree).
double report_points(double x);
// A version's result as the text of one test (the course platforms' reports): the
// verdict, its points, the speedup, the feedback and the compiler's errors (free it;
// NULL when out of memory).
char *report_version_text(const struct exercise_result *e, const struct version_result *v);

// ---------------------------------------------------------------------------------
// report_classroom.c: what GitHub Classroom's autograding reporter reads, one test
// per exercise version, as base64 of its JSON (a step's `result` output).

// Returns 0, or -1 when out of memory or writing failed.
int report_classroom(FILE *out, const struct grading *g);

// ---------------------------------------------------------------------------------
// report_prairielearn.c: PrairieLearn's external grading results.json (one test per
// exercise version; "gradable": false when an exercise could not be graded).

// Returns 0, or -1 when out of memory or writing failed.
int report_prairielearn(FILE *out, const struct grading *g);

// ---------------------------------------------------------------------------------
// report_csv.c: CSV (RFC 4180), one row per student, made from JSON reports.

// The JSON report of g (report_json's) as a cJSON tree (free with cJSON_Delete), or NULL.
struct cJSON *report_tree(const struct grading *g);
// Writes the header (student,total,max,NN-name/VERSION...) and one row per report.
// Returns 0, or -1 when out of memory or writing failed.
int report_csv(FILE *out, const char *const *students, struct cJSON *const *reports,
               int n);
// One field, quoted when it must be; guard = 1 keeps a leading = + - @ from being
// read as a formula by a spreadsheet (a ' goes before it).
void report_csv_field(FILE *out, const char *text, int guard);

// ---------------------------------------------------------------------------------
// report_html.c: one self-contained HTML page of a class (or one student), from JSON
// reports as report_csv takes them.

// Returns 0, or -1 when writing failed.
int report_html(FILE *out, const char *const *students, struct cJSON *const *reports,
                int n);

// ---------------------------------------------------------------------------------
// report_plot.c: --plot DIR, an SVG of speedup against workers per exercise.

// The SVG of one exercise.
void report_plot_svg(FILE *out, const struct exercise_result *e);
// Writes DIR/NN-name.svg for each exercise with runs (not 00-choose), making DIR.
// Returns how many, or -1 with err set.
int report_plot(const char *dir, const struct grading *g, char *err, size_t errlen);

#endif
