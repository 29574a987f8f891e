// Where the query matched inside a passage: every occurrence of each
// normal form, found in the passage's normal form and mapped back to the
// original text, so highlights are exact even across Traditional/Simplified
// and full-width/half-width differences.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zh::search {

// [begin, end): bytes of the original passage text.
struct Span {
  std::uint32_t begin = 0, end = 0;
  bool operator==(const Span&) const = default;
};

// Sorted, non-overlapping spans of every occurrence of each of `needles`
// (normal forms) in `text` (original UTF-8). Overlapping or touching
// occurrences are merged. Empty needles are ignored.
std::vector<Span> find_highlights(std::string_view text, const std::vector<std::string>& needles);

// Byte spans -> code-point spans (for JSON, whose offsets are code points).
std::vector<Span> to_code_point_spans(std::string_view text, const std::vector<Span>& byte_spans);

}  // namespace zh::search
