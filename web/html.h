// HTML building blocks for the server-rendered page. Every piece of text
// that reaches the page goes through escape_html (or highlighted_html,
// which escapes each piece between the marks), so passages, titles, query
// echoes and messages can never inject markup. Pure, thread-safe functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "search/highlight.h"

namespace zh::web {

// Escapes & < > " ' for use in element content and quoted attribute values.
std::string escape_html(std::string_view text);

// `text` with each byte span wrapped in <mark>...</mark>, every piece
// escaped. Spans are half-open byte offsets into `text`, sorted and
// non-overlapping; spans out of bounds or out of order are skipped, and a
// span that would cut a UTF-8 sequence is widened to whole code points.
std::string highlighted_html(std::string_view text, const std::vector<search::Span>& spans);

// True when `url` is an absolute http:// or https:// URL (case-insensitive
// scheme) with no control characters or spaces: the only links the page
// makes from document metadata (never javascript: or data:).
bool is_web_url(std::string_view url);

// The host of `url` without a leading "www." (what a link to a source
// shows: "example.com ↗").
std::string host_of(std::string_view url);

// Percent-encodes `text` for a URL query component (RFC 3986 unreserved
// characters stay as they are; space becomes %20).
std::string url_encode(std::string_view text);

}  // namespace zh::web
