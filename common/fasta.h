// FASTA files read whole or one byte range at a time (for chunks, processes, ranks).
//
// A FASTA file is a list of records; each starts with a header line ('>' and a name),
// then its sequence on lines of any length:
//   >chr1 synthetic
//   ACGTNNNNACGT...
// Line breaks ("\n", "\r\n"), spaces and header lines are not part of the sequence.
// A byte range [begin, end) of the file owns the bases whose bytes lie in it, so the
// ranges of any split of 0..size cover every base exactly once, whatever lines or
// headers the borders fall in.
#ifndef COMMON_FASTA_H
#define COMMON_FASTA_H

#include <stddef.h>

#define FASTA_PATH_MAX 512

// An open FASTA file. fasta_read only uses pread, so one open file may be read by
// several threads at once.
struct fasta {
  int fd;
  long long size;             // bytes in the file
  char path[FASTA_PATH_MAX];  // as given, for messages
};

// One stretch of sequence: consecutive bases of one record, with the line breaks
// taken out. A record that starts in the range begins a new stretch.
struct fasta_stretch {
  size_t start;   // where its bases begin in chunk->bases
  size_t length;  // its bases: the owned ones, then up to `overlap` more
  size_t owned;   // the first `owned` bases lie in the range; the rest come after it
};

// What fasta_read gives: the bases of a range, as stretches. Start with
// `struct fasta_chunk c = {0};`; fasta_read reuses its memory; free it with
// fasta_chunk_free.
struct fasta_chunk {
  char *bases;  // every stretch's bases one after the other (not a C string)
  size_t nbases;
  struct fasta_stretch *stretches;
  size_t nstretches;
  long long records;  // header lines that start inside the range
  size_t capacity, stretch_capacity;
};

// Opens path and checks that it looks like FASTA. Returns 0, or -1 with one line in
// err that names the file: "PATH: No such file or directory", "PATH: empty file (a
// FASTA file starts with a '>' header line)", "PATH: not a FASTA file (it starts
// with 'x', not with a '>' header line)", "PATH: Is a directory".
int fasta_open(struct fasta *f, const char *path, char *err, size_t errlen);

void fasta_close(struct fasta *f);

// slide: fasta-read
// Reads the bases owned by the byte range [begin, end) of the file into c, and after
// each stretch that reaches `end` up to `overlap` more bases of the same record (for a
// window of k bases, overlap k - 1 lets every window that starts in the range end
// there too). begin and end are clipped to 0..size. Returns 0, or -1 with one line in
// err naming the file (a read error or out of memory).
int fasta_read(const struct fasta *f, long long begin, long long end, size_t overlap,
               struct fasta_chunk *c, char *err, size_t errlen);
// end slide

void fasta_chunk_free(struct fasta_chunk *c);

#endif
