#include "web/http_error.h"

#include <nlohmann/json.hpp>

namespace zh::web {

ErrorInfo classify(const std::exception_ptr& error) {
  const ErrorTraits traits = error_traits(error_kind(error));
  ErrorInfo info{traits.http_status, std::string(traits.http_code), "internal error", traits.retry_after_seconds};
  try {
    std::rethrow_exception(error);
  } catch (const HttpError& e) {
    return {e.status, e.code, e.what()};
  } catch (const Error& e) {
    info.message = error_kind(error) == ErrorKind::Internal ? std::string("internal error: ") + e.what() : e.what();
  } catch (const std::exception& e) {
    info.message = std::string("internal error: ") + e.what();
  } catch (...) {
  }
  return info;
}

ErrorInfo error_for_status(int status) {
  switch (status) {
    case 400: return {400, "bad_request", "the request could not be parsed"};
    case 404: return {404, "not_found", "no such page; try / or /api/search?q=..."};
    case 405: return {405, "method_not_allowed", "only GET, HEAD and OPTIONS are served"};
    case 408: return {408, "timeout", "the request took too long to arrive"};
    case 413: return {413, "body_not_allowed", "request bodies are not accepted; put parameters in the URL"};
    case 414: return {414, "uri_too_long", "the URL is too long; shorten the query"};
    case 417: return {417, "expectation_failed", "request bodies are not accepted"};
    case 431: return {431, "headers_too_large", "the request headers are too large"};
    case 503: return {503, "index_unavailable", "the index is unavailable; try again later"};
    default:
      if (status >= 500) return {status, "internal", "internal error"};
      return {status, "bad_request", "the request was refused"};
  }
}

std::string error_json(const ErrorInfo& info) {
  const nlohmann::json j = {{"error", {{"code", info.code}, {"message", info.message}}}};
  // Replace, never throw, if a message ever carries invalid UTF-8.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace zh::web
