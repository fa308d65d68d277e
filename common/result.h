// The line-based result format every program writes and the grader reads.
//
// One field per line: a name, one or more spaces, a value; '#' starts a comment line.
//   # pi-serial, seed 7
//   darts 1000000
//   hits 785398
//   pi 3.1415920000000002
// Names are letters, digits and "_.-" (at most RESULT_NAME_MAX - 1 characters), each
// name appears once, and a value is the rest of the line (at most RESULT_TEXT_MAX - 1
// characters). A value that parses completely as a number (strtod) is numeric.
#ifndef COMMON_RESULT_H
#define COMMON_RESULT_H

#include <stddef.h>
#include <stdio.h>

#define RESULT_NAME_MAX 64
#define RESULT_TEXT_MAX 256

struct result_field {
  char name[RESULT_NAME_MAX];
  char text[RESULT_TEXT_MAX];  // the value as written
  double number;               // the value, when is_number
  int is_number;
};

// An ordered list of fields. Start with `struct result r = {0};` and end with
// result_free(&r).
struct result {
  struct result_field *fields;
  size_t count, capacity;
};

void result_free(struct result *r);

// Add a field (or replace the value of an existing one). Integers are written exactly;
// doubles with 17 significant digits so that reading them back gives the same double.
// Return 0, or -1 for an invalid name or out of memory.
int result_add_int(struct result *r, const char *name, long long value);
int result_add_double(struct result *r, const char *name, double value);
int result_add_text(struct result *r, const char *name, const char *text);

// The field called `name`, or NULL.
const struct result_field *result_find(const struct result *r, const char *name);

// Writes all fields, one per line, after an optional comment line (NULL for none).
// Returns 0 or -1 (errno set).
int result_write(const struct result *r, FILE *out, const char *comment);

// Writes to the file at path (NULL or "-": stdout). On failure prints
// "cannot write PATH: REASON" to stderr and returns -1.
int result_save(const struct result *r, const char *path, const char *comment);

// Parses text in the format above into r (appending). Returns 0, or -1 with a
// one-line message in err naming the line, e.g. "line 3: duplicate field 'hits'".
int result_parse(const char *text, struct result *r, char *err, size_t errlen);

// Reads and parses the file at path. Returns 0, or -1 with a one-line message in
// err that names the file ("PATH: line 3: ..." or "PATH: No such file or directory").
int result_load(const char *path, struct result *r, char *err, size_t errlen);

// How far a value may be from the expected one: it passes when
// |got - expected| <= max(abs, rel * |expected|). {0, 0} means exact.
struct tolerance {
  double abs, rel;
};

// Compares field `name` of got against expected. Numeric fields use the tolerance
// (NaN never matches); text fields must be identical. Returns 1 on a match.
// Otherwise returns 0 and writes a one-line message to msg, e.g.
//   "hits: expected 785398, got 785397 (tolerance: exact)"
//   "pi: expected 3.14159, got 3.2 (tolerance: abs 0, rel 1e-12)"
//   "hits: missing from the output"
int result_check(const struct result *expected, const struct result *got,
                 const char *name, struct tolerance tol, char *msg, size_t msglen);

#endif
