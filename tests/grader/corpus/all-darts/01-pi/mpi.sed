# Corpus: every rank throws all the darts, not its own block (hits = P x the serial).
/struct range mine = split_block/d
s/count_hits(args\.seed, (long long)mine\.begin, (long long)mine\.end)/count_hits(args.seed, 0, (long long)args.size)/
