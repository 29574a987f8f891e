// Per-code-point normalization: ICU NFKC_Casefold, then ICU's
// Traditional->Simplified transform applied to each resulting character
// alone. Because it works one code point at a time, the normal form of a
// substring is always a substring of the normal form of the text, which is
// what makes Ctrl-F matching exact (DESIGN §2). Folded code points are
// cached once per process; all functions here are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zh::text {

// The normal form of one code point, as UTF-8 (may be empty, e.g. for
// U+00AD SOFT HYPHEN, or longer than one code point, e.g. "ﬁ" -> "fi").
std::string_view fold(char32_t c);

// Normal form of valid UTF-8 `utf8`. Empty input gives "".
std::string normalize(std::string_view utf8);

// A normal form that remembers where each of its bytes came from.
struct NormalizedText {
  std::string text;
  // For byte i of `text`: [origin_begin[i], origin_end[i]) is the original
  // code point (bytes of the input) that produced it.
  std::vector<std::uint32_t> origin_begin, origin_end;
};
NormalizedText normalize_with_origins(std::string_view utf8);

// Character classes of normalized code points.
bool is_space(char32_t c);      // white space or a control character
bool is_word_char(char32_t c);  // letters, digits, ideographs and marks

}  // namespace zh::text
