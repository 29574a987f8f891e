// The words that must not decide the ranking of a question, in one list:
// question words (什么, 哪一年, 多少, 为什么 …), which the answering passage
// replaces by its answer, so terms made from them or across them are noise;
// and function words (的, 是, 在 …), which every passage has. Many are both.
// Only the relaxed (ranked) levels use these; exact matching never drops
// anything the user typed. Thread-safe (constant tables).
#pragma once

#include <string>
#include <string_view>

namespace zh::text {

// `text` as typed, with every question word (found in its normal form, so
// 什麼 counts as 什么) replaced by a space, so that no word or character
// pair spans or touches it. The rest keeps its original script: the words
// ICU finds in it must be the ones the indexer found in the passages.
std::string blank_question_words(std::string_view text);

// True when normalized word `word` is a function word (的, 了, 什么, 年 …):
// relaxed levels neither score it nor pairs made only of such characters.
bool is_function_word(std::string_view word);

}  // namespace zh::text
