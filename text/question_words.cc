#include "text/question_words.h"

#include <algorithm>
#include <iterator>
#include <vector>

#include "text/normalizer.h"

namespace zh::text {
namespace {

// Normalized (Simplified, case-folded) forms, longest first where one is a
// prefix of another, so 什么时候 is blanked whole rather than as 什么 + 时候.
// Left out: 多大 and 多长, which occur inside names (多伦多大学).
// (A plain array: the compiler counts, so no empty entry can match everywhere.)
constexpr std::string_view kQuestionWords[] = {
    "什么时候", "什么样", "什么", "为什么", "哪一年", "哪一个", "哪一位", "哪一种", "哪一部", "哪一",
    "哪些", "哪里", "哪儿", "哪个", "哪位", "哪种", "哪国", "哪", "谁", "多少", "如何", "怎么样",
    "怎么", "怎样", "为何", "多久", "何时", "何地", "何处", "何人", "何种", "何年", "几个", "几年",
    "几位", "几种", "几次", "几岁", "是否", "啥"};

}  // namespace

std::string blank_question_words(std::string_view text) {
  const text::NormalizedText normal = text::normalize_with_origins(text);
  std::vector<bool> blank(text.size(), false);
  for (std::size_t pos = 0; pos < normal.text.size();) {
    const std::string_view rest = std::string_view(normal.text).substr(pos);
    const auto word = std::find_if(std::begin(kQuestionWords), std::end(kQuestionWords),
                                   [&](std::string_view w) { return rest.starts_with(w); });
    if (word == std::end(kQuestionWords)) {
      ++pos;
      continue;
    }
    const std::size_t last = pos + word->size() - 1;
    std::fill(blank.begin() + normal.origin_begin[pos], blank.begin() + normal.origin_end[last], true);
    pos += word->size();
  }
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!blank[i]) out += text[i];
    else if (i == 0 || !blank[i - 1]) out += ' ';
  }
  return out;
}

}  // namespace zh::text
