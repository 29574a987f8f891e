// The document view (GET /doc/{key}): a whole document as the index holds
// it, server-rendered: title, metadata (source link when http(s), date,
// author, tags), every passage in order with its heading when it changes,
// each passage with the anchor id "p-N" (N its 0-based ordinal) so that
// /doc/{key}#p-N scrolls to it, subtitle cues with their time, and the
// query's matches in <mark> (the engine's highlighter). Works without
// JavaScript; every piece of text is HTML-escaped. Pure, thread-safe.
#pragma once

#include <optional>
#include <string>

#include "search/engine.h"
#include "web/http_error.h"

namespace zh::web {

struct DocumentPageView {
  std::string query;                                  // q= ("" for none)
  const search::DocumentView* document = nullptr;     // null when `error` is set
  std::optional<ErrorInfo> error;                     // 400, 404, 503: shown instead
};

// The whole HTML document.
std::string render_document_page(const DocumentPageView& view);

}  // namespace zh::web
