// Fuzz target: the text pipeline, bytes -> decode -> normalize -> analyze.
// Checks token spans, idempotent normalization, normalize_with_origins and
// that the normal form of any slice of the text is found and highlighted
// in it (the substring property Ctrl-F matching rests on). And that a
// passage's stored data gives its text back, and damaged data an IndexError.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"
#include "text/analyzer.h"
#include "text/decode.h"
#include "text/normalizer.h"
#include "text/utf8.h"
#include "index/passage_data.h"
#include "index/schema.h"
#include "tests/fuzz/fuzz_check.h"

using namespace zh;

namespace {

void check_passage_data(std::string_view utf8) {
  ingest::Passage p;
  const std::size_t cut = utf8.size() / 3;
  std::size_t at = cut;
  while (at > 0 && !fuzz::on_boundary(utf8, at)) --at;
  p.context = std::string(utf8.substr(0, at));
  p.heading = p.context;
  p.text = std::string(utf8.substr(at));
  const index::PassageData data = index::encode_passage_data(p);
  fuzz::check(data.normal_text == text::normalize(index::schema::searchable_text(p.context, p.text)),
              "passage data: the normal text differs from normalize()");
  const index::ShownPassage shown = index::decode_shown_passage(data.data, data.normal_text);
  fuzz::check(shown.text == p.text && shown.heading == p.heading, "passage data does not give the passage back");
  // Damaged: cut short, a byte changed, or read against another text.
  const std::size_t pos = utf8.empty() ? 0 : static_cast<unsigned char>(utf8[0]) % data.data.size();
  std::string changed = data.data;
  changed[pos] = '\x81';
  const std::vector<std::pair<std::string, std::string>> damaged = {
      {data.data.substr(0, pos + 1), data.normal_text},
      {changed, data.normal_text},
      {data.data, std::string(utf8.substr(0, at))}};
  for (const auto& [bytes, normal] : damaged) {
    try {
      (void)index::decode_shown_passage(bytes, normal);
    } catch (const IndexError&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  text::Decoded decoded;
  try {
    decoded = text::decode(bytes);
  } catch (const InputError&) {
    return 0;  // binary input is refused: expected
  }
  const std::string& utf8 = decoded.utf8;
  fuzz::check_utf8(utf8, "decode() gave invalid UTF-8");
  fuzz::check(decoded.invalid_count == 0 || decoded.first_invalid_offset == std::string_view::npos ||
                  decoded.first_invalid_offset < size,
              "decode() reported an invalid byte past the input");
  fuzz::check_normalize_idempotent(utf8);
  check_passage_data(utf8);

  const auto tokens = text::analyze(utf8);
  fuzz::check_tokens(utf8, tokens);
  std::size_t word_count = 0;
  for (const auto& t : tokens) word_count += t.kind == text::TokenKind::Word;
  fuzz::check(text::words(utf8).size() == word_count, "words() disagrees with analyze()");

  const text::NormalizedText n = text::normalize_with_origins(utf8);
  fuzz::check(n.text == text::normalize(utf8), "normalize_with_origins() text differs from normalize()");
  fuzz::check(n.origin_begin.size() == n.text.size() && n.origin_end.size() == n.text.size(),
              "normalize_with_origins(): one origin per byte expected");
  for (std::size_t i = 0; i < n.text.size(); ++i) {
    fuzz::check(n.origin_begin[i] < n.origin_end[i] && n.origin_end[i] <= utf8.size(), "origin out of bounds");
    fuzz::check(fuzz::on_boundary(utf8, n.origin_begin[i]) && fuzz::on_boundary(utf8, n.origin_end[i]),
                "origin not on a character boundary");
    fuzz::check(i == 0 || n.origin_begin[i] >= n.origin_begin[i - 1], "origins go backwards");
  }

  // A slice picked by the input's first bytes: its normal form must be
  // found in the text and highlighted there.
  if (utf8.size() >= 2) {
    std::size_t from = static_cast<unsigned char>(utf8[0]) % utf8.size();
    std::size_t to = from + 1 + static_cast<unsigned char>(utf8[1]) % 16;
    while (from > 0 && !fuzz::on_boundary(utf8, from)) --from;
    to = std::min(to, utf8.size());
    while (to < utf8.size() && !fuzz::on_boundary(utf8, to)) ++to;
    const std::string needle = text::normalize(std::string_view(utf8).substr(from, to - from));
    fuzz::check(n.text.find(needle) != std::string::npos, "the normal form of a slice is not in the normal form");
    fuzz::check_highlights(utf8, {needle}, !needle.empty());
  }
  return 0;
}
