// Where a failing run went wrong, in the student's file's terms: the line a crash
// happened at (crash.c, from the lines crash_report.c writes).
#ifndef GRADER_DIAGNOSE_DIAGNOSE_H
#define GRADER_DIAGNOSE_DIAGNOSE_H

#include <stddef.h>

// crash.c: the place of a crash.

// Finds the crash reporter's lines in a run's stderr (crash_report.c), removes them
// from `text` (so a stderr tail shows the program's own lines), and, for the first
// crash found, asks addr2line (run in the sandbox, in `run_dir`) where its offsets lie
// in `binary` (NULL: only remove the lines). Writes e.g. "openmp.c:11 in main" into where: the innermost place in the
// student's file `source_name` (its base name, "openmp.c"), after the innermost place
// of all when that lies elsewhere ("turbine.h:152 in stencil, called from mpi.c:88
// in step_cells"). Returns 1 when it found the place, 0 when there was no crash
// report or no line in it could be named (where is then "").
int crash_locate(char *text, const char *binary, const char *source_name,
                 const char *run_dir, char *where, size_t len);

#endif
