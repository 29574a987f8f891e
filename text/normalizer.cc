#include "text/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "common/error.h"
#include "text/utf8.h"

namespace zh::text {
namespace {

// The folded form of every code point seen so far, shared by all threads
// of the process: each of a server's worker threads kept its own cache,
// and filling it again through ICU was 3 % of the server's time. The BMP
// is indexed directly; a slot is written once, under the lock, and
// published by its state, so lookups of known code points take no lock.
class FoldTable {
 public:
  FoldTable()
      : state_(new std::atomic<std::uint8_t>[kBmp]), inline_(new InlineForm[kBmp]) {
    for (std::size_t c = 0; c < kBmp; ++c) state_[c].store(kUnknown, std::memory_order_relaxed);
    UErrorCode status = U_ZERO_ERROR;
    nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw Error("ICU NFKC_Casefold is unavailable");
    t2s_.reset(icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) throw Error("ICU Traditional-Simplified transform is unavailable");
  }

  std::string_view get(char32_t c) {
    if (c < kBmp) {
      const std::uint8_t state = state_[c].load(std::memory_order_acquire);
      if (state != kUnknown && state != kLong) return std::string_view(inline_[c].bytes, state - 1);
    }
    // Code points outside the BMP, long forms and first sightings.
    std::lock_guard lock(mutex_);
    if (c < kBmp && state_[c].load(std::memory_order_relaxed) != kUnknown) return known_long_or_inline(c);
    auto it = others_.find(c);
    if (it == others_.end()) {
      std::string form = compute(c);
      if (c < kBmp && form.size() < kInlineBytes) {
        std::memcpy(inline_[c].bytes, form.data(), form.size());
        state_[c].store(static_cast<std::uint8_t>(form.size() + 1), std::memory_order_release);
        return std::string_view(inline_[c].bytes, form.size());
      }
      it = others_.emplace(c, std::move(form)).first;  // nodes never move: views stay valid
      if (c < kBmp) state_[c].store(kLong, std::memory_order_release);
    }
    return it->second;
  }

 private:
  static constexpr std::size_t kBmp = 0x10000;
  static constexpr std::size_t kInlineBytes = 8;           // forms of up to 7 bytes live in the slot
  static constexpr std::uint8_t kUnknown = 0, kLong = 0xFF;  // else 1 + the inline form's length
  struct InlineForm {
    char bytes[kInlineBytes - 1];
  };

  // Requires: the lock is held and `c`'s state is known.
  std::string_view known_long_or_inline(char32_t c) {
    const std::uint8_t state = state_[c].load(std::memory_order_relaxed);
    if (state != kLong) return std::string_view(inline_[c].bytes, state - 1);
    return others_.at(c);
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

  std::unique_ptr<std::atomic<std::uint8_t>[]> state_;
  std::unique_ptr<InlineForm[]> inline_;
  std::mutex mutex_;  // guards others_, the ICU objects and writing slots
  std::unordered_map<char32_t, std::string> others_;
  const icu::Normalizer2* nfkc_casefold_;
  std::unique_ptr<icu::Transliterator> t2s_;
};

// A cache of a pure function of the code point (ICU's data does not change
// while the process runs), so one per process is as safe as one per call.
FoldTable& cache() {
  static FoldTable instance;
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
