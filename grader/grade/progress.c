// What pargrade is doing, on stderr: on a terminal one line rewritten in place, so a
// long grading shows where it is without scrolling; otherwise (a log, a pipe, a
// class's report file) plain lines, one per step.
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "grade/grade.h"

static int progress_showing;  // 1: a progress line is on the terminal, unfinished

static int
progress_tty(void)
{
  return isatty(STDERR_FILENO);
}

void
progress_update(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int tty = progress_tty();
  fputs(tty ? "\r\033[Kpargrade: " : "pargrade: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputs(tty ? "" : "\n", stderr);
  fflush(stderr);
  progress_showing = tty;
  va_end(ap);
}

void
progress_note(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  progress_end();
  fputs("pargrade: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

void
progress_end(void)
{
  if (progress_showing)
    fputs("\r\033[K", stderr);
  progress_showing = 0;
}
