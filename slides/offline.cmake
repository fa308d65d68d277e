# Run as cmake -DHTML=FILE -P offline.cmake after Marp: the one web address Marp CLI
# writes (a licence pointer in a comment of its bundled script) becomes the name of
# the same file inside the npm package, so the deck names no network address at all.
file(READ ${HTML} text)
string(REGEX REPLACE "https://unpkg\\.com/(@marp-team/marp-cli@[0-9.]+/lib/[A-Za-z.]+LICENSE\\.txt)"
       "\\1 (in the npm package)" text "${text}")
file(WRITE ${HTML} "${text}")
