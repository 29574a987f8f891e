#include "text/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "common/error.h"
#include "text/utf8.h"

namespace zh::text {
namespace {

constexpr std::size_t kSniffBytes = 8192;   // searched for NUL bytes
constexpr std::size_t kDetectBytes = 1 << 16;  // given to ICU's charset detector

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

const char* binary_signature(std::string_view bytes) {
  static constexpr std::array<std::pair<std::string_view, const char*>, 8> kSignatures{{
      {"\x89PNG", "PNG image"},
      {"%PDF-", "PDF document"},
      {"PK\x03\x04", "ZIP archive"},
      {"\x7f" "ELF", "ELF executable"},
      {"GIF8", "GIF image"},
      {"\xff\xd8\xff", "JPEG image"},
      {"\x1f\x8b", "gzip data"},
      {"\xfd" "7zXZ", "xz data"},
  }};
  for (const auto& [magic, name] : kSignatures)
    if (starts_with(bytes, magic)) return name;
  return nullptr;
}

bool has_nul(std::string_view bytes) {
  return bytes.substr(0, kSniffBytes).find('\0') != std::string_view::npos;
}

// Converts `bytes` from `charset` to UTF-8 with ICU, substituting U+FFFD
// for unmappable input. Returns false if ICU does not know the charset.
bool convert_to_utf8(std::string_view bytes, const char* charset, Decoded& out) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> conv(ucnv_open(charset, &status), ucnv_close);
  if (U_FAILURE(status)) return false;
  std::string utf8(bytes.size() * 2 + 16, '\0');
  status = U_ZERO_ERROR;
  int32_t n = ucnv_toAlgorithmic(UCNV_UTF8, conv.get(), utf8.data(), static_cast<int32_t>(utf8.size()),
                                 bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    utf8.resize(static_cast<std::size_t>(n) + 1);
    status = U_ZERO_ERROR;
    conv.reset(ucnv_open(charset, &status));
    n = ucnv_toAlgorithmic(UCNV_UTF8, conv.get(), utf8.data(), static_cast<int32_t>(utf8.size()),
                           bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  }
  if (U_FAILURE(status)) return false;
  utf8.resize(static_cast<std::size_t>(n));
  out.utf8 = std::move(utf8);
  out.encoding = charset;
  out.invalid_count = 0;
  for (std::size_t at = out.utf8.find("\xEF\xBF\xBD"); at != std::string::npos;
       at = out.utf8.find("\xEF\xBF\xBD", at + 3))
    ++out.invalid_count;
  return true;
}

// ICU's guesses among the legacy Chinese charsets, most confident first.
std::vector<const char*> detect_legacy_chinese(std::string_view bytes) {
  std::vector<const char*> found_charsets;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> det(ucsdet_open(&status), ucsdet_close);
  if (U_FAILURE(status)) return found_charsets;
  const auto sample = bytes.substr(0, kDetectBytes);
  ucsdet_setText(det.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  int32_t found = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det.get(), &found, &status);
  if (U_FAILURE(status)) return found_charsets;
  for (int32_t i = 0; i < found; ++i) {
    const char* name = ucsdet_getName(matches[i], &status);
    if (U_FAILURE(status) || !name) continue;
    const std::string_view n(name);
    const char* charset = n == "GB18030" ? "GB18030" : n == "Big5" ? "Big5" : nullptr;
    if (charset && std::find(found_charsets.begin(), found_charsets.end(), charset) == found_charsets.end())
      found_charsets.push_back(charset);
  }
  return found_charsets;
}

// How `s` reads as UTF-8: multi-byte sequences that are valid, and bytes
// that belong to no valid sequence.
struct Utf8Profile {
  std::size_t valid_multibyte = 0;
  std::size_t invalid = 0;
};

Utf8Profile utf8_profile(std::string_view s) {
  Utf8Profile p;
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t bad = find_invalid_utf8(s.substr(pos, 4));
    if (bad == 0) { ++p.invalid; ++pos; continue; }
    const unsigned char b = static_cast<unsigned char>(s[pos]);
    const std::size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
    p.valid_multibyte += len > 1;
    pos += len;
  }
  return p;
}

// Text that is mostly valid UTF-8 is UTF-8, whatever else it might be:
// enough valid multi-byte sequences per bad byte. In real GB18030, GBK and
// Big5 text a few byte pairs happen to form UTF-8 sequences, under 0.3 per
// bad byte at length, and never 2 * invalid + 3 even in a few characters;
// UTF-8 with a handful of bad bytes in a sentence has more.
bool mostly_utf8(const Utf8Profile& p) { return p.valid_multibyte >= 2 * p.invalid + 3; }

bool in(unsigned char b, unsigned char lo, unsigned char hi) { return b >= lo && b <= hi; }

// How `bytes` read in a legacy double-byte charset ("GB18030" or "Big5"):
// its multi-byte characters, and how many lie where those of real text do:
// GB2312's punctuation rows (A1, A3) and level-1 hanzi (lead B0-D7), or
// Big5's punctuation (A1, A2) and level-1 hanzi (A4-C6). Other GBK hanzi
// (traditional ones among them) count when their trail byte is ASCII and
// they follow another multi-byte character, unlike a stray high byte
// before an ASCII letter. UTF-8 read this way pairs its lead bytes E0-EF
// with continuation bytes (level-2 hanzi) and continuation bytes with each
// other: few land inside.
struct LegacyProfile {
  std::size_t multibyte = 0;
  std::size_t common = 0;
  std::size_t common_both_high = 0;  // common, with a trail byte above A0
};

LegacyProfile legacy_profile(std::string_view bytes, std::string_view charset) {
  const bool gb = charset == "GB18030";
  LegacyProfile p;
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  bool after_multibyte = false;
  for (std::size_t i = 0; i < bytes.size();) {
    const unsigned char lead = at(i);
    const unsigned char trail = i + 1 < bytes.size() ? at(i + 1) : 0;
    if (gb && in(lead, 0x81, 0xFE) && in(trail, 0x30, 0x39) && i + 3 < bytes.size() && in(at(i + 2), 0x81, 0xFE) &&
        in(at(i + 3), 0x30, 0x39)) {
      ++p.multibyte;  // four bytes: characters outside GBK, never common
      after_multibyte = true;
      i += 4;
      continue;
    }
    if (!in(lead, 0x81, 0xFE) || !(in(trail, 0x40, 0x7E) || in(trail, gb ? 0x80 : 0xA1, 0xFE))) {
      after_multibyte = false;
      ++i;
      continue;
    }
    const bool common = gb ? ((lead == 0xA1 || lead == 0xA3 || in(lead, 0xB0, 0xD7)) && trail >= 0xA1) ||
                                 (after_multibyte && trail <= 0x7E)
                           : in(lead, 0xA1, 0xA2) || in(lead, 0xA4, 0xC6);
    ++p.multibyte;
    p.common += common;
    p.common_both_high += common && trail >= 0xA1;
    after_multibyte = true;
    i += 2;
  }
  return p;
}

// Whether the bytes look like real text in the charset rather than like
// UTF-8: at least half of the multi-byte characters common, more of them
// than valid UTF-8 sequences, and more evidence than one stray high byte
// that Big5 pairs with the ASCII letter after it (a common character of two
// high bytes, or two common characters).
bool plausible(const LegacyProfile& p, const Utf8Profile& as_utf8) {
  return p.common * 2 >= p.multibyte && p.common > as_utf8.valid_multibyte &&
         (p.common_both_high >= 1 || p.common >= 2);
}

// `bytes` as UTF-8 with every invalid byte replaced; offsets count
// `offset_base` bytes before `bytes` (a BOM).
Decoded as_repaired_utf8(std::string_view bytes, std::size_t offset_base) {
  Decoded out;
  out.encoding = "UTF-8";
  const std::size_t first_invalid = find_invalid_utf8(bytes);
  if (first_invalid == std::string_view::npos) {
    out.utf8 = std::string(bytes);
    return out;
  }
  out.first_invalid_offset = offset_base + first_invalid;
  out.utf8 = repair_utf8(bytes, &out.invalid_count);
  return out;
}

}  // namespace

Decoded decode(std::string_view bytes) {
  const bool utf8_bom = starts_with(bytes, "\xEF\xBB\xBF");
  if (utf8_bom) bytes.remove_prefix(3);
  if (!utf8_bom && (starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF"))) {
    Decoded out;
    const char* charset = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    if (convert_to_utf8(bytes.substr(2), charset, out)) return out;
  }
  if (const char* kind = binary_signature(bytes))
    throw InputError(std::string("binary file (") + kind + "), not text");
  if (has_nul(bytes)) throw InputError("binary file (contains NUL bytes), not text");

  Decoded utf8 = as_repaired_utf8(bytes, utf8_bom ? 3 : 0);
  if (utf8.invalid_count == 0 || utf8_bom) return utf8;
  const Utf8Profile as_utf8 = utf8_profile(bytes);
  if (mostly_utf8(as_utf8)) return utf8;
  // A legacy charset ICU proposes, only when the bytes look like real text
  // in it and read with fewer replacements than as UTF-8. Of two, the one
  // with fewer replacements, then more common characters (GB2312 bytes are
  // valid Big5 and Big5 bytes valid GB18030, mostly outside each other's
  // common area); ICU's order breaks ties.
  std::optional<Decoded> best;
  double best_common = 0;
  for (const char* charset : detect_legacy_chinese(bytes)) {
    const LegacyProfile p = legacy_profile(bytes, charset);
    if (!plausible(p, as_utf8)) continue;
    Decoded legacy;
    if (!convert_to_utf8(bytes, charset, legacy) || legacy.invalid_count >= utf8.invalid_count) continue;
    const double common = static_cast<double>(p.common) / static_cast<double>(p.multibyte);
    if (!best || legacy.invalid_count < best->invalid_count ||
        (legacy.invalid_count == best->invalid_count && common > best_common)) {
      best = std::move(legacy);
      best_common = common;
    }
  }
  return best ? std::move(*best) : utf8;
}

}  // namespace zh::text
