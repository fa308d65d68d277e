# Corpus: the loop over the sweep stops one combination early.
s/i < sweep\.count; i++/i < sweep.count - 1; i++/
