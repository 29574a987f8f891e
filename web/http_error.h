// Errors of the HTTP layer and the one mapping from any failure to a status
// code and the wire error object {"error": {"code", "message"}} (DESIGN §3).
// HttpError is a zh::UsageError (the client's fault) that also carries the
// status and a stable machine-readable code.
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
};

// Maps the exception in flight: HttpError -> its status; zh::UsageError ->
// 400 "bad_query"; zh::IndexError -> 503 "index_unavailable"; anything else
// -> 500 "internal" (the message is kept; it is logged by the caller).
// Requires: called with a non-null exception_ptr.
ErrorInfo classify(const std::exception_ptr& error);

// The default error object for a status the library produced by itself
// (404, 414, 413, ...), with a message that says what to do.
ErrorInfo error_for_status(int status);

// {"error": {"code": ..., "message": ...}} as compact JSON text.
std::string error_json(const ErrorInfo& info);

}  // namespace zh::web
