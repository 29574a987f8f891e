// Small UTF-8 helpers shared by the text pipeline. All offsets are bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zh::text {

// Decodes the code point at `pos` and advances `pos` past it.
// Requires: `pos < s.size()` and `s` is valid UTF-8.
char32_t next_code_point(std::string_view s, std::size_t& pos);

// Appends the UTF-8 encoding of `c` to `out`.
void append_utf8(std::string& out, char32_t c);

// Byte offset of the first invalid sequence, or npos when `s` is valid UTF-8.
std::size_t find_invalid_utf8(std::string_view s);

// Returns `s` with every invalid sequence replaced by U+FFFD.
// `invalid_count` (if given) receives the number of replacements.
std::string repair_utf8(std::string_view s, std::size_t* invalid_count = nullptr);

// Number of code points in valid UTF-8 `s`.
std::size_t count_code_points(std::string_view s);

// The longest prefix of valid UTF-8 `s` that is at most `max_bytes` long
// and does not cut a character: for quoting input in messages and fields.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

}  // namespace zh::text
