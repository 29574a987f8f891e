// The Ctrl-F property: for thousands of queries sampled with a fixed seed
// (CJK strings of 1-6 characters, ASCII words, mixed strings), the set of
// documents zhsearch returns equals the set a brute-force substring search
// finds in the same text under the same per-code-point normalization.
//
// Usage: ctrl_f_property_test ZHSEARCH_SOURCE_DIR [CORPUS_LARGE_DIR]
// The demo corpus is always used; corpus-large adds a few thousand
// documents when its folder exists (it is not in the repository).
#include <unicode/uchar.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "ingest/front_matter.h"
#include "ingest/markdown.h"
#include "text/normalizer.h"
#include "text/utf8.h"
#include "indexer/indexing_run.h"
#include "search/engine.h"

namespace fs = std::filesystem;
using namespace zh;

namespace {

constexpr unsigned kSeed = 20261128;
constexpr std::size_t kQueries = 2400;

struct OracleDoc {
  std::string key;
  std::u32string text;    // original code points, for sampling
  std::string normal;     // normalized searchable text
};

std::u32string to_u32(const std::string& s) {
  std::u32string out;
  for (std::size_t pos = 0; pos < s.size();) out.push_back(text::next_code_point(s, pos));
  return out;
}

std::string to_utf8(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) text::append_utf8(out, c);
  return out;
}

// The text a reader sees: title plus the Markdown blocks, before passages.
std::string searchable_text(const std::string& file_text) {
  const auto split = ingest::split_front_matter(file_text);
  ingest::DocumentMeta meta;
  std::vector<std::string> warnings;
  ingest::parse_front_matter(split.yaml, meta, warnings);
  const auto md = ingest::parse_markdown(split.body);
  std::string out = meta.title.empty() ? md.first_h1 : meta.title;
  for (const auto& b : md.blocks) out += "\n" + b.text;
  return out;
}

std::vector<std::string> read_xz_lines(const fs::path& file, std::size_t max_lines) {
  std::vector<std::string> lines;
  const std::string cmd = "xz -dc '" + file.string() + "'";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return lines;
  std::string line;
  char buf[65536];
  while (lines.size() < max_lines && fgets(buf, sizeof buf, pipe)) {
    line += buf;
    if (!line.empty() && line.back() == '\n') {
      lines.push_back(line);
      line.clear();
    }
  }
  pclose(pipe);
  return lines;
}

void write_large_sample(const fs::path& large, const fs::path& out_dir) {
  const std::pair<const char*, std::size_t> parts[] = {
      {"news-xwlb.jsonl.xz", 1500}, {"laws-zh.jsonl.xz", 100}, {"wiki-qa-contexts.jsonl.xz", 400}};
  for (const auto& [name, count] : parts) {
    for (const auto& line : read_xz_lines(large / name, count)) {
      const auto j = nlohmann::json::parse(line);
      std::string body = j.value("text", "");
      // One paragraph per line, as the benchmark harness writes them.
      std::string md = "# " + j.value("title", "") + "\n\n";
      for (std::size_t start = 0; start < body.size();) {
        std::size_t eol = body.find('\n', start);
        if (eol == std::string::npos) eol = body.size();
        md += body.substr(start, eol - start) + "\n\n";
        start = eol + 1;
      }
      std::ofstream(out_dir / (j.value("id", "x") + ".md")) << md;
    }
  }
}

// Without corpus-large, one document would make precision untestable:
// every paragraph of the demo corpus also becomes a document of its own.
void write_paragraph_documents(const fs::path& docs_dir) {
  std::vector<fs::path> sources(fs::directory_iterator(docs_dir), fs::directory_iterator{});
  for (const auto& file : sources) {
    std::ifstream in(file, std::ios::binary);
    const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto md = ingest::parse_markdown(ingest::split_front_matter(raw).body);
    for (std::size_t i = 0; i < md.blocks.size(); ++i)
      std::ofstream(docs_dir / (file.stem().string() + "-p" + std::to_string(i) + ".md")) << md.blocks[i].text << "\n";
  }
}

bool is_han(char32_t c) { return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_IDEOGRAPHIC); }

struct Query {
  std::string type, text;
};

class Sampler {
 public:
  Sampler(const std::vector<OracleDoc>& docs) : docs_(docs), rng_(kSeed) {
    const std::regex ascii("[A-Za-z][A-Za-z0-9]*([-.+][A-Za-z0-9]+)*");
    for (std::size_t d = 0; d < docs.size(); ++d) {
      const std::string utf8 = to_utf8(docs[d].text);
      for (std::sregex_iterator it(utf8.begin(), utf8.end(), ascii), end; it != end; ++it)
        if (it->length() >= 2 && it->length() <= 30)
          ascii_.push_back({d, to_u32(utf8.substr(0, it->position())).size(), to_u32(it->str()).size()});
    }
  }

  Query next() {
    const unsigned roll = std::uniform_int_distribution<unsigned>(0, 9)(rng_);
    for (;;) {
      if (roll == 0 && !ascii_.empty()) return ascii_word();
      if (roll == 1 && !ascii_.empty()) {
        if (auto q = mixed(); !q.text.empty()) return q;
        continue;
      }
      if (auto q = cjk(); !q.text.empty()) return q;
    }
  }

 private:
  struct Token {
    std::size_t doc, begin, length;
  };

  Query cjk() {
    const auto& d = docs_[pick(docs_.size())];
    if (d.text.size() < 8) return {};
    const std::size_t len = 1 + pick(6);
    const std::size_t at = pick(d.text.size() - len);
    for (std::size_t i = at; i < at + len; ++i)
      if (!is_han(d.text[i])) return {};
    return {"cjk" + std::to_string(len), to_utf8(d.text.substr(at, len))};
  }

  Query ascii_word() {
    const Token& t = ascii_[pick(ascii_.size())];
    return {"ascii", to_utf8(docs_[t.doc].text.substr(t.begin, t.length))};
  }

  Query mixed() {
    const Token& t = ascii_[pick(ascii_.size())];
    const std::u32string& s = docs_[t.doc].text;
    const std::size_t han = 1 + pick(3);
    const bool before = pick(2) == 0;
    const std::size_t from = before ? (t.begin >= han ? t.begin - han : 0) : t.begin + t.length;
    if (from + han > s.size() || (before && t.begin < han)) return {};
    for (std::size_t i = from; i < from + han; ++i)
      if (!is_han(s[i])) return {};
    const std::size_t begin = before ? from : t.begin;
    return {"mixed", to_utf8(s.substr(begin, t.length + han))};
  }

  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  const std::vector<OracleDoc>& docs_;
  std::mt19937_64 rng_;
  std::vector<Token> ascii_;
};

struct Tally {
  std::size_t queries = 0, exact = 0;
  double recall_sum = 0, precision_sum = 0;
  std::size_t recall_n = 0, precision_n = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: ctrl_f_property_test SOURCE_DIR [CORPUS_LARGE_DIR]\n";
    return 2;
  }
  const fs::path source = argv[1];
  const fs::path work = fs::temp_directory_path() / ("zhsearch-ctrlf-" + std::to_string(::getpid()));
  const fs::path docs_dir = work / "docs";
  fs::create_directories(docs_dir);
  for (const auto& e : fs::directory_iterator(source / "corpus")) fs::copy(e.path(), docs_dir / e.path().filename());
  if (argc > 2 && fs::is_directory(argv[2])) {
    write_large_sample(argv[2], docs_dir);
  } else {
    std::cout << "note: corpus-large not found; sampling from corpus/, split into one document per paragraph\n";
    write_paragraph_documents(docs_dir);
  }

  std::vector<OracleDoc> docs;
  for (const auto& e : fs::directory_iterator(docs_dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string searchable = searchable_text(raw);
    docs.push_back({e.path().filename().string(), to_u32(searchable), text::normalize(searchable)});
  }
  std::sort(docs.begin(), docs.end(), [](const auto& a, const auto& b) { return a.key < b.key; });

  index::IndexOptions options;
  options.db_dir = work / "db";
  options.paths = {docs_dir};
  const auto report = index::run_indexing(options);
  std::cout << "indexed " << report.added << " documents, " << report.passages_written << " passages\n";

  search::Engine engine(options.db_dir);
  Sampler sampler(docs);
  std::map<std::string, Tally> by_type;
  std::set<std::string> seen;
  std::size_t mismatches = 0;
  while (seen.size() < kQueries) {
    const Query q = sampler.next();
    if (!seen.insert(q.text).second) continue;
    const std::string needle = text::normalize(q.text);
    std::set<std::string> oracle, found;
    for (const auto& d : docs)
      if (d.normal.find(needle) != std::string::npos) oracle.insert(d.key);
    search::SearchRequest r;
    r.query = q.text;
    r.literal = true;
    r.relax = false;
    r.per_doc = 1;
    r.limit = docs.size() + 1;
    for (const auto& hit : engine.search(r).results) found.insert(hit.doc);
    std::size_t both = 0;
    for (const auto& k : found) both += oracle.count(k);
    Tally& t = by_type[q.type];
    ++t.queries;
    t.exact += found == oracle;
    if (!oracle.empty()) { t.recall_sum += double(both) / oracle.size(); ++t.recall_n; }
    if (!found.empty()) { t.precision_sum += double(both) / found.size(); ++t.precision_n; }
    if (found != oracle && ++mismatches <= 10)
      std::cout << "MISMATCH " << q.type << " [" << q.text << "]: oracle " << oracle.size() << " docs, engine "
                << found.size() << " (" << both << " in common)\n";
  }
  std::cout << "type     queries  recall  precision  exact-sets\n";
  for (const auto& [type, t] : by_type)
    std::printf("%-8s %7zu  %.4f  %.4f     %zu/%zu\n", type.c_str(), t.queries,
                t.recall_n ? t.recall_sum / t.recall_n : 1.0, t.precision_n ? t.precision_sum / t.precision_n : 1.0,
                t.exact, t.queries);
  std::cout << (mismatches ? "FAILED: " : "ok: ") << mismatches << " of " << seen.size()
            << " queries differ from the oracle\n";
  std::error_code ec;
  fs::remove_all(work, ec);
  return mismatches ? 1 : 0;
}
