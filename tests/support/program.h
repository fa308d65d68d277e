// Runs an exercise program from a test and reads back what it wrote.
#ifndef TEST_PROGRAM_H
#define TEST_PROGRAM_H

#include <stddef.h>

// Runs the shell command `command` with stdout and stderr sent to files in a fresh
// temporary directory. Returns the exit status (128 + signal when killed), or -1
// when it cannot run. The first line of stderr, if any, is copied to first_error.
int program_run(const char *command, char *first_error, size_t errlen);

// Reads the whole file at path into a new buffer (one byte more, for a '\0' the
// caller may put at the end); *len gets its length. NULL when it cannot be read.
unsigned char *program_read_file(const char *path, long *len);

// Removes the directory `dir` and everything under it (a test's scratch space).
// Returns 0, or -1 when it could not.
int program_remove_dir(const char *dir);

// The MPI launcher with its options for tests: "MPIEXEC --oversubscribe ... -np".
// Also allows Open MPI to run as root in this process's children only.
const char *program_mpirun(void);

#endif
