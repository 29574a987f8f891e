// ASCII-only string helpers, for protocol and file-name text (HTTP header
// values, URL schemes and hosts, file extensions) where only A-Z fold and
// the locale must not matter (std::tolower depends on it). Text a user
// searches goes through text/normalizer.h instead. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace zh {

// `c` with A-Z mapped to a-z; every other byte (UTF-8 included) unchanged.
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// `s` with A-Z mapped to a-z; every other byte unchanged. "" gives "".
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

}  // namespace zh
