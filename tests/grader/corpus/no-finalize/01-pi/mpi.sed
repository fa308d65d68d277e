# Corpus: the ranks other than 0 return from main without calling MPI_Finalize.
s|^  int status = 0;$|  int status = 0;\n  if (rank != 0)\n    return 0;  // nothing left to do here, or so it seems|
