// Data races in an OpenMP version. The version is built a second time with clang and
// ThreadSanitizer and run at a small size under LLVM's Archer, which tells TSan what
// OpenMP's barriers, reductions and locks order (grade/grade.c does that). This file
// reads TSan's first report and says it in the student's terms: the line of each of
// the two accesses, the line's text, the variable when TSan knows its name, and what
// such a race usually is.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnose/diagnose.h"

// One access of a race: "write" or "read", and its innermost line in the student's file.
struct race_access {
  char kind[16];
  long line;
};

// Reads the access that starts at `p` ("  Write of size 8 at ... by thread T1:" and its
// frames "    #0 FUNC FILE:LINE:COL (...)"); returns where its frames end.
static const char *
race_access_read(const char *p, const char *source_name, struct race_access *a)
{
  // "  Write of size 8", "  Previous read of size 8", "  Atomic read of size 4"
  char head[128];
  snprintf(head, sizeof head, "%.*s", (int)strcspn(p, "\n"), p);
  snprintf(a->kind, sizeof a->kind, "%s",
           strstr(head, "read of") || strstr(head, "Read of") ? "read" : "write");
  a->line = 0;
  const char *line = strchr(p, '\n');
  while (line && line[1] == ' ' && strstr(line + 1, "#") == strpbrk(line + 1, "#\n")) {
    line++;
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line) : strlen(line);
    char frame[1024], file[512];
    snprintf(frame, sizeof frame, "%.*s", (int)n, line);
    long number;
    // "#0 .omp_outlined._debug__ /path/openmp.c:21:9 (a.out+0xd028c)"
    if (a->line == 0 && sscanf(frame, " #%*d %*s %511[^:]:%ld", file, &number) == 2) {
      const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
      if (strcmp(base, source_name) == 0)
        a->line = number;
    }
    line = end;
  }
  return line ? line : p + strlen(p);
}

// Line `number` of the file, without its indentation, at most 80 characters.
static void
race_source_line(const char *path, long number, char *out, size_t len)
{
  out[0] = '\0';
  FILE *f = fopen(path, "r");
  char text[512];
  for (long k = 1; f && fgets(text, sizeof text, f); k++)
    if (k == number) {
      char *s = text;
      while (isspace((unsigned char)*s))
        s++;
      s[strcspn(s, "\n")] = '\0';
      snprintf(out, len, "%.80s", s);
      break;
    }
  if (f)
    fclose(f);
}

int
race_read(const char *text, const char *source_name, const char *source_path, char *what,
          size_t len)
{
  what[0] = '\0';
  const char *report = text ? strstr(text, "WARNING: ThreadSanitizer: data race") : NULL;
  if (!report)
    return 0;
  struct race_access first = {"", 0}, second = {"", 0};
  const char *p = strchr(report, '\n');
  if (p)
    p = race_access_read(p + 1, source_name, &first);
  const char *previous = p ? strstr(p, "  Previous ") : NULL;
  if (previous)
    race_access_read(previous, source_name, &second);
  char name[128] = "";
  const char *global = strstr(report, "Location is global '");
  if (global)
    sscanf(global + strlen("Location is global '"), "%127[^']", name);
  if (strcmp(name, "<null>") == 0 || strcmp(name, "??") == 0)
    name[0] = '\0';  // TSan found no name
  long line = first.line ? first.line : second.line;
  char code[100] = "";
  if (line)
    race_source_line(source_path, line, code, sizeof code);

  int pos = snprintf(what, len, "ThreadSanitizer saw a %s by one thread and a %s by "
                     "another, unordered", first.kind, second.kind[0] ? second.kind : "write");
  if (pos > 0 && (size_t)pos < len && first.line && second.line && first.line != second.line)
    pos += snprintf(what + pos, len - (size_t)pos, ", at %s:%ld and %s:%ld", source_name,
                    first.line, source_name, second.line);
  else if (pos > 0 && (size_t)pos < len && line)
    pos += snprintf(what + pos, len - (size_t)pos, ", both at %s:%ld", source_name, line);
  if (pos > 0 && (size_t)pos < len && code[0])
    pos += snprintf(what + pos, len - (size_t)pos, " (`%s`)", code);
  if (pos > 0 && (size_t)pos < len && name[0])
    pos += snprintf(what + pos, len - (size_t)pos, ", on the shared variable `%s`", name);
  // What such a race usually is, from the line's text.
  int update = strstr(code, "+=") || strstr(code, "-=") || strstr(code, "*=") ||
               strstr(code, "++") || strstr(code, "--");
  const char *hint =
    !line ? "the race is outside your file: in a function your parallel region calls?"
    : update ? "every thread updates one shared variable: make it a reduction (for "
               "example reduction(+: name)), or give each thread its own and add them up "
               "after the loop"
    : strcmp(first.kind, "write") == 0 && strcmp(second.kind, "write") == 0
      ? "a variable shared by the threads that each one sets, a loop temporary declared "
        "outside the loop: declare it inside the loop, or list it in private(...)"
      : "one thread reads what another writes with nothing ordering them: a shared "
        "temporary that should be private, or a missing barrier";
  if (pos > 0 && (size_t)pos < len)
    snprintf(what + pos, len - (size_t)pos, ": %s", hint);
  return 1;
}
