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
  // Invalid sequences replaced by U+FFFD, and the byte offset of the first
  // one in the input (npos when there were none).
  std::size_t invalid_count = 0;
  std::size_t first_invalid_offset = std::string_view::npos;
};

// Decodes `bytes`. Empty input gives empty text.
// Throws zh::InputError when the bytes look binary (NUL bytes outside
// UTF-16, or a known binary signature such as PNG, PDF, ZIP or ELF).
Decoded decode(std::string_view bytes);

}  // namespace zh::text
