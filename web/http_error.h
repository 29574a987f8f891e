// Errors of the HTTP layer and the mapping from any failure to a status
// code and the wire error object {"error": {"code", "message"}}. The status
// of each zh::Error kind comes from the table in common/error.h; HttpError
// is a zh::UsageError (the client's fault) that carries its own status and
// a stable machine-readable code. Stateless and thread-safe.
#pragma once

#include <exception>
#include <string>

#include "common/error.h"

namespace zh::web {

struct HttpError : UsageError {
  HttpError(int status, std::string code, const std::string& message)
      : UsageError(message), status(status), code(std::move(code)) {}
  int status;        // 4xx
  std::string code;  // e.g. "bad_parameter", "query_too_long"
};

// What the client gets for a failure.
struct ErrorInfo {
  int status = 500;
  std::string code;
  std::string message;
  int retry_after_seconds = 0;  // sent as Retry-After when > 0
};

// Maps an exception: HttpError -> its status and code; any other exception
// -> error_traits(error_kind(error)) (common/error.h): zh::UsageError 400
// "bad_query", zh::InputError 400 "bad_document", zh::IndexError 503
// "index_unavailable" with Retry-After, anything else 500 "internal" (the
// message is kept, prefixed "internal error: "; the caller logs it).
// Requires: called with a non-null exception_ptr.
ErrorInfo classify(const std::exception_ptr& error);

// The default error object for a status the library produced by itself
// (404, 414, 413, ...), with a message that says what to do.
ErrorInfo error_for_status(int status);

// {"error": {"code": ..., "message": ...}} as compact JSON text.
std::string error_json(const ErrorInfo& info);

}  // namespace zh::web
