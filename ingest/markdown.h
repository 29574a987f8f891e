// Markdown (CommonMark + GitHub tables) to plain-text blocks with md4c:
// emphasis, link targets, escapes and quote markers are dropped, link and
// image text is kept, raw HTML is kept as literal text (never rendered).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/passage_splitter.h"

namespace zh::ingest {

struct MarkdownText {
  std::vector<TextBlock> blocks;
  std::string first_h1;  // text of the first level-1 heading, or ""
};

// Parses Markdown `utf8` (front matter already removed). Never throws on
// malformed Markdown: everything is some kind of text.
MarkdownText parse_markdown(std::string_view utf8);

// Plain text: paragraphs separated by blank lines, line breaks kept.
std::vector<TextBlock> parse_plain_text(std::string_view utf8);

}  // namespace zh::ingest
