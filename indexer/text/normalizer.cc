#include "indexer/text/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "indexer/error.h"
#include "indexer/text/utf8.h"

namespace zh::text {
namespace {

// Folded forms live in one string pool; the BMP is indexed directly.
class FoldCache {
 public:
  FoldCache() : bmp_(0x10000, kUnset) {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw Error("ICU NFKC_Casefold is unavailable");
    t2s_.reset(icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) throw Error("ICU Traditional-Simplified transform is unavailable");
  }

  std::string_view get(char32_t c) {
    std::uint64_t* slot;
    if (c < 0x10000) {
      slot = &bmp_[c];
    } else {
      slot = &astral_.try_emplace(c, kUnset).first->second;
    }
    if (*slot == kUnset) *slot = store(compute(c));
    return std::string_view(pool_).substr(*slot >> 8, *slot & 0xFF);
  }

 private:
  static constexpr std::uint64_t kUnset = ~std::uint64_t{0};

  std::uint64_t store(const std::string& folded) {
    const std::uint64_t at = pool_.size();
    pool_ += folded;
    return (at << 8) | (folded.size() & 0xFF);
  }

  // ICU's Traditional->Simplified data is not idempotent for a few
  // characters (苎 -> 苧, 苧 -> 苎, 薴 -> 苧), which left 苎 and 苧 unable
  // to find each other. So the form is folded again until it stops
  // changing, and a cycle settles on its least member: one normal form per
  // class, and normalize(normalize(x)) == normalize(x) (the text fuzzer's
  // invariant, issue 7).
  std::string compute(char32_t c) {
    std::string out = compute_once(c);
    std::vector<std::string> seen{out};
    for (int round = 0; round < 8; ++round) {
      std::string next;
      for (std::size_t pos = 0; pos < out.size();) next += compute_once(next_code_point(out, pos));
      if (next == out) break;
      const auto again = std::find(seen.begin(), seen.end(), next);
      if (again != seen.end()) {
        out = *std::min_element(again, seen.end());
        break;
      }
      seen.push_back(next);
      out = std::move(next);
    }
    if (out.size() > 0xFF) out.resize(0);  // never happens for real code points
    return out;
  }

  std::string compute_once(char32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString folded = nfkc_casefold_->normalize(icu::UnicodeString(static_cast<UChar32>(c)), status);
    std::string out;
    if (U_FAILURE(status)) {
      append_utf8(out, c);
      return out;
    }
    for (int32_t i = 0; i < folded.length();) {
      const UChar32 x = folded.char32At(i);
      i += U16_LENGTH(x);
      icu::UnicodeString one(x);
      t2s_->transliterate(one);
      one.toUTF8String(out);
    }
    return out;
  }

  const icu::Normalizer2* nfkc_casefold_;
  std::unique_ptr<icu::Transliterator> t2s_;
  std::vector<std::uint64_t> bmp_;
  std::unordered_map<char32_t, std::uint64_t> astral_;
  std::string pool_;
};

FoldCache& cache() {
  thread_local FoldCache instance;
  return instance;
}

}  // namespace

std::string_view fold(char32_t c) {
  static constexpr char kAscii[] =
      "\0\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
      "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
      " !\"#$%&'()*+,-./0123456789:;<=>?@abcdefghijklmnopqrstuvwxyz[\\]^_"
      "`abcdefghijklmnopqrstuvwxyz{|}~\x7f";
  if (c < 0x80) return std::string_view(kAscii + c, 1);
  return cache().get(c);
}

std::string normalize(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t pos = 0; pos < utf8.size();) {
    const unsigned char b = static_cast<unsigned char>(utf8[pos]);
    if (b < 0x80) {
      out.push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32) : static_cast<char>(b));
      ++pos;
      continue;
    }
    out += fold(next_code_point(utf8, pos));
  }
  return out;
}

NormalizedText normalize_with_origins(std::string_view utf8) {
  NormalizedText out;
  out.text.reserve(utf8.size());
  out.origin_begin.reserve(utf8.size());
  out.origin_end.reserve(utf8.size());
  for (std::size_t pos = 0; pos < utf8.size();) {
    const auto begin = static_cast<std::uint32_t>(pos);
    const std::string_view folded = fold(next_code_point(utf8, pos));
    out.text += folded;
    out.origin_begin.insert(out.origin_begin.end(), folded.size(), begin);
    out.origin_end.insert(out.origin_end.end(), folded.size(), static_cast<std::uint32_t>(pos));
  }
  return out;
}

bool is_space(char32_t c) {
  if (c < 0x80) return c <= ' ' || c == 0x7F;
  return u_isUWhiteSpace(static_cast<UChar32>(c)) || u_iscntrl(static_cast<UChar32>(c));
}

bool is_word_char(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  const auto x = static_cast<UChar32>(c);
  if (u_isalnum(x) || u_hasBinaryProperty(x, UCHAR_ALPHABETIC) || u_hasBinaryProperty(x, UCHAR_IDEOGRAPHIC))
    return true;
  const int8_t type = u_charType(x);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

}  // namespace zh::text
