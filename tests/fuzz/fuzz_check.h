// Invariant checks shared by the fuzz targets (issue 7). A target does not
// only ask "did it crash?": it checks what the text pipeline promises, and
// a broken promise aborts with a message on stderr, so libFuzzer saves the
// input and the seed replay test fails.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/document.h"
#include "text/analyzer.h"

namespace zh::fuzz {

// Prints `what` and aborts: the fuzzer's "crash" for a broken invariant.
[[noreturn]] inline void fail(const char* what, std::string_view detail = {}) {
  const std::string shown(detail);  // detail.data() may be null
  std::fprintf(stderr, "fuzz invariant violated: %s [%s]\n", what, shown.c_str());
  std::abort();
}

inline void check(bool ok, const char* what, std::string_view detail = {}) {
  if (!ok) fail(what, detail);
}

// True when byte `at` of valid UTF-8 `s` starts a character (or is s.size()).
inline bool on_boundary(std::string_view s, std::size_t at) {
  return at == s.size() || (at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) != 0x80);
}

// Checks `s` is valid UTF-8: everything after decode() must be.
void check_utf8(std::string_view s, const char* what);

// Normalization is idempotent: normalize(normalize(x)) == normalize(x).
void check_normalize_idempotent(std::string_view utf8);

// Every token of analyze(`utf8`): [begin, end) in bounds, non-empty, on
// character boundaries; words ascending and not overlapping, characters and
// pairs ascending; the normal form of a word's slice is its term, and a
// character's or pair's term lies inside the normal form of its slice.
void check_tokens(std::string_view utf8, const std::vector<text::Token>& tokens);

// Highlight spans of `needles` in `text`: in bounds, non-empty, on
// character boundaries, sorted and apart; each span's normal form contains
// a needle. `must_find`: a needle the text is known to contain.
void check_highlights(std::string_view text, const std::vector<std::string>& needles, bool must_find);

// A parsed document: every string valid UTF-8, passages numbered 0..n-1,
// each passage analyzable (check_tokens) and buildable into Xapian
// documents, and its record survives encode/decode.
void check_document(const ingest::Document& doc);

}  // namespace zh::fuzz
