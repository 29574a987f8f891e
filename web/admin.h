// The write half of the HTTP API, enabled by `serve --admin-token-file`:
// PUT /api/documents/{id} parses an uploaded Markdown or subtitle body and
// replaces document {id}; DELETE removes it. Free of any HTTP library, like
// handlers.h: server.cc decodes the request; these functions authenticate
// and validate, write through the same path as `zhsearch index`
// (index::DocumentChanges, indexer/changes.h) and turn its result into a
// Reply. Its failures are thrown and mapped by classify() (http_error.h).
// Thread-safe: DocumentChanges serializes the writes of this process and
// holds Xapian's write lock only while one request writes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/changes.h"
#include "ingest/ingest.h"
#include "web/handlers.h"

namespace zh::web {

// Largest accepted request body (bytes); a larger Content-Length gets 413.
inline constexpr std::size_t kMaxUploadBytes = std::size_t{8} << 20;
// Longest accepted document id (bytes of UTF-8).
inline constexpr std::size_t kMaxDocumentIdBytes = 200;
// Where the routes live; the id is the rest of the decoded path.
inline constexpr std::string_view kDocumentsPath = "/api/documents/";

// The token from `file`: its content with surrounding whitespace trimmed.
// Throws zh::UsageError when the file is missing or not a regular file, is
// empty (after trimming), is larger than 4 KiB, or the token holds
// whitespace or control characters; zh::EnvironmentError when it exists but
// cannot be read. `warnings` receives what is allowed but unwise: a
// file readable by group or others, a token shorter than 16 bytes.
std::string read_admin_token(const std::filesystem::path& file, std::vector<std::string>& warnings);

// Throws HttpError(400, "bad_document_id") unless `id` is a usable document
// key: 1-200 bytes of valid UTF-8, no control characters (C0, DEL, C1), no
// backslash, no leading or trailing '/', and no empty, "." or ".." segment.
// Example: "talks/2025-sam.md".
void check_document_id(std::string_view id);

// The format of an upload: from `content_type` (parameters such as charset
// ignored, except a charset other than UTF-8), else from the id's extension
// (ingest::format_of), else Markdown.
//   text/markdown, text/x-markdown          -> Markdown
//   application/x-subrip, text/srt, application/srt -> Srt
//   text/vtt                                 -> WebVtt
//   text/html                                -> Html
//   "", text/plain, application/octet-stream -> by the id's extension
//     (.md, .txt, .srt, .vtt, .html), Markdown when it names none of them
// Throws HttpError(415, "unsupported_media_type") for any other type or a
// charset that is not UTF-8.
ingest::Format upload_format(std::string_view content_type, std::string_view id);

// True when `authorization` (the Authorization header, "" when absent) is
// "Bearer TOKEN" with TOKEN equal to `token`. The scheme is
// case-insensitive; the comparison takes the same time wherever the first
// difference is. Requires: `token` is not empty.
bool bearer_matches(std::string_view authorization, std::string_view token);

class Admin {
 public:
  // `token`: as returned by read_admin_token(). Opens nothing yet.
  Admin(std::filesystem::path db_dir, std::string token);

  // Throws HttpError(401, "unauthorized") unless `authorization` carries
  // the token (bearer_matches). The server adds `WWW-Authenticate: Bearer`.
  void authorize(std::string_view authorization) const;

  // PUT: parses `body` as upload_format(content_type, id) and replaces
  // document `id` (creating the index if there is none). Reply: 201 when the
  // id was new, 200 when it replaced a document, with {"doc": id,
  // "passages": N} (and "warnings": [...] when parsing noted problems).
  // The document has no file path, so `zhsearch index` never prunes it.
  // Throws HttpError 400 ("bad_document_id", "empty_body", "bad_utf8"),
  // HttpError 415 (upload_format), zh::InputError for input the parser
  // refuses (binary data, a subtitle with no text: 400 "bad_document") and
  // zh::IndexError when the index cannot be opened for writing (most
  // often: a running `zhsearch index` holds the lock) or written (503
  // "index_unavailable" with Retry-After). Nothing is written when it throws.
  Reply put_document(std::string_view id, std::string_view content_type, std::string_view body);

  // DELETE: removes document `id` and its passages. Reply: 200
  // {"doc": id, "removed": true}, or 404 {"error": {"code": "no_such_document"}}
  // when it is not in the index. Throws HttpError(400, "bad_document_id")
  // and zh::IndexError as put_document.
  Reply delete_document(std::string_view id);

 private:
  index::DocumentChanges changes_;
  std::string token_;
};

}  // namespace zh::web
