# Corpus: the byte ranges are counted without their k - 1 bases of overlap.
s|size_t overlap = (size_t)job->k - 1;|size_t overlap = 0;  // each range on its own|
