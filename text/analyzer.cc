#include "text/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <memory>

#include "common/error.h"
#include "text/character_tokens.h"
#include "text/normalizer.h"
#include "text/utf8.h"

namespace zh::text {
namespace {

// Creating a BreakIterator costs milliseconds; each thread keeps one.
icu::BreakIterator& word_break_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale("zh"), status));
    if (U_FAILURE(status)) throw Error("cannot create ICU word BreakIterator");
    return it;
  }();
  return *instance;
}

void append_words(std::string_view utf8, std::vector<Token>& out) {
  if (utf8.empty()) return;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, decltype(&utext_close)> ut(
      utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status), utext_close);
  if (U_FAILURE(status)) throw Error("ICU cannot read the text");
  icu::BreakIterator& it = word_break_iterator();
  it.setText(ut.get(), status);
  if (U_FAILURE(status)) throw Error("ICU cannot segment the text");
  int32_t begin = it.first();
  for (int32_t end = it.next(); end != icu::BreakIterator::DONE; begin = end, end = it.next()) {
    if (it.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
    std::string term = normalize(utf8.substr(begin, end - begin));
    if (term.empty()) continue;
    out.push_back(Token{std::move(term), static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
                        TokenKind::Word});
  }
  // Detach the iterator from the UText we are about to close.
  it.setText(icu::UnicodeString());
}

struct NormalCodePoint {
  char32_t c;
  std::uint32_t begin, end;  // the original code point it came from
};

void append_characters(std::string_view utf8, std::vector<Token>& out) {
  thread_local std::vector<NormalCodePoint> stream;  // reused: one allocation per thread
  stream.clear();
  for (std::size_t pos = 0; pos < utf8.size();) {
    const auto begin = static_cast<std::uint32_t>(pos);
    const std::string_view folded = fold(next_code_point(utf8, pos));
    for (std::size_t i = 0; i < folded.size();)
      stream.push_back({next_code_point(folded, i), begin, static_cast<std::uint32_t>(pos)});
  }
  for_each_character_token(
      stream.size(), [&](std::size_t i) { return stream[i].c; },
      [&](TokenKind kind, std::size_t first, std::size_t last) {
        Token t{{}, stream[first].begin, stream[last].end, kind};
        for (std::size_t i = first; i <= last; ++i) append_utf8(t.text, stream[i].c);
        out.push_back(std::move(t));
      });
}

}  // namespace

std::vector<Token> analyze(std::string_view utf8) {
  std::vector<Token> out;
  analyze(utf8, out);
  return out;
}

void analyze(std::string_view utf8, std::vector<Token>& out) {
  out.clear();
  out.reserve(utf8.size());
  append_words(utf8, out);
  append_characters(utf8, out);
}

std::vector<Token> words(std::string_view utf8) {
  std::vector<Token> out;
  append_words(utf8, out);
  return out;
}

}  // namespace zh::text
