#include "tests/fuzz/fuzz_check.h"

#include <algorithm>

#include "common/error.h"
#include "text/normalizer.h"
#include "text/utf8.h"
#include "index/document_builder.h"
#include "index/passage_data.h"
#include "index/schema.h"
#include "search/highlight.h"
#include "tests/fuzz/document_fuzz.h"

namespace zh::fuzz {

void check_utf8(std::string_view s, const char* what) {
  check(text::find_invalid_utf8(s) == std::string_view::npos, what, s.substr(0, 200));
}

void check_normalize_idempotent(std::string_view utf8) {
  const std::string once = text::normalize(utf8);
  check_utf8(once, "normalize() gave invalid UTF-8");
  check(text::normalize(once) == once, "normalize is not idempotent", once.substr(0, 200));
}

void check_tokens(std::string_view utf8, const std::vector<text::Token>& tokens) {
  std::uint32_t last_word_end = 0, last_char_begin = 0;
  bool in_words = true;
  for (const auto& t : tokens) {
    check(t.begin < t.end && t.end <= utf8.size(), "token span out of bounds or empty", t.text);
    check(on_boundary(utf8, t.begin) && on_boundary(utf8, t.end), "token span not on a character boundary", t.text);
    check(!t.text.empty(), "empty token term");
    check_utf8(t.text, "token term is not valid UTF-8");
    const std::string slice = text::normalize(utf8.substr(t.begin, t.end - t.begin));
    if (t.kind == text::TokenKind::Word) {
      check(in_words, "a word token after the character tokens", t.text);
      check(t.begin >= last_word_end, "word tokens overlap or go backwards", t.text);
      last_word_end = t.end;
      check(slice == t.text, "a word's normalized slice is not its term", t.text);
    } else {
      in_words = false;
      check(t.begin >= last_char_begin, "character tokens go backwards", t.text);
      last_char_begin = t.begin;
      // One original code point may fold to several ("ﬁ" -> "fi"), so the
      // term is inside the slice's normal form rather than equal to it.
      check(slice.find(t.text) != std::string::npos, "a character token's term is not in its normalized slice",
            t.text);
      const std::size_t cps = text::count_code_points(t.text);
      check(cps == (t.kind == text::TokenKind::Char ? 1u : 2u), "character token of the wrong length", t.text);
    }
  }
}

void check_highlights(std::string_view text, const std::vector<std::string>& needles, bool must_find) {
  const auto spans = search::find_highlights(text, needles);
  std::uint32_t last_end = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto& s = spans[i];
    check(s.begin < s.end && s.end <= text.size(), "highlight span out of bounds or empty");
    check(on_boundary(text, s.begin) && on_boundary(text, s.end), "highlight span not on a character boundary");
    check(i == 0 || s.begin > last_end, "highlight spans overlap, touch or go backwards");
    last_end = s.end;
    const std::string normal = text::normalize(text.substr(s.begin, s.end - s.begin));
    const bool any_needle = std::any_of(needles.begin(), needles.end(), [&](const std::string& n) {
      return !n.empty() && normal.find(n) != std::string::npos;
    });
    check(any_needle, "a highlight contains no needle");
  }
  check(!must_find || !spans.empty(), "a needle the text contains was not highlighted");
  const auto cp_spans = search::to_code_point_spans(text, spans);
  check(cp_spans.size() == spans.size(), "code-point spans lost a span");
  const std::size_t cps = text::count_code_points(text);
  for (const auto& s : cp_spans) check(s.begin < s.end && s.end <= cps, "code-point span out of bounds");
}

void check_document(const ingest::Document& doc) {
  const auto& m = doc.meta;
  for (const std::string* s : {&m.title, &m.source, &m.author, &m.date, &m.description, &m.language})
    check_utf8(*s, "document metadata is not valid UTF-8");
  for (const auto& t : m.tags) check_utf8(t, "a tag is not valid UTF-8");
  for (const auto& w : doc.warnings) check_utf8(w, "a warning is not valid UTF-8");
  for (std::size_t i = 0; i < doc.passages.size(); ++i) {
    const auto& p = doc.passages[i];
    check(p.ordinal == i, "passages are not numbered 0..n-1");
    check_utf8(p.text, "passage text is not valid UTF-8");
    check_utf8(p.heading, "passage heading is not valid UTF-8");
    check_utf8(p.context, "passage context is not valid UTF-8");
    const std::string searchable = index::schema::searchable_text(p.context, p.text);
    check_tokens(searchable, text::analyze(searchable));
  }
  const auto built = index::build_passage_documents(doc);
  check(built.size() == doc.passages.size(), "not one Xapian document per passage");
  for (std::size_t i = 0; i < built.size(); ++i) {
    const index::ShownPassage shown = index::decode_shown_passage(built[i].xapian.get_data(), built[i].normal_text);
    check(shown.text == doc.passages[i].text && shown.heading == doc.passages[i].heading,
          "a passage's stored data does not give its text and heading back");
  }
  index::schema::DocumentRecord r{doc.key, doc.path, doc.content_hash, doc.encoding, doc.meta, doc.passages.size()};
  const auto back = index::schema::decode_record(index::schema::encode_record(r));
  check(back.meta.title == m.title && back.meta.tags == m.tags && back.passages == r.passages,
        "the document record does not survive encode/decode");
}

int fuzz_document(const std::uint8_t* data, std::size_t size, ingest::Format format) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ingest::Document doc;
  try {
    doc = ingest::parse_document(bytes, format, "fuzz.input", "fuzz input");
  } catch (const InputError&) {
    return 0;
  }
  check_document(doc);
  return 0;
}

}  // namespace zh::fuzz
