# Corpus: the halo is exchanged once, before the first step, not before every step
# (with the blocking exchange, which is then the default).
s/^  exchange(b, cur);$/  static int exchanged = 0;\n  if (!exchanged)\n    exchange(b, cur), exchanged = 1;/
s/\*exchange = "overlap"/*exchange = "blocking"/
