// Where a result links to: its passage in the server's document view
// (/doc/{key}#p-N) and, for a document with an http(s) source, the source
// opened at the passage: a subtitle's moment (search/timestamp_link.h) or,
// for a web page, a text fragment (#:~:text=) naming the passage's first
// words, so the browser scrolls to them. Used by the page (search_page.h)
// and the API's "doc_url" and "link" (handlers.h). Pure, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zh::web {

// The anchor of passage `ordinal` (0-based) in the document view: "p-3".
std::string passage_anchor(std::uint32_t ordinal);

// "/doc/{key}" with each '/'-separated segment of `key` percent-encoded
// (url_encode), then "?q=" + the query when `query` is not empty, then
// "#p-N" when `ordinal` is given. Not HTML-escaped.
std::string document_url(std::string_view key, std::string_view query = {},
                         std::optional<std::uint32_t> ordinal = std::nullopt);

// The text directive for `passage`: its first words, up to the first
// sentence or clause punctuation (，。！？；：、 and ASCII , . ! ? ; :) or
// line break, at most kMaxFragmentCodePoints code points (a Latin word cut
// there is dropped back to the last space), trimmed and percent-encoded
// with '-', '&' and ',' encoded too (they are directive syntax). "" when
// nothing is left.
inline constexpr std::size_t kMaxFragmentCodePoints = 24;
std::string text_fragment(std::string_view passage);

// The link to the passage at its source: "" when `source` is not an
// http(s) URL (html.h is_web_url); timestamp_link(source, start_time) for
// a subtitle passage; otherwise `source` + "#:~:text=" + text_fragment
// (":~:text=" after an existing fragment), or `source` unchanged when the
// fragment would be empty.
std::string passage_link(std::string_view source, std::optional<double> start_time, std::string_view passage);

}  // namespace zh::web
