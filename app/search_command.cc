// `zhsearch search`: one query from the arguments, or (--batch) one per
// line of stdin in the bench adapter's line protocol.
#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "app/commands.h"
#include "common/error.h"
#include "search/engine.h"
#include "search/render_json.h"
#include "search/render_text.h"

namespace zh::app {
namespace {

struct SearchFlags {
  std::string db;
  std::vector<std::string> query;
  std::size_t limit = 10, offset = 0, per_doc = 2;
  bool json = false, explain = false, no_color = false, literal = false, no_relax = false;
  std::string color = "auto";
  bool batch = false, all = false;
  std::vector<std::string> rank_params;  // NAME=VALUE, see search/ranking.h
};

search::RankingParams ranking(const SearchFlags& f) {
  search::RankingParams params;
  for (const auto& assignment : f.rank_params) search::set_ranking_param(params, assignment);
  return params;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

// NO_COLOR (no-color.org): set and not empty.
bool no_color_env() {
  const char* v = std::getenv("NO_COLOR");
  return v != nullptr && *v != '\0';
}

// --color auto colours a terminal unless NO_COLOR is set; an explicit
// --color always/never wins over NO_COLOR. Without colour, matches are
// bracketed (【】), except with --no-color or --color never.
search::HighlightStyle highlight_style(const SearchFlags& f) {
  if (f.no_color || f.color == "never") return search::HighlightStyle::None;
  if (f.color == "always" || (f.color == "auto" && isatty(STDOUT_FILENO) && !no_color_env()))
    return search::HighlightStyle::Color;
  return search::HighlightStyle::Brackets;
}

// Bench protocol: "QNUM<TAB>DOC...<TAB>COUNT<TAB>MICROS", one line per query;
// documents, not passages (at most one passage per document).
int run_batch(const SearchFlags& f) {
  const search::RankingParams params = ranking(f);
  search::Engine engine(resolve_db(f.db));
  engine.warm_up();  // before the first query's clock starts: a batch runs many
  std::ios::sync_with_stdio(false);
  std::string line;
  for (std::size_t qnum = 1; std::getline(std::cin, line); ++qnum) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    search::SearchRequest request;
    request.query = line;
    request.literal = f.literal;
    request.per_doc = 1;
    request.ids_only = true;  // the protocol prints document ids only
    request.limit = f.all ? static_cast<std::size_t>(-1) / 2 : f.limit;
    request.relax = !f.no_relax;
    request.ranking = params;
    const auto started = std::chrono::steady_clock::now();
    std::string out = std::to_string(qnum);
    std::size_t count = 0;
    try {
      const search::SearchResponse r = engine.search(request);
      for (const auto& hit : r.results) out += "\t" + hit.doc;
      count = r.total;
    } catch (const UsageError& e) {
      std::cout << "# " << qnum << " error=usage " << e.what() << "\n";
    }
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    std::cout << out << "\t" << count << "\t" << micros << "\n";
    std::cout.flush();
  }
  return kExitOk;
}

int run_search(const SearchFlags& f) {
  if (f.batch) return run_batch(f);
  if (f.limit == 0 || f.limit > 1000) throw UsageError("--limit must be between 1 and 1000");
  search::Engine engine(resolve_db(f.db));
  search::SearchRequest request;
  request.query = joined(f.query);
  request.limit = f.limit;
  request.offset = f.offset;
  request.per_doc = f.per_doc;
  request.literal = f.literal;
  request.explain = f.explain;
  request.relax = !f.no_relax;
  request.ranking = ranking(f);
  const search::SearchResponse response = engine.search(request);
  if (f.json) {
    std::cout << search::to_json(response).dump() << "\n";
  } else {
    std::cout << search::render_text(response, highlight_style(f));
  }
  // Nothing shown is a miss, also when --offset pages past the last result.
  return response.results.empty() ? kExitShort : kExitOk;
}

// The option of `search` that `arg` names, or null; `value_attached` tells
// whether the argument also holds its value (--limit=5, -n5).
const CLI::Option* named_option(const CLI::App& search, const std::string& arg, bool& value_attached) {
  value_attached = false;
  if (arg.size() > 2 && arg.starts_with("--")) {
    const std::size_t eq = arg.find('=');
    value_attached = eq != std::string::npos;
    return search.get_option_no_throw(arg.substr(0, eq));
  }
  if (arg.size() < 2 || arg[0] != '-' || arg[1] == '-') return nullptr;
  const auto letter = static_cast<unsigned char>(arg[1]);
  if (letter >= 0x80 || !std::isalpha(letter)) return nullptr;  // -生态, -3: query words
  const CLI::Option* opt = search.get_option_no_throw(arg.substr(0, 2));
  if (opt == nullptr || arg.size() == 2) return opt;
  // -n5 is -n 5; -nothing is a word to leave out.
  const std::string rest = arg.substr(2);
  if (opt->get_items_expected_max() == 0 || rest.find_first_not_of("0123456789") != std::string::npos) return nullptr;
  value_attached = true;
  return opt;
}

}  // namespace

std::vector<std::string> search_arguments(const CLI::App& search, const std::vector<std::string>& args) {
  std::vector<std::string> options, words;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      words.insert(words.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    bool value_attached = false;
    if (const CLI::Option* opt = named_option(search, arg, value_attached)) {
      options.push_back(arg);
      if (opt->get_items_expected_max() > 0 && !value_attached && i + 1 < args.size()) options.push_back(args[++i]);
    } else if (arg.starts_with("--")) {
      return args;  // an unknown option (a typo?): left as given for CLI11 to report
    } else {
      words.push_back(arg);
    }
  }
  if (!words.empty()) {
    options.emplace_back("--");
    options.insert(options.end(), words.begin(), words.end());
  }
  return options;
}

Command add_search_command(CLI::App& app) {
  auto f = std::make_shared<SearchFlags>();
  CLI::App* cmd = app.add_subcommand("search", "Search the index and print the best passages");
  cmd->add_option("--db", f->db, "Index folder (default: $ZHSEARCH_DB, then ./zhsearch-db)");
  cmd->add_option("query", f->query,
                  "The query: words that must all occur, \"exact phrase\", -word to leave out (no quotes needed), "
                  "A OR B, tag:T author:A year:Y filters");
  cmd->add_option("-n,--limit", f->limit, "Passages to show (1 to 1000)")->capture_default_str();
  cmd->add_option("--offset", f->offset, "Skip this many passages (paging)")->capture_default_str();
  cmd->add_option("--per-doc", f->per_doc, "At most this many passages per document (0: no limit)")
      ->capture_default_str();
  cmd->add_flag("--json", f->json,
                "Print one JSON object: query, total, relaxed, took_ms and results (rank, score, doc, title, source, "
                "heading, passage, highlights as [start, end] code point offsets into passage)");
  cmd->add_flag("--explain", f->explain, "Show how the query was understood and why passages matched");
  cmd->add_flag("--literal", f->literal, "Search for the query exactly as typed: no operators, no quotes");
  cmd->add_flag("--no-relax", f->no_relax,
                "Never fall back to passages with only some of the query's words");
  cmd->add_flag("--no-color", f->no_color, "Do not mark matches at all (same as --color never)");
  cmd->add_option("--color", f->color,
                  "Mark matches in colour: auto (on a terminal, unless NO_COLOR is set; else with 【】), "
                  "always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_flag("--batch", f->batch,
                "Read one query per line of stdin; print QNUM<TAB>DOC...<TAB>COUNT<TAB>MICROSECONDS for each "
                "(the best -n documents, one passage each; COUNT: all matching documents)");
  cmd->add_flag("--all", f->all, "With --batch: print every matching document, not just -n");
  cmd->add_option("--rank-param", f->rank_params,
                  "NAME=VALUE (repeatable, or several as 'a=1;b=2'): change a ranking parameter for experiments, "
                  "e.g. phrase=0 switches the phrase signal off; an unknown NAME lists the names")
      ->allow_extra_args(false);
  cmd->callback([f] {
    if (!f->batch && f->query.empty()) throw CLI::ValidationError("query", "type what to search for, e.g. zhsearch search 小团队");
  });
  return [f] { return run_search(*f); };
}

}  // namespace zh::app
