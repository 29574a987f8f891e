#include "text/substring_finder.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace zh::text {
namespace {

bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

bool matches_at(const char* at, const std::string& needle) {
  return std::memcmp(at, needle.data(), needle.size()) == 0;
}

}  // namespace

SubstringFinder::SubstringFinder(std::string needle) : needle_(std::move(needle)) {
  if (needle_.size() < 2) return;
  last_probe_ = needle_.size() - 1;
  // The first continuation byte before the last one, else the first byte.
  for (std::size_t i = 0; i < last_probe_; ++i)
    if (is_continuation(static_cast<unsigned char>(needle_[i]))) {
      first_probe_ = i;
      break;
    }
}

bool SubstringFinder::found_in(std::string_view text) const {
  const std::size_t n = needle_.size();
  if (n == 0) return true;
  if (text.size() < n) return false;
  if (n == 1) return std::memchr(text.data(), needle_[0], text.size()) != nullptr;
  const char* const h = text.data();
  const std::size_t starts = text.size() - n + 1;  // candidate start offsets: [0, starts)
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i first = _mm_set1_epi8(needle_[first_probe_]);
  const __m128i last = _mm_set1_epi8(needle_[last_probe_]);
  // Starts i..i+15 need bytes up to i + 15 + last_probe_ < text.size().
  for (; i + 16 <= starts; i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + first_probe_));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + last_probe_));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
    while (mask != 0) {
      if (matches_at(h + i + static_cast<std::size_t>(__builtin_ctz(mask)), needle_)) return true;
      mask &= mask - 1;
    }
  }
#endif
  for (; i < starts; ++i)
    if (h[i + first_probe_] == needle_[first_probe_] && h[i + last_probe_] == needle_[last_probe_] &&
        matches_at(h + i, needle_))
      return true;
  return false;
}

}  // namespace zh::text
