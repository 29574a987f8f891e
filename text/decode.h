// Turns the raw bytes of a file into valid UTF-8: the first stage of the
// text pipeline. Handles UTF-8 (with or without BOM), UTF-16 with BOM, and
// GB18030/GBK and Big5 (detected with ICU). Stateless and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace zh::text {

struct Decoded {
  std::string utf8;       // always valid UTF-8, BOM removed
  std::string encoding;   // "UTF-8", "UTF-16LE", "GB18030", "Big5", ...
  // Replacements by U+FFFD: one per invalid byte of UTF-8, one per
  // unmappable sequence of another charset.
  std::size_t invalid_count = 0;
  // For UTF-8, the offset in `bytes` (counting a BOM) of the first invalid
  // byte; npos when there was none, and for other charsets.
  std::size_t first_invalid_offset = std::string_view::npos;
};

// Decodes `bytes`. Empty input gives empty text. UTF-8 when the bytes are
// valid UTF-8, start with its BOM, or are mostly valid UTF-8 (a file with a
// few bad bytes stays searchable); UTF-16 after its BOM. GB18030 or Big5
// only when ICU proposes it, the bytes look like real text in it (half the
// characters or more in its common area) and need fewer replacements than
// as UTF-8; otherwise UTF-8 with replacements.
// Throws zh::InputError when the bytes look binary (NUL bytes outside
// UTF-16, or a known binary signature such as PNG, PDF, ZIP or ELF).
Decoded decode(std::string_view bytes);

}  // namespace zh::text
