// zhsearch: full-text search for Chinese transcripts. This file only wires
// the subcommands together and maps errors to exit codes (common/error.h).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#ifdef ZHSEARCH_MIMALLOC
#include <mimalloc.h>
#endif

#include "app/commands.h"
#include "common/error.h"

namespace zh::app {

std::filesystem::path resolve_db(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("ZHSEARCH_DB"); env && *env) return env;
  return "zhsearch-db";
}

namespace {

// The version, and the allocator when it is not the C library's.
std::string version() {
  std::string v = "zhsearch 0.1.0";
#ifdef ZHSEARCH_MIMALLOC
  v += " (mimalloc " + std::to_string(mi_version() / 100) + "." + std::to_string(mi_version() / 10 % 10) + "." +
       std::to_string(mi_version() % 10) + ")";
#endif
  return v;
}

// Levenshtein distance, for "did you mean" (command names are short).
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

CLI::App* find_command(CLI::App& app, const std::string& name) {
  for (CLI::App* sub : app.get_subcommands({}))
    if (sub->check_name(name)) return sub;
  return nullptr;
}

int unknown_command(const CLI::App& app, const std::string& name) {
  std::cerr << "zhsearch: unknown command '" << name << "'";
  for (const CLI::App* sub : app.get_subcommands({}))
    if (edit_distance(name, sub->get_name()) <= 2) {
      std::cerr << " (did you mean '" << sub->get_name() << "'?)";
      break;
    }
  std::cerr << "\n\n" << app.help();
  return kExitError;
}

// The message for a failure: a zh::Error's own, anything else marked as
// an internal error (a bug).
std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const zh::Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("internal error: ") + e.what();
  } catch (...) {
    return "internal error";
  }
}

}  // namespace
}  // namespace zh::app

int main(int argc, char** argv) {
  using namespace zh::app;
  CLI::App app{"zhsearch: full-text search for Chinese transcripts, notes and blogs"};
  app.name("zhsearch");
  app.set_version_flag("--version", version());
  app.get_formatter()->label("SUBCOMMAND", "COMMAND");
  app.get_formatter()->label("SUBCOMMANDS", "COMMANDS");
  app.footer("Run 'zhsearch help COMMAND' or 'zhsearch COMMAND --help' for a command's options.");
  const Command commands[] = {add_index_command(app), add_remove_command(app), add_search_command(app),
                              add_serve_command(app), add_stats_command(app)};
  for (CLI::App* sub : app.get_subcommands({})) sub->group("Commands");

  // The command is the first argument that is not an option (the program
  // itself has only --help and --version).
  std::vector<std::string> args(argv + 1, argv + argc);
  const auto command = std::find_if(args.begin(), args.end(), [](const std::string& a) {
    return a.empty() || a[0] != '-';
  });
  if (command != args.end()) {
    if (*command == "help") {
      if (command + 1 == args.end() || *(command + 1) == "help") {
        std::cout << app.help();
        return kExitOk;
      }
      CLI::App* sub = find_command(app, *(command + 1));
      if (sub == nullptr) return unknown_command(app, *(command + 1));
      std::cout << sub->help(app.get_name());
      return kExitOk;
    }
    if (find_command(app, *command) == nullptr) return unknown_command(app, *command);
    if (*command == "search") {
      std::vector<std::string> rest(command + 1, args.end());
      rest = search_arguments(*app.get_subcommand("search"), rest);
      args.erase(command + 1, args.end());
      args.insert(args.end(), rest.begin(), rest.end());
    }
  }
  std::vector<char*> new_argv{argv[0]};
  for (auto& a : args) new_argv.push_back(a.data());
  try {
    app.parse(static_cast<int>(new_argv.size()), new_argv.data());
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
  if (i == std::size(commands)) {  // no command: say which there are
    std::cerr << app.help();
    return kExitError;
  }
  try {
    return commands[i]();
  } catch (...) {
    // Every failure ends here: its message on stderr, its exit code from
    // the table in common/error.h.
    const std::exception_ptr error = std::current_exception();
    std::cerr << "zhsearch: " << describe(error) << "\n";
    return zh::error_traits(zh::error_kind(error)).exit_code;
  }
}
