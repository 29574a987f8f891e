#include "search/highlight.h"

#include <algorithm>

#include "text/normalizer.h"

namespace zh::search {

std::vector<Span> find_highlights(std::string_view text, const std::vector<std::string>& needles) {
  std::vector<Span> spans;
  if (text.empty()) return spans;
  const text::NormalizedText normal = text::normalize_with_origins(text);
  for (const auto& needle : needles) {
    if (needle.empty()) continue;
    for (std::size_t at = normal.text.find(needle); at != std::string::npos;
         at = normal.text.find(needle, at + 1)) {
      spans.push_back({normal.origin_begin[at], normal.origin_end[at + needle.size() - 1]});
    }
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> merged;
  for (const Span& s : spans) {
    if (!merged.empty() && s.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

std::vector<Span> to_code_point_spans(std::string_view text, const std::vector<Span>& byte_spans) {
  std::vector<Span> out;
  out.reserve(byte_spans.size());
  std::uint32_t byte = 0, cp = 0;
  auto advance_to = [&](std::uint32_t target) {
    for (; byte < target && byte < text.size(); ++byte)
      if ((static_cast<unsigned char>(text[byte]) & 0xC0) != 0x80) ++cp;
    return cp;
  };
  for (const Span& s : byte_spans) {
    Span c;
    c.begin = advance_to(s.begin);
    c.end = advance_to(s.end);
    out.push_back(c);
  }
  return out;
}

}  // namespace zh::search
