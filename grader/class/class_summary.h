// class_summary.c: a graded student, and what class mode writes once all are graded.
// Private to class mode.
#ifndef GRADER_CLASS_SUMMARY_H
#define GRADER_CLASS_SUMMARY_H

#include <limits.h>

#include "setup/setup.h"

struct cJSON;

enum class_status { CLASS_GRADED, CLASS_UNCHANGED, CLASS_FAILED };

struct student {
  char name[NAME_MAX + 1];
  char dir[PATH_MAX];
  char hash[17];
  enum class_status status;
  struct cJSON *report;  // the student's JSON report (or why it failed)
};

// A number of a report (its score, its max_score), NAN when it has none.
double class_number(struct cJSON *o, const char *name);
// Writes reports/class.csv (report_csv) and reports/index.html (report_html), and the
// summary on stdout as o->format asks (table, json, csv or html). Returns 0, or 1
// when a file could not be written.
int class_summary(const struct options *o, const struct student *s, int n,
                  const char *reports);

#endif
