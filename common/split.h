// Work splitting: which items belong to part i of n, and shares given as "i/n".
#ifndef COMMON_SPLIT_H
#define COMMON_SPLIT_H

#include <stddef.h>

// Items [begin, end) of a contiguous block.
struct range {
  size_t begin, end;
};

// Block split: part `part` (0-based) of `parts` over `items` items. Blocks differ in
// size by at most one, the first (items % parts) blocks are the larger, and the
// blocks of parts 0..parts-1 cover 0..items-1 exactly once, for any parts >= 1
// (parts > items gives some empty blocks; items == 0 gives all empty).
// parts == 0 or part >= parts gives an empty range.
struct range split_block(size_t part, size_t parts, size_t items);

// The part whose block holds `item` (the inverse of split_block); item < items.
size_t split_block_owner(size_t item, size_t parts, size_t items);

// Cyclic split: part `part` gets items part, part + parts, part + 2*parts, ...
// Returns how many items that is; iterate with for (i = part; i < items; i += parts).
size_t split_cyclic_count(size_t part, size_t parts, size_t items);

// One share of the work run on its own: --shard i/n, 0 <= index < count.
// count == 0 means "no shard given: run everything".
struct shard {
  int index, count;
};

// Parses "i/n" (e.g. "2/4"). Returns 0, or -1 with a one-line reason in err
// (not two numbers, n < 1, i outside 0..n-1).
int shard_parse(const char *text, struct shard *out, char *err, size_t errlen);

#endif
