// Class mode (class.c): --class DIR, each subfolder one student's submission, graded
// by a child pargrade each; reports in DIR-reports/ (STUDENT.json, STUDENT.log,
// class.csv, index.html). class_hash.c knows a submission by its hash, and
// class_summary.c writes what is left once all are graded (both headers private).
#ifndef GRADER_CLASS_CLASS_H
#define GRADER_CLASS_CLASS_H

#include <stddef.h>
#include <stdint.h>

#include "setup/setup.h"

// Where the reports of --class DIR go: DIR-reports beside DIR (DIR resolved first).
void class_reports_dir(const char *class_dir, char *out, size_t len);
// Grades the class with the options o and one seed for all. Prints the summary on
// stdout (o->format: table, json, csv or html). Returns pargrade's exit status.
int class_grade(const struct options *o, uint64_t seed);

#endif
