// Finds one fixed string in many texts: how the exact level verifies each
// candidate passage against a query part. Tests two bytes of the needle at
// sixteen positions at once and compares the whole needle only where both
// agree. For Chinese, the two are UTF-8 continuation bytes, 1 in 64 each,
// where glibc's memmem stepped a byte pair at a time through text whose
// lead bytes (E4-E9) are nearly all alike.
// Thread-compatible: const use from several threads is safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace zh::text {

class SubstringFinder {
 public:
  explicit SubstringFinder(std::string needle);

  // Whether `text` contains the needle. An empty needle is in every text.
  bool found_in(std::string_view text) const;

  const std::string& needle() const { return needle_; }

 private:
  std::string needle_;
  std::size_t first_probe_ = 0, last_probe_ = 0;  // offsets of the two bytes tested in bulk
};

}  // namespace zh::text
