// The subcommands of the zhsearch binary. Each registers its flags on the
// CLI11 app and returns the function that runs it; the function returns the
// process exit code: 0 success, 1 ran but found nothing or skipped inputs,
// 2 error. Failures are thrown and propagate to main(), which reports them
// with the exit code of their kind (common/error.h).
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"

namespace zh::app {

using Command = std::function<int()>;

inline constexpr int kExitOk = 0;
inline constexpr int kExitShort = 1;
// A bad command line (unknown command, bad flag): a usage error.
inline constexpr int kExitError = error_traits(ErrorKind::Usage).exit_code;

// --db: flag, else $ZHSEARCH_DB, else ./zhsearch-db.
std::filesystem::path resolve_db(const std::string& flag);

Command add_index_command(CLI::App& app);
Command add_remove_command(CLI::App& app);
Command add_search_command(CLI::App& app);

// The arguments after `search`, rearranged so that a query word starting
// with '-' (the exclusion `-生态`, `-OpenAI`) reaches the query unquoted:
// options of `search` (with their values) come first, then `--` and the
// query words in their order. An argument is an option when it names one
// of `search`'s options: `--name`, `--name=value`, `-n`, `-n5`; anything
// else starting with a single '-' is a query word; everything after a `--`
// is query. With an unknown `--name` the arguments are returned as given,
// for CLI11 to report.
std::vector<std::string> search_arguments(const CLI::App& search, const std::vector<std::string>& args);
Command add_stats_command(CLI::App& app);
Command add_serve_command(CLI::App& app);

}  // namespace zh::app
