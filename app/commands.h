// The subcommands of the zhsearch binary. Each registers its flags on the
// CLI11 app and returns the function that runs it; the function returns the
// process exit code: 0 success, 1 ran but found nothing or skipped inputs,
// 2 error. zh::Error exceptions propagate to main(), which reports them.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <string>

namespace zh::app {

using Command = std::function<int()>;

inline constexpr int kExitOk = 0;
inline constexpr int kExitShort = 1;
inline constexpr int kExitError = 2;

// --db: flag, else $ZHSEARCH_DB, else ./zhsearch-db.
std::filesystem::path resolve_db(const std::string& flag);

Command add_index_command(CLI::App& app);
Command add_remove_command(CLI::App& app);
Command add_search_command(CLI::App& app);
Command add_stats_command(CLI::App& app);
Command add_serve_command(CLI::App& app);

}  // namespace zh::app
