// Building versions: compiling one against the project's common library (build.c,
// with its cache, build_cache.c) and telling a shipped skeleton from a started file
// (skeleton.c).
#ifndef GRADER_BUILD_BUILD_H
#define GRADER_BUILD_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "grader.h"

// build.c: compiles one version (enum build_status is in grader.h).

// Compiles source (shown in messages as given, relative to the project when inside
// it) into binary; the compiler's messages go to log_path. On BUILD_FAILED, errors
// holds the first lines that matter. A submitted file is compiled in the sandbox:
// `sandbox` names a run directory to make for it (the messages then name the file
// by its own name); NULL for the project's own files. `exercise_dir` is the
// exercise's directory in the project, whose headers every version may include (the
// project's copy, never a submitted one).
enum build_status build_version(const char *version, const char *source,
                                const char *exercise_dir, const char *binary,
                                const char *log_path, const char *sandbox, char *errors,
                                size_t errlen);
// The first PARAM_BUILD_ERROR_LINES lines of a compiler log, starting at the first
// error (or at the top when no line says "error").
void build_first_errors(const char *log, char *out, size_t len);

// skeleton.c: whether a version file is still the shipped skeleton ("not started yet").

// The fingerprint of C source text: a 64-bit FNV-1a hash of its normalised token text,
// which follows what the compiler sees (backslash-newlines spliced, comments dropped,
// whitespace kept only where it separates tokens or ends a preprocessor line), so
// reformatting keeps it and any change of tokens changes it. The caller owns text.
uint64_t skeleton_fingerprint_text(const char *text);

// The fingerprint of a file of at most PARAM_SOURCE_MAX bytes (grader/param.h). Its
// bytes count, NULs included. 0 and *out on success; -1 with a one-line message in err
// (errlen bytes, owned by the caller) when the file cannot be read or is too large.
int skeleton_fingerprint_file(const char *path, uint64_t *out, char *err, size_t errlen);

// 1 when `source` is the shipped skeleton NN-name/VERSION.c (exercise "NN-name",
// version "VERSION") per the project's manifest, project/exercises/skeletons.txt
// (`project` is the project's source dir); 0 when it is not, or when the source or
// the manifest cannot be read, or the manifest has no well-formed line for it: then
// the version is treated as touched and timed. Malformed manifest lines are skipped.
int skeleton_untouched(const char *project, const char *exercise, const char *version,
                       const char *source);

#endif
