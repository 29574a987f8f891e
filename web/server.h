// The HTTP front end: search page, JSON API and embeddable widget.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace zh::web {

struct ServerOptions {
  std::filesystem::path db_dir;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::vector<std::string> cors_origins;
  bool quiet = false;
};

// Serves until SIGINT/SIGTERM; returns the process exit code.
int serve(const ServerOptions& options);

}  // namespace zh::web
