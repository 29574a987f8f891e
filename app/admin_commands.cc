// `zhsearch stats` and `zhsearch serve`.
#include <fmt/format.h>

#include <iostream>

#include "app/commands.h"
#include "search/engine.h"
#include "search/render_json.h"
#include "web/server.h"

namespace zh::app {

Command add_stats_command(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("stats", "Show what the index holds");
  cmd->add_option("--db", *db, "Index folder (default: $ZHSEARCH_DB, then ./zhsearch-db)");
  cmd->add_flag("--json", *json, "Print JSON");
  return [db, json] {
    search::Engine engine(resolve_db(*db));
    const search::IndexStats s = engine.stats();
    if (*json) {
      std::cout << search::to_json(s).dump() << "\n";
      return kExitOk;
    }
    std::cout << fmt::format("documents    {}\npassages     {}\nterms        {}\nsize on disk {:.1f} MB\nlast update  {}\n",
                             s.documents, s.passages,
                             s.terms ? std::to_string(*s.terms) : "not counted (run zhsearch index)", static_cast<double>(s.bytes_on_disk) / 1e6,
                             s.last_update.empty() ? "never" : s.last_update);
    return kExitOk;
  };
}

Command add_serve_command(CLI::App& app) {
  auto options = std::make_shared<web::ServerOptions>();
  auto db = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the search page, JSON API and widget over HTTP");
  cmd->add_option("--db", *db, "Index folder (default: $ZHSEARCH_DB, then ./zhsearch-db)");
  cmd->add_option("--host", options->host, "Address to bind")->capture_default_str();
  cmd->add_option("--port", options->port, "Port to listen on")->capture_default_str();
  cmd->add_option("--cors-origin", options->cors_origins, "Origin allowed to call the API (repeatable; * for any)");
  cmd->add_flag("-q,--quiet", options->quiet, "No access log");
  cmd->add_option("--searches", options->searches, "Searches that run at once; the others wait their turn (0: two per core)");
  cmd->add_option("--threads", options->threads, "Worker threads, one per open connection (0: 8 per core, at least 64)")
      ->capture_default_str();
  cmd->add_option("--admin-token-file", options->admin_token_file,
                  "Enable PUT and DELETE /api/documents/{id} for `Authorization: Bearer` + this file's content");
  return [options, db] {
    options->db_dir = resolve_db(*db);
    web::serve(*options);
    return kExitOk;
  };
}

}  // namespace zh::app
