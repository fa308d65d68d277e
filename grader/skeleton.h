// skeleton.c: whether a version file is still the shipped skeleton ("not started yet").
#ifndef GRADER_SKELETON_H
#define GRADER_SKELETON_H

#include <stddef.h>
#include <stdint.h>

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
