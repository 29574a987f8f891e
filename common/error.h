// The one error hierarchy of zhsearch. Expected outcomes (no results, a
// skipped file) are return values; these are failures, thrown inside and
// caught at the edges (the CLI maps them to exit codes, the web layer to
// HTTP statuses).
#pragma once

#include <stdexcept>

namespace zh {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A bad flag, parameter or query: exit 2, HTTP 400.
struct UsageError : Error {
  using Error::Error;
};
// One bad input file: report it, skip it, go on with the rest.
struct InputError : Error {
  using Error::Error;
};
// The database is missing, locked or corrupt: exit 2, HTTP 503.
struct IndexError : Error {
  using Error::Error;
};

}  // namespace zh
