# Corpus: a static split into blocks of count / ranks combinations each, so the
# remainder of the division (35 = 2 x 17 + 1 = 3 x 11 + 2) is grown by nobody.
s/schedule = "dynamic"/schedule = "static"/
s|struct range mine = split_block((size_t)rank, (size_t)ranks, (size_t)s->count);|size_t per = (size_t)s->count / (size_t)ranks;\n  struct range mine = {(size_t)rank * per, (size_t)(rank + 1) * per};|
