// The one error hierarchy of zhsearch, and the one table that says what
// each kind of failure means at an edge: the process exit code (app/ only)
// and the HTTP status, JSON error code and Retry-After (web/ only).
//
// Expected outcomes (no results, a skipped file) are return values; these
// are failures, thrown inside and caught at the edges. Throw a leaf type;
// a bare zh::Error (or any other exception) reaching an edge is reported as
// an internal error. Header-only; everything here is thread-safe.
#pragma once

#include <exception>
#include <new>
#include <stdexcept>
#include <string_view>

namespace zh {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A bad flag, parameter or query: the caller can fix it by asking again.
struct UsageError : Error {
  using Error::Error;
};
// One bad input (a file, an upload): report it, skip it, go on with the rest.
struct InputError : Error {
  using Error::Error;
};
// The database is missing, locked or corrupt: try again later, or rebuild.
struct IndexError : Error {
  using Error::Error;
};
// The machine, not the input nor the request: an address that cannot be
// bound, a file zhsearch needs that cannot be read, inotify limits.
struct EnvironmentError : Error {
  using Error::Error;
};

enum class ErrorKind { Usage, Input, Index, Environment, Internal };

// What a kind of failure means at the edges.
struct ErrorTraits {
  int exit_code;                 // process exit status (app/)
  int http_status;               // HTTP status (web/)
  std::string_view http_code;    // "code" of {"error": {"code", "message"}}
  int retry_after_seconds;       // Retry-After header; 0: none
};

// The table. Exit codes: 0 success and 1 "ran but fell short" are return
// values of the commands; every failure here is 2.
constexpr ErrorTraits error_traits(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage: return {2, 400, "bad_query", 0};
    case ErrorKind::Input: return {2, 400, "bad_document", 0};
    case ErrorKind::Index: return {2, 503, "index_unavailable", 2};
    case ErrorKind::Environment: return {2, 500, "internal", 0};
    case ErrorKind::Internal: break;
  }
  return {2, 500, "internal", 0};
}

// The kind of the exception `error` holds. std::bad_alloc, a bare
// zh::Error and anything outside the hierarchy are Internal.
// Requires: `error` is not null.
inline ErrorKind error_kind(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const UsageError&) {
    return ErrorKind::Usage;
  } catch (const InputError&) {
    return ErrorKind::Input;
  } catch (const IndexError&) {
    return ErrorKind::Index;
  } catch (const EnvironmentError&) {
    return ErrorKind::Environment;
  } catch (...) {
    return ErrorKind::Internal;
  }
}

}  // namespace zh
