#include "indexer/text/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <array>
#include <memory>

#include "indexer/error.h"
#include "indexer/text/utf8.h"

namespace zh::text {
namespace {

constexpr std::size_t kSniffBytes = 8192;

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

// ICU's guess among the legacy Chinese charsets, or nullptr.
const char* detect_legacy_chinese(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> det(ucsdet_open(&status), ucsdet_close);
  if (U_FAILURE(status)) return nullptr;
  const auto sample = bytes.substr(0, 1 << 16);
  ucsdet_setText(det.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  int32_t found = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det.get(), &found, &status);
  if (U_FAILURE(status)) return nullptr;
  for (int32_t i = 0; i < found; ++i) {
    const char* name = ucsdet_getName(matches[i], &status);
    if (U_FAILURE(status) || !name) continue;
    const std::string_view n(name);
    if (n == "GB18030") return "GB18030";
    if (n == "Big5") return "Big5";
  }
  return nullptr;
}

// Counts multi-byte sequences that are valid UTF-8 and bytes that are not.
void utf8_profile(std::string_view s, std::size_t& valid_multibyte, std::size_t& invalid) {
  valid_multibyte = invalid = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t bad = find_invalid_utf8(s.substr(pos, 4));
    if (bad == 0) { ++invalid; ++pos; continue; }
    const unsigned char b = static_cast<unsigned char>(s[pos]);
    const std::size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
    valid_multibyte += len > 1;
    pos += len;
  }
}

Decoded as_repaired_utf8(std::string_view bytes) {
  Decoded out;
  out.encoding = "UTF-8";
  out.first_invalid_offset = find_invalid_utf8(bytes);
  out.utf8 = out.first_invalid_offset == std::string_view::npos
                 ? std::string(bytes)
                 : repair_utf8(bytes, &out.invalid_count);
  return out;
}

}  // namespace

Decoded decode(std::string_view bytes) {
  Decoded out;
  if (starts_with(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF")) {
    const char* charset = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    if (convert_to_utf8(bytes.substr(2), charset, out)) return out;
  }
  if (const char* kind = binary_signature(bytes))
    throw InputError(std::string("binary file (") + kind + "), not text");
  if (has_nul(bytes)) throw InputError("binary file (contains NUL bytes), not text");

  if (find_invalid_utf8(bytes) == std::string_view::npos) {
    out.utf8 = std::string(bytes);
    out.encoding = "UTF-8";
    return out;
  }
  // Mostly valid UTF-8 with a few bad bytes is damaged UTF-8, not a legacy
  // charset: keep it, with replacement characters and a warning.
  std::size_t valid_multibyte = 0, invalid = 0;
  utf8_profile(bytes, valid_multibyte, invalid);
  if (valid_multibyte > 0 && invalid * 20 < valid_multibyte) return as_repaired_utf8(bytes);
  // Otherwise take whichever reading damages fewer sequences: a legacy
  // charset ICU recognizes, or UTF-8 with replacements.
  Decoded utf8 = as_repaired_utf8(bytes);
  if (const char* charset = detect_legacy_chinese(bytes))
    if (convert_to_utf8(bytes, charset, out) && out.invalid_count < utf8.invalid_count) return out;
  return utf8;
}

}  // namespace zh::text
