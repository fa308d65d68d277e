// The class report as one HTML page (class mode's DIR-reports/index.html, and
// --format html for one student): per exercise and version, how many students got
// each verdict, their speedups against the reference solution's, and the feedback
// most of them got; a leaderboard; a table of the students that sorts by any column;
// each student's feedback one click away. It is made from JSON reports (report_json's
// shape), as the CSV is. Self-contained, for a workshop without a network: inline CSS
// and SVG and a few lines of script (sorting, opening a student); nothing is fetched.
#define _GNU_SOURCE
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "report/report.h"

#define HTML_MAX_COLUMNS 64   // exercise versions on one page
#define HTML_MAX_KINDS 16     // verdicts or feedback texts counted per version
#define HTML_FEEDBACK_KEY 100 // characters of a feedback text that group it

struct html_column {
  char exercise[GRADER_NAME], version[GRADER_NAME];
};

struct html_count {
  char what[HTML_FEEDBACK_KEY + 1];
  int n;
};

static const char *
html_string(cJSON *o, const char *name)
{
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(o, name));
  return s ? s : "";
}

static double
html_number(cJSON *o, const char *name)
{
  cJSON *n = cJSON_GetObjectItem(o, name);
  return cJSON_IsNumber(n) ? n->valuedouble : NAN;
}

// Text as HTML: & < > " ' escaped, bytes that are not UTF-8 as U+FFFD.
static void
html_text(FILE *out, const char *text)
{
  char *clean = report_utf8(text);
  for (const char *s = clean ? clean : ""; *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&#39;", out); break;
    default: fputc(*s, out);
    }
  }
  free(clean);
}

// The version object of `exercise`/`version` in a student's report, or NULL.
static cJSON *
html_version(cJSON *report, const struct html_column *c)
{
  cJSON *e, *v;
  cJSON_ArrayForEach(e, cJSON_GetObjectItem(report, "exercises")) {
    if (strcmp(html_string(e, "name"), c->exercise) != 0)
      continue;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(e, "versions"))
      if (strcmp(html_string(v, "version"), c->version) == 0)
        return v;
  }
  return NULL;
}

// One word for a version's outcome: "correct", "not started", "not submitted", "does
// not compile", or the verdict of its first run that was not correct.
static const char *
html_verdict(cJSON *v)
{
  if (!v)
    return "not graded";
  if (strcmp(html_string(v, "build"), "not submitted") == 0)
    return "not submitted";
  if (strcmp(html_string(v, "build"), "failed") == 0)
    return "does not compile";
  if (cJSON_IsTrue(cJSON_GetObjectItem(v, "correct")))
    return cJSON_IsFalse(cJSON_GetObjectItem(v, "started")) ? "not started" : "correct";
  cJSON *r;
  cJSON_ArrayForEach(r, cJSON_GetObjectItem(v, "runs"))
    if (strcmp(html_string(r, "verdict"), "correct") != 0)
      return html_string(r, "verdict");
  return "wrong";
}

// Adds one to `what`'s count (a new kind while there is room).
static void
html_count(struct html_count *c, int *n, const char *what)
{
  for (int i = 0; i < *n; i++)
    if (strcmp(c[i].what, what) == 0) {
      c[i].n++;
      return;
    }
  if (*n < HTML_MAX_KINDS) {
    snprintf(c[*n].what, sizeof c[*n].what, "%s", what);
    c[(*n)++].n = 1;
  }
}

static int
html_by_count(const void *a, const void *b)
{
  return ((const struct html_count *)b)->n - ((const struct html_count *)a)->n;
}

// Every exercise version that any report holds, in the order first seen.
static int
html_columns(cJSON *const *reports, int n, struct html_column *cols)
{
  int ncols = 0;
  for (int r = 0; r < n; r++) {
    cJSON *e, *v;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(reports[r], "exercises"))
      cJSON_ArrayForEach(v, cJSON_GetObjectItem(e, "versions")) {
        struct html_column c = {"", ""};
        snprintf(c.exercise, sizeof c.exercise, "%s", html_string(e, "name"));
        snprintf(c.version, sizeof c.version, "%s", html_string(v, "version"));
        int found = 0;
        for (int i = 0; i < ncols && !found; i++)
          found = !strcmp(cols[i].exercise, c.exercise) &&
                  !strcmp(cols[i].version, c.version);
        if (!found && ncols < HTML_MAX_COLUMNS)
          cols[ncols++] = c;
      }
  }
  return ncols;
}

// The speedups of the correct, timed versions as dots on a line, the reference
// solution's (the median of those timed beside them) as a dashed mark.
static void
html_speedups(FILE *out, const char *const *students, cJSON *const *reports, int n,
              const struct html_column *c)
{
  double refs[n > 0 ? n : 1], top = 2.2;
  int nrefs = 0, dots = 0;
  for (int r = 0; r < n; r++) {
    cJSON *v = html_version(reports[r], c);
    double s = html_number(v, "scored_speedup"), ref = html_number(v, "reference_speedup");
    if (!isnan(ref) && cJSON_IsTrue(cJSON_GetObjectItem(v, "timed")))
      refs[nrefs++] = ref;
    if (!isnan(s) && cJSON_IsTrue(cJSON_GetObjectItem(v, "correct"))) {
      dots++;
      top = fmax(top, s * 1.1);
    }
  }
  if (dots == 0) {
    fputs("<p class=\"none\">No correct version was timed yet.</p>\n", out);
    return;
  }
  const double width = 480, left = 20, right = 20;
  double scale = (width - left - right) / top;
  fprintf(out, "<svg class=\"speedups\" width=\"%g\" height=\"64\" role=\"img\">\n"
          "<line x1=\"%g\" y1=\"40\" x2=\"%g\" y2=\"40\" stroke=\"#999\"/>\n", width, left,
          width - right);
  for (int t = 0; t <= (int)top; t++)
    fprintf(out, "<text x=\"%.1f\" y=\"58\" font-size=\"11\" text-anchor=\"middle\">%d"
            "</text>\n", left + t * scale, t);
  if (nrefs > 0) {
    // The median of the reference's speedups: the bar the points were measured against.
    for (int i = 1; i < nrefs; i++)
      for (int j = i; j > 0 && refs[j] < refs[j - 1]; j--) {
        double t = refs[j];
        refs[j] = refs[j - 1];
        refs[j - 1] = t;
      }
    double ref = nrefs % 2 ? refs[nrefs / 2] : (refs[nrefs / 2 - 1] + refs[nrefs / 2]) / 2;
    fprintf(out, "<line class=\"reference\" x1=\"%.1f\" y1=\"12\" x2=\"%.1f\" y2=\"46\" "
            "stroke=\"#c0392b\" stroke-dasharray=\"4 3\"><title>reference solution: "
            "%.2f</title></line>\n<text x=\"%.1f\" y=\"10\" font-size=\"11\" "
            "fill=\"#c0392b\" text-anchor=\"middle\">reference %.2f</text>\n",
            left + ref * scale, left + ref * scale, ref, left + ref * scale, ref);
  }
  for (int r = 0; r < n; r++) {
    cJSON *v = html_version(reports[r], c);
    double s = html_number(v, "scored_speedup");
    if (isnan(s) || !cJSON_IsTrue(cJSON_GetObjectItem(v, "correct")))
      continue;
    fprintf(out, "<circle class=\"speedup\" cx=\"%.1f\" cy=\"%d\" r=\"5\"><title>",
            left + s * scale, 26 + (r % 3) * 6);  // three rows, so that equal ones show
    html_text(out, students[r]);
    fprintf(out, ": %.2f</title></circle>\n", s);
  }
  fputs("</svg>\n", out);
}

// What groups a feedback text with the same words for other students: its numbers
// made #, so that "2 workers" and "3 workers" count as one, and its paths cut to
// their file names (each student's folder is another path).
static void
html_feedback_key(const char *text, char *key, size_t len)
{
  size_t k = 0;
  for (const char *s = text; s && *s && k + 1 < len;) {
    size_t word = strcspn(s, " \n");
    if (memchr(s, '/', word)) {  // a path: on from its last part, which has no '/'
      const char *last = s + word;
      while (last[-1] != '/')
        last--;
      s = last;
      continue;
    }
    key[k++] = isdigit((unsigned char)*s) ? '#' : *s == '\n' ? ' ' : *s;
    s++;
  }
  key[k] = '\0';
}

// One exercise version across the class: verdicts, speedups, the commonest feedback
// (html_feedback_key).
static void
html_version_section(FILE *out, const char *const *students, cJSON *const *reports,
                     int n, const struct html_column *c)
{
  struct html_count verdicts[HTML_MAX_KINDS], feedback[HTML_MAX_KINDS];
  int nverdicts = 0, nfeedback = 0;
  for (int r = 0; r < n; r++) {
    cJSON *v = html_version(reports[r], c), *f;
    html_count(verdicts, &nverdicts, html_verdict(v));
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(v, "feedback")) {
      char key[HTML_FEEDBACK_KEY + 1];
      html_feedback_key(cJSON_GetStringValue(f), key, sizeof key);
      html_count(feedback, &nfeedback, key);
    }
  }
  qsort(verdicts, (size_t)nverdicts, sizeof verdicts[0], html_by_count);
  qsort(feedback, (size_t)nfeedback, sizeof feedback[0], html_by_count);
  fputs("<section class=\"version\"><h3>", out);
  html_text(out, c->exercise);
  fputs(": ", out);
  html_text(out, c->version);
  fputs("</h3>\n<ul class=\"verdicts\">", out);
  for (int i = 0; i < nverdicts; i++) {
    fputs("<li>", out);
    html_text(out, verdicts[i].what);
    fprintf(out, ": <b>%d</b></li>", verdicts[i].n);
  }
  fputs("</ul>\n", out);
  html_speedups(out, students, reports, n, c);
  fputs("<ol class=\"feedback\">\n", out);
  for (int i = 0; i < nfeedback && i < 3; i++) {
    fprintf(out, "<li><b>%d&times;</b> ", feedback[i].n);
    html_text(out, feedback[i].what);
    fputs(strlen(feedback[i].what) == HTML_FEEDBACK_KEY ? "&hellip;</li>\n" : "</li>\n",
          out);
  }
  fputs("</ol></section>\n", out);
}

// Per exercise, the students' best correct, timed speedups, highest first.
static void
html_leaderboard(FILE *out, const char *const *students, cJSON *const *reports, int n,
                 const struct html_column *cols, int ncols)
{
  fputs("<section id=\"leaderboard\"><h2>Leaderboard</h2>\n", out);
  for (int c = 0; c < ncols; c++) {
    if (c > 0 && strcmp(cols[c].exercise, cols[c - 1].exercise) == 0)
      continue;  // one board per exercise
    int order[n > 0 ? n : 1], shown = 0;
    double best[n > 0 ? n : 1];
    for (int r = 0; r < n; r++) {
      best[r] = 0;
      for (int k = c; k < ncols && strcmp(cols[k].exercise, cols[c].exercise) == 0; k++) {
        cJSON *v = html_version(reports[r], &cols[k]);
        double s = html_number(v, "scored_speedup");
        if (cJSON_IsTrue(cJSON_GetObjectItem(v, "correct")) && s > best[r])
          best[r] = s;
      }
      if (best[r] > 0)
        order[shown++] = r;
    }
    for (int i = 1; i < shown; i++)
      for (int j = i; j > 0 && best[order[j]] > best[order[j - 1]]; j--) {
        int t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }
    fputs("<div class=\"board\"><h3>", out);
    html_text(out, cols[c].exercise);
    fputs("</h3><ol>", out);
    for (int i = 0; i < shown && i < 10; i++) {
      fputs("<li>", out);
      html_text(out, students[order[i]]);
      fprintf(out, " <b>%.2f</b></li>", best[order[i]]);
    }
    fputs(shown ? "</ol></div>\n" : "</ol><p class=\"none\">No correct version was timed "
          "yet.</p></div>\n", out);
  }
  fputs("</section>\n", out);
}

// A cell that sorts by `key` (a number) and shows `text`.
static void
html_number_cell(FILE *out, double key, const char *text)
{
  if (isnan(key))
    fputs("<td data-key=\"-1\">-</td>", out);
  else
    fprintf(out, "<td data-key=\"%g\">%s</td>", key, text);
}

static void
html_students_table(FILE *out, const char *const *students, cJSON *const *reports, int n)
{
  // The exercises, in the order first seen.
  char names[HTML_MAX_COLUMNS][GRADER_NAME];
  int nex = 0;
  for (int r = 0; r < n; r++) {
    cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(reports[r], "exercises")) {
      int found = 0;
      for (int i = 0; i < nex && !found; i++)
        found = strcmp(names[i], html_string(e, "name")) == 0;
      if (!found && nex < HTML_MAX_COLUMNS)
        snprintf(names[nex++], GRADER_NAME, "%s", html_string(e, "name"));
    }
  }
  fputs("<section><h2>Students</h2><p class=\"hint\">Click a heading to sort by it, a "
        "name to read that student's feedback.</p>\n<table id=\"students\"><thead><tr>"
        "<th>student</th><th>score</th>", out);
  for (int i = 0; i < nex; i++) {
    fputs("<th>", out);
    html_text(out, names[i]);
    fputs("</th>", out);
  }
  fputs("<th>graded</th></tr></thead><tbody>\n", out);
  for (int r = 0; r < n; r++) {
    char text[64];
    double score = html_number(reports[r], "score");
    fprintf(out, "<tr class=\"student\"><td><a href=\"#s%d\">", r);
    html_text(out, students[r]);
    snprintf(text, sizeof text, "%.1f / %g", score, html_number(reports[r], "max_score"));
    fputs("</a></td>", out);
    html_number_cell(out, score, text);
    for (int i = 0; i < nex; i++) {
      cJSON *e, *found = NULL;
      cJSON_ArrayForEach(e, cJSON_GetObjectItem(reports[r], "exercises"))
        if (strcmp(html_string(e, "name"), names[i]) == 0)
          found = e;
      double points = html_number(found, "score");
      snprintf(text, sizeof text, "%.1f", points);
      html_number_cell(out, points, text);
    }
    fputs("<td>", out);
    html_text(out, html_string(cJSON_GetObjectItem(reports[r], "class"), "graded_at"));
    fputs("</td></tr>\n", out);
  }
  fputs("</tbody></table></section>\n", out);
}

// Each student's feedback, folded: version by version, its verdict, points and words.
static void
html_student_details(FILE *out, const char *const *students, cJSON *const *reports, int n)
{
  fputs("<section><h2>Feedback</h2>\n", out);
  for (int r = 0; r < n; r++) {
    fprintf(out, "<details id=\"s%d\"><summary>", r);
    html_text(out, students[r]);
    fprintf(out, ": %.1f / %g</summary>\n", html_number(reports[r], "score"),
            html_number(reports[r], "max_score"));
    const char *error = html_string(reports[r], "error");
    if (error[0]) {
      fputs("<p class=\"error\">", out);
      html_text(out, error);
      fputs("</p>\n", out);
    }
    cJSON *e, *v, *f;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(reports[r], "exercises")) {
      if (!cJSON_IsTrue(cJSON_GetObjectItem(e, "graded"))) {
        fputs("<p class=\"error\">", out);
        html_text(out, html_string(e, "name"));
        fputs(": not graded: ", out);
        html_text(out, html_string(e, "error"));
        fputs("</p>\n", out);
      }
      cJSON_ArrayForEach(v, cJSON_GetObjectItem(e, "versions")) {
        fputs("<h4>", out);
        html_text(out, html_string(e, "name"));
        fputs(": ", out);
        html_text(out, html_string(v, "version"));
        fputs(" &mdash; ", out);
        html_text(out, html_verdict(v));
        fprintf(out, ", %.1f / %g</h4><ul>", html_number(v, "score"),
                html_number(v, "max_score"));
        cJSON_ArrayForEach(f, cJSON_GetObjectItem(v, "feedback")) {
          fputs("<li>", out);
          html_text(out, cJSON_GetStringValue(f));
          fputs("</li>", out);
        }
        fputs("</ul>\n", out);
      }
    }
    fputs("</details>\n", out);
  }
  fputs("</section>\n", out);
}

static const char html_style[] =
  "body{font-family:sans-serif;margin:2em;max-width:70em;color:#1f2d3d}"
  "h3{margin:.2em 0}section.version{border-top:1px solid #ddd;padding:.6em 0}"
  "ul.verdicts{list-style:none;padding:0;margin:.3em 0}"
  "ul.verdicts li{display:inline-block;margin-right:1.2em}"
  "ol.feedback{font-size:90%;color:#444}.none,.hint{color:#777;font-size:90%}"
  ".error{color:#a00}table{border-collapse:collapse}"
  "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
  "td:first-child,th:first-child{text-align:left}th{cursor:pointer;background:#f3f3f3}"
  "details{margin:.3em 0}details li{white-space:pre-wrap;font-size:90%}"
  "circle.speedup{fill:#1f77b4;fill-opacity:.7}"
  "div.board{display:inline-block;vertical-align:top;margin-right:2em}";

// Sorting the table by a heading (numbers by their data-key, highest first on the
// first click), and opening the student a link points at.
static const char html_script[] =
  "document.querySelectorAll('#students th').forEach(function (th, col) {\n"
  "  th.addEventListener('click', function () {\n"
  "    var body = th.closest('table').tBodies[0];\n"
  "    var rows = Array.prototype.slice.call(body.rows);\n"
  "    var down = th.dataset.order !== 'down';\n"
  "    th.dataset.order = down ? 'down' : 'up';\n"
  "    rows.sort(function (a, b) {\n"
  "      var x = a.cells[col], y = b.cells[col];\n"
  "      var c = x.dataset.key !== undefined\n"
  "        ? parseFloat(x.dataset.key) - parseFloat(y.dataset.key)\n"
  "        : x.textContent.localeCompare(y.textContent);\n"
  "      return down ? -c : c;\n"
  "    });\n"
  "    rows.forEach(function (row) { body.appendChild(row); });\n"
  "  });\n"
  "});\n"
  "function openStudent() {\n"
  "  var d = document.getElementById(location.hash.slice(1));\n"
  "  if (d && d.tagName === 'DETAILS') d.open = true;\n"
  "}\n"
  "window.addEventListener('hashchange', openStudent);\n"
  "openStudent();\n";

int
report_html(FILE *out, const char *const *students, struct cJSON *const *reports, int n)
{
  static struct html_column cols[HTML_MAX_COLUMNS];
  int ncols = html_columns(reports, n, cols);
  fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<title>pargrade: %s</title>\n<style>%s</style></head>\n"
          "<body data-students=\"%d\" data-versions=\"%d\">\n", n == 1 ? "report"
          : "class report", html_style, n, ncols);
  fprintf(out, "<h1>%s</h1>\n<p>%d student%s, %d exercise version%s", n == 1
          ? "Grading report" : "Class report", n, n == 1 ? "" : "s", ncols,
          ncols == 1 ? "" : "s");
  fputs(". Speedups are at all cores (MPI without its launch cost); the dashed mark "
        "is the reference solution's.</p>\n<h2>Exercises</h2>\n", out);
  for (int c = 0; c < ncols; c++)
    html_version_section(out, students, reports, n, &cols[c]);
  html_leaderboard(out, students, reports, n, cols, ncols);
  html_students_table(out, students, reports, n);
  html_student_details(out, students, reports, n);
  fprintf(out, "<script>\n%s</script>\n</body></html>\n", html_script);
  return ferror(out) ? -1 : 0;
}
