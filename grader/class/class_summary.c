// What class mode leaves when every student is graded: class.csv and index.html in
// the reports folder, and the summary on stdout in the format asked for.
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "class/class_summary.h"
#include "report/report.h"

double
class_number(cJSON *o, const char *name)
{
  cJSON *n = cJSON_GetObjectItem(o, name);
  return cJSON_IsNumber(n) ? n->valuedouble : NAN;
}

// stdout: a table of the class, student by exercise.
static void
class_table(FILE *out, const struct student *s, int n)
{
  char names[64][GRADER_NAME];
  int ncols = 0, width = 7;
  for (int i = 0; i < n; i++) {
    if ((int)strlen(s[i].name) > width)
      width = (int)strlen(s[i].name);
    cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(s[i].report, "exercises")) {
      const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(e, "name"));
      int found = 0;
      for (int c = 0; name && c < ncols && !found; c++)
        found = strcmp(names[c], name) == 0;
      if (name && !found && ncols < 64)
        snprintf(names[ncols++], GRADER_NAME, "%s", name);
    }
  }
  if (width > 40)
    width = 40;
  fprintf(out, "%-*s %13s", width, "student", "score");
  for (int c = 0; c < ncols; c++)
    fprintf(out, "  %12.12s", names[c]);
  fputs("  note\n", out);
  for (int i = 0; i < n; i++) {
    char cell[64];
    snprintf(cell, sizeof cell, "%.1f/%g", class_number(s[i].report, "score"),
             class_number(s[i].report, "max_score"));
    fprintf(out, "%-*.*s %13s", width, width, s[i].name, cell);
    for (int c = 0; c < ncols; c++) {
      cJSON *e, *found = NULL;
      cJSON_ArrayForEach(e, cJSON_GetObjectItem(s[i].report, "exercises")) {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(e, "name"));
        if (name && strcmp(name, names[c]) == 0)
          found = e;
      }
      if (found)
        snprintf(cell, sizeof cell, "%.1f/%g", class_number(found, "score"),
                 class_number(found, "max_score"));
      else
        snprintf(cell, sizeof cell, "-");
      fprintf(out, "  %12s", cell);
    }
    const char *error = cJSON_GetStringValue(cJSON_GetObjectItem(s[i].report, "error"));
    fprintf(out, "  %s\n", s[i].status == CLASS_FAILED ? (error ? error : "failed")
                         : s[i].status == CLASS_UNCHANGED ? "unchanged, report kept"
                         : "graded");
  }
}

static void
class_json(FILE *out, const struct student *s, int n, const char *reports,
           const char *csv)
{
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "reports", reports);
  cJSON_AddStringToObject(root, "csv", csv);
  cJSON *list = cJSON_AddArrayToObject(root, "students");
  for (int i = 0; i < n; i++) {
    cJSON *o = cJSON_CreateObject();
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.json", reports, s[i].name);
    cJSON_AddStringToObject(o, "student", s[i].name);
    cJSON_AddNumberToObject(o, "score", class_number(s[i].report, "score"));
    cJSON_AddNumberToObject(o, "max_score", class_number(s[i].report, "max_score"));
    cJSON_AddStringToObject(o, "status", s[i].status == CLASS_GRADED ? "graded"
                            : s[i].status == CLASS_UNCHANGED ? "unchanged" : "failed");
    cJSON_AddStringToObject(o, "report", path);
    cJSON_AddItemToArray(list, o);
  }
  char *text = cJSON_Print(root);
  if (text)
    fprintf(out, "%s\n", text);
  cJSON_free(text);
  cJSON_Delete(root);
}

int
class_summary(const struct options *o, const struct student *s, int n,
              const char *reports)
{
  char csv[PATH_MAX + 16];
  snprintf(csv, sizeof csv, "%s/class.csv", reports);
  const char **names = calloc((size_t)n, sizeof *names);
  cJSON **trees = calloc((size_t)n, sizeof *trees);
  int status = 0;
  for (int i = 0; names && trees && i < n; i++) {
    names[i] = s[i].name;
    trees[i] = s[i].report;
  }
  FILE *f = names && trees ? fopen(csv, "w") : NULL;
  int written = f && report_csv(f, names, trees, n) == 0;
  if (f && fclose(f) != 0)
    written = 0;
  if (!written) {
    fprintf(stderr, "pargrade: error: cannot write %s\n", csv);
    status = 1;
  }
  // The page to look at: DIR-reports/index.html (report_html); with --hide-names the
  // students are numbered in the order of their names.
  char html[PATH_MAX + 16], (*numbered)[32] = calloc((size_t)n, sizeof *numbered);
  const char **shown = calloc((size_t)n, sizeof *shown);
  for (int i = 0; numbered && shown && names && i < n; i++) {
    snprintf(numbered[i], sizeof numbered[i], "student %d", i + 1);
    shown[i] = o->hide_names ? numbered[i] : names[i];
  }
  snprintf(html, sizeof html, "%s/index.html", reports);
  f = numbered && shown && names && trees ? fopen(html, "w") : NULL;
  written = f && report_html(f, shown, trees, n) == 0;
  if (f && fclose(f) != 0)
    written = 0;
  if (!written) {
    fprintf(stderr, "pargrade: error: cannot write %s\n", html);
    status = 1;
  }
  if (o->format == FORMAT_CSV) {
    if (report_csv(stdout, names, trees, n) != 0)
      status = 1;
  } else if (o->format == FORMAT_HTML) {
    if (!shown || report_html(stdout, shown, trees, n) != 0)
      status = 1;
  } else if (o->format == FORMAT_JSON) {
    class_json(stdout, s, n, reports, csv);
  } else {
    class_table(stdout, s, n);
  }
  fprintf(stderr, "pargrade: class: reports in %s, one row per student in %s; the page "
          "to look at: %s\n", reports, csv, html);
  free(numbered);
  free(shown);
  free(names);
  free(trees);
  return status;
}
