// Human-readable search results for a terminal or a pipe, in the manner of
// ripgrep: colour on a terminal, 【】 around matches when piped, nothing
// with --no-color.
#pragma once

#include <string>

#include "search/engine.h"

namespace zh::search {

enum class HighlightStyle { Color, Brackets, None };

// The whole response as text, ending in a newline. Includes the explain
// lines when the response has them.
std::string render_text(const SearchResponse& response, HighlightStyle style);

// `text` with `spans` (byte spans) marked in `style`.
std::string mark(std::string_view text, const std::vector<Span>& spans, HighlightStyle style);

// "[12:34]" or "[1:02:03]" for a start time in seconds.
std::string format_timestamp(double seconds);

}  // namespace zh::search
