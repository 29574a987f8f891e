// --jobs never changes the result: --jobs 1 and --jobs 2 build databases
// with the same passages, terms, values and records (issue 4).
#include <catch2/catch.hpp>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <vector>
#include <fstream>
#include <random>
#include <sstream>

#include "indexer/indexing_run.h"
#include "index/text_store_reader.h"

namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("zhsearch-formats-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Everything a database holds, as text: one line per document (data,
// values, terms with wdf, the text store's normal text), then every term
// with its frequency, then the document records.
std::string dump(const fs::path& db_dir) {
  Xapian::Database db(db_dir.string());
  auto store = zh::index::TextStoreReader::open(db_dir, db.get_uuid());
  std::ostringstream out;
  out << "doccount " << db.get_doccount() << "\n";
  // Document ids depend on how the build was split across threads (a first
  // build merges runs written by each thread); the documents must not.
  std::vector<std::string> docs;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    std::ostringstream line;
    line << "doc data " << doc.get_data() << "\n";
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) line << " value " << v.get_valueno() << " " << *v;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) line << " " << *t << ":" << t.get_wdf();
    const auto text = store.text(*it);
    line << "\n store " << (text ? *text : std::string_view("(none)"));
    docs.push_back(line.str());
  }
  std::sort(docs.begin(), docs.end());
  for (const auto& d : docs) out << d << "\n";
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) out << *t << " " << t.get_termfreq() << "\n";
  for (auto k = db.metadata_keys_begin("doc:"); k != db.metadata_keys_end("doc:"); ++k)
    out << *k << " " << db.get_metadata(*k) << "\n";
  return out.str();
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("--jobs 1 and --jobs 2 build identical databases", "[jobs]") {
  TempDir tmp;
  const fs::path corpus = tmp.path / "corpus";
  // Real fixtures of every format, and generated Markdown of varied sizes.
  fs::create_directories(corpus);
  fs::copy(ZH_FORMATS_FIXTURES, corpus / "fixtures", fs::copy_options::recursive);
  const std::u32string han = U"的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严";
  std::mt19937 rng(42);
  for (int d = 0; d < 120; ++d) {
    std::string text = "# 文档" + std::to_string(d) + "\n\n";
    const int paragraphs = 1 + static_cast<int>(rng() % 6);
    for (int p = 0; p < paragraphs; ++p) {
      const int chars = 10 + static_cast<int>(rng() % 600);
      std::u32string para;
      for (int c = 0; c < chars; ++c) {
        para += han[rng() % han.size()];
        if (rng() % 17 == 0) para += U'，';
        if (rng() % 29 == 0) para += U'。';
        if (rng() % 97 == 0) para += U" GPT-4 ";
      }
      for (char32_t c : para) {
        if (c < 0x80) text += static_cast<char>(c);
        else if (c < 0x800) { text += static_cast<char>(0xC0 | (c >> 6)); text += static_cast<char>(0x80 | (c & 0x3F)); }
        else { text += static_cast<char>(0xE0 | (c >> 12)); text += static_cast<char>(0x80 | ((c >> 6) & 0x3F)); text += static_cast<char>(0x80 | (c & 0x3F)); }
      }
      text += "\n\n";
    }
    write(corpus / ("gen/d" + std::to_string(d % 7) + "/doc" + std::to_string(d) + ".md"), text);
  }

  std::string dumps[2];
  for (unsigned jobs : {1u, 2u}) {
    zh::index::IndexOptions options;
    options.db_dir = tmp.path / ("db" + std::to_string(jobs));
    options.paths = {corpus};
    options.jobs = jobs;
    options.build_batch_passages = 97;  // several commits mid-run
    const auto report = zh::index::run_indexing(options);
    CHECK(report.failed == 0);
    CHECK(report.added > 120);
    CHECK(report.passages_written > 400);
    dumps[jobs - 1] = dump(options.db_dir);
  }
  CHECK(dumps[0].size() > 10000);
  CHECK(dumps[0] == dumps[1]);

  // A first build in many small runs (several a thread, each committing
  // several times, merged at the end) builds the same.
  for (unsigned jobs : {1u, 2u}) {
    zh::index::IndexOptions options;
    options.db_dir = tmp.path / ("db-runs" + std::to_string(jobs));
    options.paths = {corpus};
    options.jobs = jobs;
    options.build_run_passages = 40;
    options.build_batch_passages = 7;
    zh::index::run_indexing(options);
    CHECK(dump(options.db_dir) == dumps[0]);
  }

  // The incremental path (one writer, workers in file order) builds the same.
  zh::index::IndexOptions options;
  options.db_dir = tmp.path / "db-incremental";
  write(tmp.path / "other/seed.md", "先有一个文件。\n");
  options.paths = {tmp.path / "other"};
  zh::index::run_indexing(options);  // a first build of another folder
  options.paths = {corpus};
  options.jobs = 2;
  options.commit_every_passages = 97;
  zh::index::run_indexing(options);
  zh::index::remove_documents(options.db_dir, {"seed.md"});
  CHECK(dump(options.db_dir) == dumps[0]);
}
