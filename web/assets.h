// The static files of the web front end (page script, style sheet, widget
// script, icon), compiled into the binary at build time from web/assets/ by
// web/embed_assets.cmake, so deploying is copying one file. Read-only data:
// thread-safe.
#pragma once

#include <string_view>

namespace zh::web {

struct Asset {
  std::string_view path;          // URL path, e.g. "/app.js"
  std::string_view content_type;  // with charset for text
  std::string_view body;
  std::string_view etag;          // quoted strong ETag (content hash)
};

// The asset served at `path`, or nullptr when there is none.
const Asset* find_asset(std::string_view path);

}  // namespace zh::web
