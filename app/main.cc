// zhsearch: full-text search for Chinese transcripts. This file only wires
// the subcommands together and maps errors to exit codes.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#ifdef ZHSEARCH_MIMALLOC
#include <mimalloc.h>
#endif

#include "app/commands.h"
#include "indexer/error.h"

namespace zh::app {

std::filesystem::path resolve_db(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("ZHSEARCH_DB"); env && *env) return env;
  return "zhsearch-db";
}

// The version, and the allocator when it is not the C library's.
std::string version() {
  std::string v = "zhsearch 0.1.0";
#ifdef ZHSEARCH_MIMALLOC
  v += " (mimalloc " + std::to_string(mi_version() / 100) + "." + std::to_string(mi_version() / 10 % 10) + "." +
       std::to_string(mi_version() % 10) + ")";
#endif
  return v;
}

}  // namespace zh::app

int main(int argc, char** argv) {
  using namespace zh::app;
  CLI::App app{"zhsearch: full-text search for Chinese transcripts, notes and blogs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", version());
  const Command commands[] = {add_index_command(app), add_remove_command(app), add_search_command(app),
                              add_serve_command(app), add_stats_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitError;
  }
  std::size_t i = 0;
  for (auto* sub : app.get_subcommands({})) {
    if (sub->parsed()) break;
    ++i;
  }
  try {
    return commands[i]();
  } catch (const zh::UsageError& e) {
    std::cerr << "zhsearch: " << e.what() << "\n";
    return kExitError;
  } catch (const zh::Error& e) {
    std::cerr << "zhsearch: " << e.what() << "\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "zhsearch: internal error: " << e.what() << "\n";
    return kExitError;
  }
}
