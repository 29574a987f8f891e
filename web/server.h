// The HTTP front end: the search page, the JSON API and the embeddable
// widget, served by cpp-httplib (which only server.cc includes). Requests
// search on a small pool of search::Engines, two per core by default, that
// run in parallel and see every new commit of the index without a restart.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace zh::web {

struct ServerOptions {
  std::filesystem::path db_dir;
  std::string host = "127.0.0.1";
  int port = 8080;                        // 0: any free port (printed on start)
  std::vector<std::string> cors_origins;  // origins allowed to call /api/ ("*": any); none by default
  bool quiet = false;                     // no access log on stderr
  std::size_t threads = 0;                // worker threads (one per open connection); 0: 8 per core, at least 64
  std::size_t searches = 0;               // searches that run at once, the others queue; 0: two per core
  // When set: PUT and DELETE /api/documents/{id} (web/admin.h), allowed with
  // `Authorization: Bearer` + this file's content. Empty: the routes do not exist.
  std::filesystem::path admin_token_file;
};

// Binds, prints "zhsearch: serving DB at http://HOST:PORT/" on stdout and
// serves until SIGINT or SIGTERM, then returns. Throws zh::UsageError for a
// bad --port or --cors-origin, zh::UsageError or zh::EnvironmentError for an
// unusable --admin-token-file (read_admin_token), zh::IndexError for a
// folder that holds a damaged index, and zh::EnvironmentError when the
// listener fails or the address cannot be bound, with the reason:
// "cannot listen on HOST:PORT: port PORT is in use; ..."
// (any other listener, another `zhsearch serve` included: the socket never
// shares its port, it sets SO_REUSEADDR but not SO_REUSEPORT), an address
// not on this machine, a host name that does not resolve, a port below 1024
// without the privilege.
void serve(const ServerOptions& options);

}  // namespace zh::web
