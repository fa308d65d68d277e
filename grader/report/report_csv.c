// The CSV report (RFC 4180): one row per student, for a spreadsheet or a course
// platform's grade import.
//
//   student,total,max,01-pi/embarrassing,01-pi/openmp,01-pi/mpi
//   alice,26.5,30,10,9.5,7
//
// It is made from JSON reports (report_json's shape), so that a class's CSV can be
// written from the reports stored for each student, graded now or in an earlier run.
// The columns are every exercise/version any report holds, in the order first seen;
// a student without that version has an empty cell. An exercise that could not be
// graded has one column of its own, NN-name, when no report has versions for it.
// Lines end with CRLF; a field with a comma, a quote or a line break is quoted, its
// quotes doubled. A student name that a spreadsheet would take for a formula
// (starting with = + - @ or a tab) gets a leading ' so that it stays text.
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "report/report.h"

struct cJSON *
report_tree(const struct grading *g)
{
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  if (!out)
    return NULL;
  int status = report_json(out, g);
  fclose(out);
  cJSON *tree = status == 0 ? cJSON_Parse(text) : NULL;
  free(text);
  return tree;
}

void
report_csv_field(FILE *out, const char *text, int guard)
{
  char *clean = report_utf8(text);
  const char *s = clean ? clean : "";
  int quote = strpbrk(s, ",\"\r\n") != NULL;
  int formula = guard && strchr("=+-@\t\r", s[0]) && s[0];
  if (quote)
    fputc('"', out);
  if (formula)
    fputc('\'', out);
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', out);
    fputc(*s, out);
  }
  if (quote)
    fputc('"', out);
  free(clean);
}

static const char *
csv_text(cJSON *o, const char *name)
{
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(o, name));
  return s ? s : "";
}

// A number as a short field: "9.5", "10", "" when missing.
static void
csv_number(FILE *out, cJSON *o, const char *name)
{
  cJSON *n = cJSON_GetObjectItem(o, name);
  if (cJSON_IsNumber(n) && !isnan(n->valuedouble))
    fprintf(out, "%g", round(n->valuedouble * 100) / 100);
}

struct csv_columns {
  int n, cap;
  char (*name)[2 * GRADER_NAME + 2];
};

static int
csv_find(const struct csv_columns *c, const char *name)
{
  for (int i = 0; i < c->n; i++)
    if (strcmp(c->name[i], name) == 0)
      return i;
  return -1;
}

static int
csv_add(struct csv_columns *c, const char *name)
{
  if (csv_find(c, name) >= 0)
    return 0;
  if (c->n == c->cap) {
    int cap = c->cap ? 2 * c->cap : 32;
    void *p = realloc(c->name, (size_t)cap * sizeof *c->name);
    if (!p)
      return -1;
    c->name = p;
    c->cap = cap;
  }
  snprintf(c->name[c->n++], sizeof c->name[0], "%s", name);
  return 0;
}

// "01-pi/openmp", or "01-pi" for an exercise without versions.
static void
csv_column(char *out, size_t len, cJSON *exercise, cJSON *version)
{
  if (version)
    snprintf(out, len, "%s/%s", csv_text(exercise, "name"), csv_text(version, "version"));
  else
    snprintf(out, len, "%s", csv_text(exercise, "name"));
}

static int
csv_has_versions(cJSON *const *reports, int n, const char *exercise)
{
  for (int r = 0; r < n; r++) {
    cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(reports[r], "exercises"))
      if (strcmp(csv_text(e, "name"), exercise) == 0 &&
          cJSON_GetArraySize(cJSON_GetObjectItem(e, "versions")) > 0)
        return 1;
  }
  return 0;
}

int
report_csv(FILE *out, const char *const *students, struct cJSON *const *reports, int n)
{
  struct csv_columns cols = {0};
  char name[2 * GRADER_NAME + 2];
  int status = 0;
  for (int r = 0; r < n && status == 0; r++) {
    cJSON *e, *v;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(reports[r], "exercises")) {
      cJSON *versions = cJSON_GetObjectItem(e, "versions");
      if (cJSON_GetArraySize(versions) == 0) {
        if (!csv_has_versions(reports, n, csv_text(e, "name"))) {
          csv_column(name, sizeof name, e, NULL);
          status |= csv_add(&cols, name);
        }
        continue;
      }
      cJSON_ArrayForEach(v, versions) {
        csv_column(name, sizeof name, e, v);
        status |= csv_add(&cols, name);
      }
    }
  }
  if (status != 0) {
    free(cols.name);
    return -1;
  }

  fputs("student,total,max", out);
  for (int c = 0; c < cols.n; c++) {
    fputc(',', out);
    report_csv_field(out, cols.name[c], 0);
  }
  fputs("\r\n", out);

  cJSON **cells = calloc((size_t)cols.n + 1, sizeof *cells);
  if (!cells) {
    free(cols.name);
    return -1;
  }
  for (int r = 0; r < n; r++) {
    report_csv_field(out, students[r], 1);
    fputc(',', out);
    csv_number(out, reports[r], "score");
    fputc(',', out);
    csv_number(out, reports[r], "max_score");
    memset(cells, 0, ((size_t)cols.n + 1) * sizeof *cells);
    cJSON *e, *v;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(reports[r], "exercises")) {
      cJSON *versions = cJSON_GetObjectItem(e, "versions");
      int c;
      if (cJSON_GetArraySize(versions) == 0) {
        csv_column(name, sizeof name, e, NULL);
        if ((c = csv_find(&cols, name)) >= 0)
          cells[c] = e;
      }
      cJSON_ArrayForEach(v, versions) {
        csv_column(name, sizeof name, e, v);
        if ((c = csv_find(&cols, name)) >= 0)
          cells[c] = v;
      }
    }
    for (int c = 0; c < cols.n; c++) {
      fputc(',', out);
      if (cells[c])
        csv_number(out, cells[c], "score");
    }
    fputs("\r\n", out);
  }
  free(cells);
  free(cols.name);
  return ferror(out) ? -1 : 0;
}
