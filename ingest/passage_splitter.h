// Turns a document's blocks (headings and paragraphs, in order) into
// passages of readable length: long paragraphs are split at sentence ends,
// short neighbours under the same heading are merged. A passage is only
// ever cut at punctuation or a line break, never inside a run of letters or
// ideographs, so any string found in the document is found in one passage.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/document.h"

namespace zh::ingest {

struct TextBlock {
  bool is_heading = false;
  std::string text;
  std::optional<double> start_time_seconds;
};

struct PassageLimits {
  std::size_t min_chars = 50;   // shorter passages merge with a neighbour
  std::size_t max_chars = 400;  // longer paragraphs split at sentence ends
};

// Splits `blocks` into passages. `title` becomes the context of passage 0.
// When the blocks hold no headings (a transcript), a short single-line
// paragraph without closing punctuation followed by a paragraph is taken
// as a heading. Empty input gives no passages.
std::vector<Passage> split_passages(std::vector<TextBlock> blocks, const std::string& title,
                                    const PassageLimits& limits = {});

// `text` with each line trimmed of blanks at both ends and blank lines
// dropped: how every format parser tidies a block before it becomes one.
std::string trim_lines(std::string_view text);

// Sentence pieces of `text`, cut after sentence-ending punctuation and line
// breaks; concatenating them gives `text` back.
std::vector<std::string> split_sentences(const std::string& text);

}  // namespace zh::ingest
