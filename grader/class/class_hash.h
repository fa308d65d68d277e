// class_hash.c: what class mode knows a submission by. Private to class mode.
#ifndef GRADER_CLASS_HASH_H
#define GRADER_CLASS_HASH_H

#include <dirent.h>
#include <stddef.h>

#include "setup/setup.h"

// scandir(3) order: by name.
int class_by_name(const struct dirent **a, const struct dirent **b);
// The options that change a grade, as text: part of the hash, and shown in reports.
void class_options_text(const struct options *o, char *out, size_t len);
// out (17 bytes): 16 hex digits of FNV-1a over the options and the files of the
// student's folder dir and its NN-name/ folders (names, kinds, sizes, contents).
void class_hash(const struct options *o, const char *dir, char *out);

#endif
