// The JUnit XML report, and the XML and UTF-8 helpers the other reports share.
//
// One <testsuite> per exercise, one <testcase> per version: it passes when the
// version builds and is correct at every worker count (the correctness gate of the
// rubric); a failure's message is the verdict in one line, its text the feedback.
// An exercise that could not be graded is one testcase with an <error>.
//
// Everything that comes from a submission (compiler errors quote its source, a
// stderr tail is whatever it printed) is escaped: the five XML specials, line breaks
// inside attributes as character references, bytes that are not UTF-8 as U+FFFD,
// and control characters, which XML 1.0 cannot hold at all, as visible "\xNN".
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "choose/choose.h"
#include "report/report.h"

// The length of the UTF-8 sequence at s and its code point, or 0 when s does not
// start a valid one (overlong, a surrogate, above U+10FFFF, cut short).
static int
utf8_next(const unsigned char *s, unsigned *cp)
{
  unsigned c = s[0];
  int n;
  unsigned min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    n = 2, min = 0x80, c &= 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, min = 0x800, c &= 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, min = 0x10000, c &= 0x07;
  } else {
    return 0;
  }
  for (int i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)  // also stops at the NUL
      return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  *cp = c;
  return n;
}

char *
report_utf8(const char *text)
{
  const unsigned char *s = (const unsigned char *)(text ? text : "");
  size_t len = strlen((const char *)s);
  char *out = malloc(3 * len + 1);  // each bad byte grows to the 3 bytes of U+FFFD
  if (!out)
    return NULL;
  size_t o = 0;
  while (*s) {
    unsigned cp;
    int n = utf8_next(s, &cp);
    if (n == 0) {
      memcpy(out + o, "\xEF\xBF\xBD", 3);
      o += 3;
      s++;
    } else {
      memcpy(out + o, s, (size_t)n);
      o += (size_t)n;
      s += n;
    }
  }
  out[o] = '\0';
  return out;
}

void
report_xml_text(FILE *out, const char *text, int attribute)
{
  const unsigned char *s = (const unsigned char *)(text ? text : "");
  while (*s) {
    unsigned cp;
    int n = utf8_next(s, &cp);
    if (n == 0) {
      fputs("\xEF\xBF\xBD", out);  // not UTF-8: the replacement character
      s++;
      continue;
    }
    switch (cp) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs(attribute ? "&quot;" : "\"", out); break;
    case '\'': fputs(attribute ? "&apos;" : "'", out); break;
    case '\t': fputs(attribute ? "&#9;" : "\t", out); break;
    case '\n': fputs(attribute ? "&#10;" : "\n", out); break;
    case '\r': fputs("&#13;", out); break;
    default:
      if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF)  // not allowed in XML 1.0
        fprintf(out, cp < 0x20 ? "\\x%02X" : "\xEF\xBF\xBD", cp);
      else
        fwrite(s, 1, (size_t)n, out);
    }
    s += n;
  }
}

// A number for an attribute: seconds or points; "0" for one not measured.
static void
junit_number(FILE *out, const char *name, double x, const char *fmt)
{
  fprintf(out, " %s=\"", name);
  fprintf(out, fmt, isnan(x) || isinf(x) ? 0.0 : x);
  fputc('"', out);
}

const char *
report_verdict(const struct version_result *v, const char **kind, char *buf, size_t len)
{
  if (v->build == BUILD_MISSING) {
    *kind = "not submitted";
    return "not submitted";
  }
  if (v->build == BUILD_FAILED) {
    *kind = "build failed";
    const char *first = strstr(v->build_errors, "error");
    while (first && first > v->build_errors && first[-1] != '\n')
      first--;  // the start of the first line that says "error"
    if (!first)
      first = v->build_errors;
    const char *file = strrchr(v->source, '/');
    file = file ? file + 1 : v->source;
    int answers = strcmp(v->version, CHOOSE_VERSION) == 0;  // 00-choose: a text file
    if (answers)
      first = v->build_errors;
    snprintf(buf, len, "%s %s%s%.*s", *file ? file : v->version,
             answers ? "cannot be read" : "does not compile", *first ? ": " : "",
             (int)strcspn(first, "\n"), first);
    return buf;
  }
  for (int i = 0; i < v->nconfigs; i++)
    if (v->configs[i].verdict != VERDICT_OK) {
      *kind = check_verdict_name(v->configs[i].verdict);
      return v->configs[i].message;
    }
  if (!v->correct) {  // e.g. 00-choose: wrong choices, told in the feedback
    *kind = "wrong answer";
    return v->nfeedback > 0 ? v->feedback[0] : "not correct";
  }
  return NULL;
}

// The seconds a version ran for, all its timed runs together (0 when none).
static double
junit_seconds(const struct version_result *v)
{
  double sum = 0;
  for (int i = 0; i < v->nconfigs; i++)
    if (!isnan(v->configs[i].seconds) && !isinf(v->configs[i].seconds))
      sum += v->configs[i].seconds;
  return sum;
}

// 1 when the feedback already quotes the compiler's errors (feedback.c does).
static int
junit_quoted(const struct version_result *v)
{
  for (int f = 0; f < v->nfeedback; f++)
    if (strstr(v->feedback[f], v->build_errors))
      return 1;
  return 0;
}

static void
junit_feedback(FILE *out, const struct version_result *v)
{
  for (int f = 0; f < v->nfeedback; f++) {
    report_xml_text(out, v->feedback[f], 0);
    fputc('\n', out);
  }
  if (v->build == BUILD_FAILED && v->build_errors[0] && !junit_quoted(v)) {
    fputs(strcmp(v->version, CHOOSE_VERSION) == 0 ? "\nerrors:\n" : "\ncompiler errors:\n",
          out);
    report_xml_text(out, v->build_errors, 0);
    fputc('\n', out);
  }
}

static void
junit_version(FILE *out, const struct exercise_result *e, const struct version_result *v)
{
  const char *kind = NULL;
  char buf[GRADER_MSG];
  const char *message = report_verdict(v, &kind, buf, sizeof buf);
  fputs("    <testcase classname=\"", out);
  report_xml_text(out, e->name, 1);
  fputs("\" name=\"", out);
  report_xml_text(out, v->version, 1);
  fputc('"', out);
  junit_number(out, "time", junit_seconds(v), "%.3f");
  fputs(">\n", out);
  if (message) {
    fputs("      <failure message=\"", out);
    report_xml_text(out, message, 1);
    fputs("\" type=\"", out);
    report_xml_text(out, kind, 1);
    fputs("\">", out);
    junit_feedback(out, v);
    fputs("</failure>\n", out);
  }
  fprintf(out, "      <system-out>score %.1f / %g", v->score, v->max_score);
  if (!isnan(v->scored_speedup))
    fprintf(out, ", scored speedup %.2f", v->scored_speedup);
  fputs("\n", out);
  if (!message)
    junit_feedback(out, v);
  fputs("</system-out>\n", out);
  fputs("    </testcase>\n", out);
}

static void
junit_property(FILE *out, const char *name, const char *value)
{
  fprintf(out, "      <property name=\"%s\" value=\"", name);
  report_xml_text(out, value, 1);
  fputs("\"/>\n", out);
}

static void
junit_exercise(FILE *out, const struct exercise_result *e)
{
  int tests = e->graded ? e->nversions : 1, failures = 0, errors = !e->graded;
  double seconds = 0;
  char buf[GRADER_MSG];
  for (int v = 0; e->graded && v < e->nversions; v++) {
    const char *kind;
    failures += report_verdict(&e->versions[v], &kind, buf, sizeof buf) != NULL;
    seconds += junit_seconds(&e->versions[v]);
  }
  fputs("  <testsuite name=\"", out);
  report_xml_text(out, e->name, 1);
  fprintf(out, "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"0\"", tests,
          failures, errors);
  junit_number(out, "time", seconds, "%.3f");
  fputs(">\n    <properties>\n", out);
  char text[64];
  if (e->spec.title[0])
    junit_property(out, "title", e->spec.title);
  snprintf(text, sizeof text, "%.1f", e->score);
  junit_property(out, "score", text);
  snprintf(text, sizeof text, "%g", e->max_score);
  junit_property(out, "max_score", text);
  if (e->graded && !choose_is_result(e)) {  // 00-choose runs nothing
    snprintf(text, sizeof text, "%llu", (unsigned long long)e->seed);
    junit_property(out, "seed", text);
    snprintf(text, sizeof text, "%ld", e->size);
    junit_property(out, "size", text);
    snprintf(text, sizeof text, "%d", e->cores);
    junit_property(out, "cores", text);
  }
  fputs("    </properties>\n", out);
  if (!e->graded) {
    fputs("    <testcase classname=\"", out);
    report_xml_text(out, e->name, 1);
    fputs("\" name=\"(exercise)\" time=\"0.000\">\n      <error message=\"", out);
    report_xml_text(out, "not graded", 1);
    fputs("\" type=\"not graded\">", out);
    report_xml_text(out, e->error, 0);
    fputs("</error>\n    </testcase>\n", out);
  }
  for (int v = 0; e->graded && v < e->nversions; v++)
    junit_version(out, e, &e->versions[v]);
  fputs("  </testsuite>\n", out);
}

int
report_junit(FILE *out, const struct grading *g)
{
  int tests = 0, failures = 0, errors = 0;
  double seconds = 0;
  char buf[GRADER_MSG];
  for (int i = 0; i < g->nexercises; i++) {
    const struct exercise_result *e = &g->exercises[i];
    if (!e->graded) {
      tests++, errors++;
      continue;
    }
    for (int v = 0; v < e->nversions; v++) {
      const char *kind;
      tests++;
      failures += report_verdict(&e->versions[v], &kind, buf, sizeof buf) != NULL;
      seconds += junit_seconds(&e->versions[v]);
    }
  }
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
  fprintf(out, "<testsuites name=\"pargrade\" tests=\"%d\" failures=\"%d\" errors=\"%d\"",
          tests, failures, errors);
  junit_number(out, "time", seconds, "%.3f");
  fputs(">\n", out);
  for (int i = 0; i < g->nexercises; i++)
    junit_exercise(out, &g->exercises[i]);
  fputs("</testsuites>\n", out);
  return ferror(out) ? -1 : 0;
}
