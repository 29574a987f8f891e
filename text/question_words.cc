#include "text/question_words.h"

#include <algorithm>
#include <iterator>
#include <unordered_set>
#include <vector>

#include "text/normalizer.h"

namespace zh::text {
namespace {

// Normalized (Simplified, case-folded) forms. Question words in the order
// blank_question_words() tries them: longest first where one is a prefix
// of another, so 什么时候 is blanked whole rather than as 什么 + 时候. Left
// out of them: 多大 and 多长, which occur inside names (多伦多大学).
enum Role : unsigned { kQuestion = 1, kFunction = 2 };
struct ListedWord {
  std::string_view word;
  unsigned roles;
};
// (A plain array: the compiler counts, so no empty entry can match everywhere.)
constexpr ListedWord kWords[] = {
    {"什么时候", kQuestion}, {"什么样", kQuestion}, {"什么", kQuestion | kFunction},
    {"为什么", kQuestion | kFunction}, {"哪一年", kQuestion}, {"哪一个", kQuestion}, {"哪一位", kQuestion},
    {"哪一种", kQuestion}, {"哪一部", kQuestion}, {"哪一", kQuestion | kFunction}, {"哪些", kQuestion | kFunction},
    {"哪里", kQuestion | kFunction}, {"哪儿", kQuestion}, {"哪个", kQuestion | kFunction},
    {"哪位", kQuestion | kFunction}, {"哪种", kQuestion}, {"哪国", kQuestion}, {"哪", kQuestion | kFunction},
    {"谁", kQuestion | kFunction}, {"多少", kQuestion | kFunction}, {"如何", kQuestion | kFunction},
    {"怎么样", kQuestion}, {"怎么", kQuestion | kFunction}, {"怎样", kQuestion | kFunction},
    {"为何", kQuestion | kFunction}, {"多久", kQuestion}, {"何时", kQuestion | kFunction}, {"何地", kQuestion},
    {"何处", kQuestion}, {"何人", kQuestion}, {"何种", kQuestion}, {"何年", kQuestion}, {"几个", kQuestion},
    {"几年", kQuestion}, {"几位", kQuestion}, {"几种", kQuestion}, {"几次", kQuestion}, {"几岁", kQuestion},
    {"是否", kQuestion | kFunction}, {"啥", kQuestion},
    // Function words only.
    {"的", kFunction}, {"了", kFunction}, {"是", kFunction}, {"在", kFunction}, {"和", kFunction},
    {"与", kFunction}, {"及", kFunction}, {"或", kFunction}, {"也", kFunction}, {"都", kFunction},
    {"就", kFunction}, {"而", kFunction}, {"吗", kFunction}, {"呢", kFunction}, {"吧", kFunction},
    {"啊", kFunction}, {"么", kFunction}, {"几", kFunction}, {"有", kFunction}, {"这", kFunction},
    {"那", kFunction}, {"这个", kFunction}, {"那个", kFunction}, {"一个", kFunction}, {"被", kFunction},
    {"把", kFunction}, {"将", kFunction}, {"对", kFunction}, {"于", kFunction}, {"之", kFunction},
    {"其", kFunction}, {"中", kFunction}, {"由", kFunction}, {"以", kFunction}, {"从", kFunction},
    {"到", kFunction}, {"为", kFunction}, {"向", kFunction}, {"给", kFunction}, {"让", kFunction},
    {"所", kFunction}, {"着", kFunction}, {"过", kFunction}, {"又", kFunction}, {"还", kFunction},
    {"会", kFunction}, {"能", kFunction}, {"要", kFunction}, {"个", kFunction}, {"该", kFunction},
    {"何", kFunction}, {"多", kFunction}, {"年", kFunction}, {"月", kFunction}, {"日", kFunction},
    {"时", kFunction}};

}  // namespace

std::string blank_question_words(std::string_view text) {
  const text::NormalizedText normal = text::normalize_with_origins(text);
  std::vector<bool> blank(text.size(), false);
  for (std::size_t pos = 0; pos < normal.text.size();) {
    const std::string_view rest = std::string_view(normal.text).substr(pos);
    const auto listed = std::find_if(std::begin(kWords), std::end(kWords), [&](const ListedWord& w) {
      return (w.roles & kQuestion) && rest.starts_with(w.word);
    });
    if (listed == std::end(kWords)) {
      ++pos;
      continue;
    }
    const std::size_t last = pos + listed->word.size() - 1;
    std::fill(blank.begin() + normal.origin_begin[pos], blank.begin() + normal.origin_end[last], true);
    pos += listed->word.size();
  }
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!blank[i]) out += text[i];
    else if (i == 0 || !blank[i - 1]) out += ' ';
  }
  return out;
}

bool is_function_word(std::string_view word) {
  static const std::unordered_set<std::string_view> kFunctionWords = [] {
    std::unordered_set<std::string_view> set;
    for (const ListedWord& w : kWords)
      if (w.roles & kFunction) set.insert(w.word);
    return set;
  }();
  return kFunctionWords.contains(word);
}

}  // namespace zh::text
