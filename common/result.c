// The line-based result format: building, writing, parsing and comparing results.
#include "result.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void
result_free(struct result *r)
{
  free(r->fields);
  r->fields = NULL;
  r->count = r->capacity = 0;
}

// Names are what a shell word, a JSON key and a CSV header all accept unquoted.
static int
valid_name(const char *name, size_t len)
{
  if (len == 0 || len >= RESULT_NAME_MAX)
    return 0;
  for (size_t i = 0; i < len; i++) {
    char c = name[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '_' || c == '.' || c == '-'))
      return 0;
  }
  return 1;
}

// A value is numeric when strtod consumes all of it.
static void
set_value(struct result_field *f, const char *text)
{
  char *end;
  snprintf(f->text, sizeof f->text, "%s", text);
  f->number = strtod(f->text, &end);
  f->is_number = f->text[0] != '\0' && *end == '\0';
  if (!f->is_number)
    f->number = 0;
}

// Adds name = text, or replaces the value of an existing field called name.
static int
add(struct result *r, const char *name, const char *text)
{
  if (name == NULL || !valid_name(name, strlen(name))) {
    errno = EINVAL;
    return -1;
  }
  struct result_field *f = (struct result_field *)result_find(r, name);
  if (f == NULL) {
    if (r->count == r->capacity) {
      size_t cap = r->capacity ? 2 * r->capacity : 8;
      struct result_field *grown = realloc(r->fields, cap * sizeof *grown);
      if (grown == NULL)
        return -1;
      r->fields = grown;
      r->capacity = cap;
    }
    f = &r->fields[r->count++];
    snprintf(f->name, sizeof f->name, "%s", name);
  }
  set_value(f, text);
  return 0;
}

int
result_add_int(struct result *r, const char *name, long long value)
{
  char text[32];
  snprintf(text, sizeof text, "%lld", value);
  return add(r, name, text);
}

int
result_add_double(struct result *r, const char *name, double value)
{
  char text[32];
  snprintf(text, sizeof text, "%.17g", value);  // 17 digits read back exactly
  return add(r, name, text);
}

int
result_add_text(struct result *r, const char *name, const char *text)
{
  // The text must survive a write and a parse unchanged: one line, not empty,
  // no space at either end, short enough.
  size_t len = text ? strlen(text) : 0;
  if (len == 0 || len >= RESULT_TEXT_MAX || strpbrk(text, "\n\r") ||
      strchr(" \t", text[0]) || strchr(" \t", text[len - 1])) {
    errno = EINVAL;
    return -1;
  }
  return add(r, name, text);
}

const struct result_field *
result_find(const struct result *r, const char *name)
{
  for (size_t i = 0; i < r->count; i++)
    if (strcmp(r->fields[i].name, name) == 0)
      return &r->fields[i];
  return NULL;
}

int
result_write(const struct result *r, FILE *out, const char *comment)
{
  if (comment && fprintf(out, "# %s\n", comment) < 0)
    return -1;
  for (size_t i = 0; i < r->count; i++)
    if (fprintf(out, "%s %s\n", r->fields[i].name, r->fields[i].text) < 0)
      return -1;
  // A full disk shows up only when the buffer is flushed.
  return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

int
result_save(const struct result *r, const char *path, const char *comment)
{
  int to_stdout = path == NULL || strcmp(path, "-") == 0;
  FILE *out = to_stdout ? stdout : fopen(path, "w");
  int rc = out ? result_write(r, out, comment) : -1;
  if (out && !to_stdout && fclose(out) != 0)
    rc = -1;
  if (rc < 0)
    fprintf(stderr, "cannot write %s: %s\n", to_stdout ? "standard output" : path,
            strerror(errno));
  return rc;
}

static int
parse_error(char *err, size_t errlen, int line, const char *fmt, ...)
{
  if (err && errlen > 0) {
    int n = snprintf(err, errlen, "line %d: ", line);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < errlen)
      vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
  }
  return -1;
}

// Parses one line (without its newline) of `len` bytes.
static int
parse_line(const char *s, size_t len, int line, struct result *r, char *err,
           size_t errlen)
{
  while (len > 0 && strchr(" \t\r\v\f", s[len - 1]))  // CRLF files too
    len--;
  while (len > 0 && (*s == ' ' || *s == '\t'))
    s++, len--;
  if (len == 0 || *s == '#')
    return 0;
  size_t name_len = 0;
  while (name_len < len && s[name_len] != ' ' && s[name_len] != '\t')
    name_len++;
  size_t v = name_len;
  while (v < len && (s[v] == ' ' || s[v] == '\t'))
    v++;
  if (name_len == len || v == len)
    return parse_error(err, errlen, line, "expected 'NAME VALUE'");
  if (name_len >= RESULT_NAME_MAX)
    return parse_error(err, errlen, line, "field name too long (at most %d characters)",
                       RESULT_NAME_MAX - 1);
  if (!valid_name(s, name_len))
    return parse_error(err, errlen, line, "invalid field name '%.*s'", (int)name_len, s);
  char name[RESULT_NAME_MAX], text[RESULT_TEXT_MAX];
  memcpy(name, s, name_len);
  name[name_len] = '\0';
  if (len - v >= RESULT_TEXT_MAX)
    return parse_error(err, errlen, line, "value of '%s' too long (at most %d characters)",
                       name, RESULT_TEXT_MAX - 1);
  memcpy(text, s + v, len - v);
  text[len - v] = '\0';
  if (result_find(r, name))
    return parse_error(err, errlen, line, "duplicate field '%s'", name);
  if (add(r, name, text) < 0)
    return parse_error(err, errlen, line, "out of memory");
  return 0;
}

int
result_parse(const char *text, struct result *r, char *err, size_t errlen)
{
  size_t had = r->count;  // on error r is left as it was
  int line = 1;
  for (const char *s = text; *s; line++) {
    const char *nl = strchr(s, '\n');
    size_t len = nl ? (size_t)(nl - s) : strlen(s);
    if (parse_line(s, len, line, r, err, errlen) < 0) {
      r->count = had;
      if (had == 0)  // an empty result owns no memory, so callers may skip result_free
        result_free(r);
      return -1;
    }
    s += len + (nl ? 1 : 0);
  }
  return 0;
}

int
result_load(const char *path, struct result *r, char *err, size_t errlen)
{
  FILE *in = fopen(path, "r");
  if (in == NULL) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
  }
  char *buf = NULL;
  size_t len = 0, cap = 0, n;
  do {
    if (cap - len < 4096) {
      char *grown = realloc(buf, cap = 2 * cap + 4096);
      if (grown == NULL) {
        free(buf);
        fclose(in);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
      }
      buf = grown;
    }
    n = fread(buf + len, 1, cap - len - 1, in);
    len += n;
  } while (n > 0);
  int failed = ferror(in), saved = errno;
  fclose(in);
  buf[len] = '\0';
  char why[200];
  int rc = -1;
  if (failed)
    snprintf(err, errlen, "%s: %s", path, strerror(saved));
  else if (memchr(buf, '\0', len))
    snprintf(err, errlen, "%s: not a text file (it holds a NUL byte)", path);
  else if ((rc = result_parse(buf, r, why, sizeof why)) < 0)
    snprintf(err, errlen, "%s: %s", path, why);
  free(buf);
  return rc;
}

// A number for a message: whole numbers in full, others with p digits.
static void
format_number(char *out, size_t size, double v, int p)
{
  if (v == floor(v) && fabs(v) < 0x1p53)
    snprintf(out, size, "%.0f", v);
  else
    snprintf(out, size, "%.*g", p, v);
}

int
result_check(const struct result *expected, const struct result *got, const char *name,
             struct tolerance tol, char *msg, size_t msglen)
{
  const struct result_field *e = result_find(expected, name), *g = result_find(got, name);
  if (msglen > 0)
    msg[0] = '\0';
  if (e == NULL) {
    snprintf(msg, msglen, "%s: missing from the expected result", name);
    return 0;
  }
  if (g == NULL) {
    snprintf(msg, msglen, "%s: missing from the output", name);
    return 0;
  }
  if (!e->is_number) {
    if (strcmp(e->text, g->text) == 0)
      return 1;
    snprintf(msg, msglen, "%s: expected '%s', got '%s'", name, e->text, g->text);
    return 0;
  }
  if (!g->is_number) {
    snprintf(msg, msglen, "%s: expected %s, got '%s' (not a number)", name, e->text,
             g->text);
    return 0;
  }
  double x = e->number, y = g->number;
  // NaN matches nothing, not even NaN; an infinity only itself (rel * inf
  // would let anything pass).
  if (x == y || (isfinite(x) && isfinite(y) &&
                 fabs(y - x) <= fmax(tol.abs, tol.rel * fabs(x))))
    return 1;
  // The fewest digits (10 to 17) that show the two values differ.
  char sx[40], sy[40], st[64];
  for (int p = 10; p <= 17; p++) {
    format_number(sx, sizeof sx, x, p);
    format_number(sy, sizeof sy, y, p);
    if (strcmp(sx, sy) != 0)
      break;
  }
  if (isnan(x) && isnan(y))
    snprintf(st, sizeof st, "NaN never matches");
  else if (tol.abs == 0 && tol.rel == 0)
    snprintf(st, sizeof st, "tolerance: exact");
  else
    snprintf(st, sizeof st, "tolerance: abs %g, rel %g", tol.abs, tol.rel);
  snprintf(msg, msglen, "%s: expected %s, got %s (%s)", name, sx, sy, st);
  return 0;
}
