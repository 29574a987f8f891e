// HTML pages (a saved article, a static site's built pages) to text blocks
// with gumbo, a real HTML5 parser. Takes the title, <meta name=description>,
// <link rel=canonical> (as the source URL), author and date metadata, the
// page's lang, headings (as heading blocks) and the main text: the <main>
// element when there is one, else the <article> elements, else <body>.
// Navigation and boilerplate are skipped: nav, aside, footer, header
// (outside an article), script, style, noscript, template, form, and
// elements with role=navigation/banner/contentinfo/complementary/search or
// the hidden attribute. The tree is walked with an explicit stack, so any
// nesting depth is safe. Stateless and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/document.h"
#include "ingest/passage_splitter.h"

namespace zh::ingest {

struct HtmlText {
  DocumentMeta meta;  // title, description, source, author, date: those the page names
  std::string lang;   // <html lang>, or ""
  std::vector<TextBlock> blocks;
  std::vector<std::string> warnings;
};

// HTML larger than this is refused: parsing it and building its passages
// takes about 27 times its size in memory (a 15.7 MB page peaked at 428 MB
// with --jobs 1), and a page this big is a dump, not an article.
inline constexpr std::size_t kMaxHtmlBytes = std::size_t{8} << 20;

// HTML nesting elements deeper than this is refused: gumbo's tree building
// costs about tags x depth (100,000 nested elements take it 25 s).
inline constexpr std::size_t kMaxHtmlDepth = 20000;

// Parses HTML `utf8` (already decoded). Never throws on malformed markup.
// Throws zh::InputError when `utf8` is larger than kMaxHtmlBytes or nests
// elements deeper than kMaxHtmlDepth.
HtmlText parse_html(std::string_view utf8);

}  // namespace zh::ingest
