// Question words (什么, 哪一年, 多少, 为什么 …) in a normalized question.
// The passage that answers a question states the answer where the question
// has its question word, so terms made from those characters, or from a
// character and its neighbour across them, are noise to ranked retrieval.
// Only the relaxed (ranked) levels use this; exact matching never drops
// anything the user typed.
#pragma once

#include <string>
#include <string_view>

namespace zh::text {

// `text` as typed, with every question word (found in its normal form, so
// 什麼 counts as 什么) replaced by a space, so that no word or character
// pair spans or touches it. The rest keeps its original script: the words
// ICU finds in it must be the ones the indexer found in the passages.
std::string blank_question_words(std::string_view text);

}  // namespace zh::text
