// The text store (index/text_store_writer.h, text_store_reader.h) on real files, and the
// searches that read it, on real Xapian databases.
#include <catch2/catch.hpp>
#include <xapian.h>

#include <algorithm>
#include <fstream>

#include "common/error.h"
#include "ingest/ingest.h"
#include "text/normalizer.h"
#include "indexer/indexing_run.h"
#include "index/passage_data.h"
#include "index/schema.h"
#include "index/text_store_reader.h"
#include "index/text_store_writer.h"
#include "search/engine.h"
#include "test_util.h"

using namespace zh;
namespace fs = std::filesystem;

namespace {

const std::string kUuid = "00000000-1111-2222-3333-444444444444";

index::IndexReport index_paths(const fs::path& db, const fs::path& dir, unsigned jobs, bool rebuild = false) {
  index::IndexOptions o;
  o.db_dir = db;
  o.paths = {dir};
  o.jobs = jobs;
  o.rebuild = rebuild;
  return index::run_indexing(o);
}

std::size_t literal_total(const fs::path& db, const std::string& q, std::size_t per_doc = 0, bool ids_only = false) {
  search::Engine engine(db);
  search::SearchRequest r;
  r.query = q;
  r.literal = true;
  r.per_doc = per_doc;
  r.ids_only = ids_only;
  return engine.search(r).total;
}

// Every passage's text in the store is its own: it ends with the normal form
// of the text its data gives back, which names the passage's document (the
// fixtures write 第<i>篇 into every passage of d<i>.md).
void check_store_matches_passages(const fs::path& db_dir) {
  const Xapian::Database db(db_dir.string());
  auto store = index::TextStoreReader::open(db_dir, db.get_uuid());
  REQUIRE(store.uuid() == db.get_uuid());
  std::size_t checked = 0;
  auto key = [&](Xapian::docid did) { return db.get_document(did).get_value(index::schema::kSlotDocKey); };
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const auto text = store.text(*it);
    REQUIRE(text.has_value());
    const std::string normal(*text);
    const auto shown = index::decode_shown_passage(db.get_document(*it).get_data(), normal);
    CHECK(normal.ends_with(text::normalize(shown.text)));
    const std::string i = key(*it).substr(1, 1);
    CHECK((shown.text.find("第" + i + "篇") != std::string::npos || shown.text.find("改写之后") != std::string::npos));
    // The run of the passage's document ends where its key changes: a
    // document's live passages are one run (an update deletes the old run).
    const auto end = store.run_end(*it);
    REQUIRE(end.has_value());
    for (Xapian::docid d = *it; d <= *end; ++d) CHECK(key(d) == key(*it));
    auto next = db.postlist_begin("");
    next.skip_to(*end + 1);
    if (next != db.postlist_end("")) CHECK(key(*next) != key(*it));
    ++checked;
  }
  CHECK(checked == db.get_doccount());
  CHECK(checked > 0);
}

}  // namespace

TEST_CASE("text store: texts written and synced are read back by docid") {
  test::TempDir tmp;
  {
    index::TextStoreWriter w(tmp.path(), kUuid);
    w.put(1, "第一段", 2);
    w.put(2, "", 2);
    w.put(5, "跳过了三四", 5);
    w.sync();
  }
  auto r = index::TextStoreReader::open(tmp.path(), kUuid);
  CHECK(r.text(1) == std::optional<std::string_view>("第一段"));
  CHECK(r.text(2) == std::optional<std::string_view>(""));
  CHECK_FALSE(r.text(3).has_value());  // never written
  CHECK(r.text(5) == std::optional<std::string_view>("跳过了三四"));
  CHECK_FALSE(r.text(6).has_value());  // past the end
  CHECK_FALSE(r.text(0).has_value());
  CHECK(r.run_end(1) == std::optional<Xapian::docid>(2));
  CHECK(r.run_end(2) == std::optional<Xapian::docid>(2));
  CHECK(r.run_end(5) == std::optional<Xapian::docid>(5));
  CHECK_FALSE(r.run_end(3).has_value());

  SECTION("a reader opened earlier sees what a later sync adds") {
    {
      index::TextStoreWriter w(tmp.path(), kUuid);  // reopens, keeps the texts
      w.put(6, "后来加的", 7);
      w.put(7, std::string(100000, 'x'), 7);
      CHECK_FALSE(r.text(6).has_value());  // not synced yet
      w.sync();
    }
    CHECK(r.text(6) == std::optional<std::string_view>("后来加的"));
    CHECK(r.text(7)->size() == 100000);
    CHECK(r.run_end(6) == std::optional<Xapian::docid>(7));
    CHECK(r.text(1) == std::optional<std::string_view>("第一段"));
  }
  SECTION("a store of another database is not read, and a writer for another one starts afresh") {
    const std::string other = "99999999-1111-2222-3333-444444444444";
    CHECK_FALSE(index::TextStoreReader::open(tmp.path(), other).text(1).has_value());
    { index::TextStoreWriter w(tmp.path(), other); }
    CHECK_FALSE(index::TextStoreReader::open(tmp.path(), kUuid).text(1).has_value());
    CHECK(r.text(1) == std::optional<std::string_view>("第一段"));  // the old files stay mapped
  }
  SECTION("a damaged store misses instead of reading out of bounds") {
    CHECK(index::TextStoreWriter::intact(tmp.path(), kUuid));
    fs::resize_file(tmp.path() / "normal-text.dat", 70);  // the header and a few bytes
    CHECK_FALSE(index::TextStoreWriter::intact(tmp.path(), kUuid));
    auto damaged = index::TextStoreReader::open(tmp.path(), kUuid);
    CHECK_FALSE(damaged.text(5).has_value());
    {
      // A writer starts afresh rather than append texts where old entries
      // point (they would read the new texts as theirs).
      index::TextStoreWriter w(tmp.path(), kUuid);
      w.put(6, "新的", 6);
      w.sync();
    }
    CHECK(index::TextStoreWriter::intact(tmp.path(), kUuid));
    auto fresh = index::TextStoreReader::open(tmp.path(), kUuid);
    CHECK_FALSE(fresh.text(5).has_value());
    CHECK(fresh.text(6) == std::optional<std::string_view>("新的"));
    fs::resize_file(tmp.path() / "normal-text.idx", 10);  // not even a header
    CHECK_FALSE(index::TextStoreReader::open(tmp.path(), kUuid).text(1).has_value());
  }
  SECTION("no store at all: every lookup misses") {
    CHECK_FALSE(index::TextStoreWriter::intact(tmp.path() / "nowhere", kUuid));
    CHECK_FALSE(index::TextStoreWriter::intact(tmp.path(), "99999999-1111-2222-3333-444444444444"));
    CHECK_FALSE(index::TextStoreReader::open(tmp.path() / "nowhere", kUuid).text(1).has_value());
    CHECK_FALSE(index::TextStoreReader().text(1).has_value());
  }
}

TEST_CASE("text store: run ends across many blocks of passages, a reader that sees them grow, and gaps") {
  // Runs of 1 to 40 passages, some crossing the 4,096-passage blocks the
  // reader summarizes, over 20,000 passages; then more appended.
  test::TempDir tmp;
  std::vector<Xapian::docid> want(1, 0);  // want[did]: the last docid of did's run
  auto write_runs = [&](Xapian::docid first, Xapian::docid last, unsigned seed) {
    index::TextStoreWriter w(tmp.path(), kUuid);
    for (Xapian::docid did = first; did <= last;) {
      const Xapian::docid end = std::min<Xapian::docid>(last, did + (seed = seed * 1103515245 + 12345) % 40);
      for (Xapian::docid d = did; d <= end; ++d) {
        w.put(d, "段" + std::to_string(d), end);
        want.push_back(end);
      }
      did = end + 1;
    }
    w.sync();
  };
  write_runs(1, 20000, 7);
  auto r = index::TextStoreReader::open(tmp.path(), kUuid);
  // In an order that fills blocks out of order: backwards, then forwards.
  for (Xapian::docid did = 20000; did >= 1; --did) REQUIRE(r.run_end(did) == std::optional<Xapian::docid>(want[did]));
  for (Xapian::docid did = 1; did <= 20000; ++did) REQUIRE(r.run_end(did) == std::optional<Xapian::docid>(want[did]));
  CHECK_FALSE(r.run_end(20001).has_value());
  // The block that held the last passages was incomplete; appending
  // completes it, and the same reader answers for the new passages.
  write_runs(20001, 30000, 11);
  for (Xapian::docid did = 1; did <= 30000; ++did) REQUIRE(r.run_end(did) == std::optional<Xapian::docid>(want[did]));

  SECTION("a reader warmed up first answers the same, and again after the store grows") {
    auto warm = index::TextStoreReader::open(tmp.path(), kUuid);
    warm.warm_up();
    for (Xapian::docid did = 1; did <= 30000; ++did) {
      REQUIRE(warm.run_end(did) == std::optional<Xapian::docid>(want[did]));
      REQUIRE(warm.text(did) == std::optional<std::string_view>("段" + std::to_string(did)));
    }
    write_runs(30001, 34000, 13);
    warm.warm_up();
    for (Xapian::docid did = 1; did <= 34000; ++did) REQUIRE(warm.run_end(did) == std::optional<Xapian::docid>(want[did]));
    CHECK(warm.text(34000) == std::optional<std::string_view>("段34000"));
    index::TextStoreReader empty;
    empty.warm_up();  // no store: nothing to do, no crash
    CHECK_FALSE(empty.run_end(1).has_value());
  }

  SECTION("readers warmed with one share read one copy, past it what was added, and a new database's own") {
    index::SharedStoreCopy share;
    auto first = index::TextStoreReader::open(tmp.path(), kUuid);
    first.warm_up(&share);
    write_runs(30001, 34000, 13);  // after the copy was made
    auto second = index::TextStoreReader::open(tmp.path(), kUuid);
    second.warm_up(&share);
    // The same bytes in memory, not a second copy of the store.
    CHECK(first.text(1)->data() == second.text(1)->data());
    CHECK(second.text(29999)->data() == first.text(29999)->data());
    for (Xapian::docid did = 1; did <= 34000; ++did) {
      REQUIRE(second.text(did) == std::optional<std::string_view>("段" + std::to_string(did)));
      REQUIRE(second.run_end(did) == std::optional<Xapian::docid>(want[did]));
    }
    // A rebuilt database has another UUID and a store of its own.
    const std::string rebuilt = "99999999-1111-2222-3333-444444444444";
    {
      index::TextStoreWriter w(tmp.path(), rebuilt);
      w.put(1, "重建后的第一段", 1);
      w.sync();
    }
    auto third = index::TextStoreReader::open(tmp.path(), rebuilt);
    third.warm_up(&share);
    CHECK(third.text(1) == std::optional<std::string_view>("重建后的第一段"));
    CHECK_FALSE(third.text(2).has_value());
    CHECK(first.text(1) == std::optional<std::string_view>("段1"));  // its copy lives while it holds it
  }

  SECTION("a passage without an entry inside a block: the others still answer") {
    test::TempDir gap;
    {
      index::TextStoreWriter w(gap.path(), kUuid);
      for (Xapian::docid d = 1; d <= 9000; ++d)
        if (d != 5000) w.put(d, "x", d < 5000 ? 4999 : 9000);
      w.sync();
    }
    auto g = index::TextStoreReader::open(gap.path(), kUuid);
    CHECK(g.run_end(1) == std::optional<Xapian::docid>(4999));
    CHECK_FALSE(g.run_end(5000).has_value());
    CHECK(g.run_end(5001) == std::optional<Xapian::docid>(9000));
    CHECK(g.run_end(8192) == std::optional<Xapian::docid>(9000));
  }
}

TEST_CASE("text store: sharded first builds, updates and rebuilds keep it in step with the passages") {
  test::TempDir tmp;
  const std::string pad =
      "，这些文字只为把段落撑长一些，好让每段各成一个片段，请不必在意它们的内容，其余文字只是用来凑足长度的填充内容而已，"
      "没有别的意思，请忽略这些字，谢谢合作，再加一些字让它更长";
  for (int i = 0; i < 9; ++i) {
    std::string body = "# 文档" + std::to_string(i) + "\n\n";
    for (int k = 0; k <= i % 4; ++k) body += "第" + std::to_string(i) + "篇第" + std::to_string(k) + "段话" + pad + "。\n\n";
    tmp.write("docs/d" + std::to_string(i) + ".md", body);
  }
  const fs::path db = tmp.path() / "db";
  index_paths(db, tmp.path() / "docs", 3);  // three shards, merged
  check_store_matches_passages(db);
  CHECK(literal_total(db, "第7篇第2段话") == 1);
  // Counted per document through the store's runs: 21 passages, 9 documents.
  CHECK(literal_total(db, "不必在意", 1) == 9);
  CHECK(literal_total(db, "不必在意", 2) == 9 + 6);

  SECTION("a changed file's new passages are found, its old ones are not") {
    tmp.write("docs/d7.md", "# 文档7\n\n改写之后的第七篇" + pad + "。\n");
    index_paths(db, tmp.path() / "docs", 2);  // incremental: one writer
    check_store_matches_passages(db);
    CHECK(literal_total(db, "第7篇第2段话") == 0);
    CHECK(literal_total(db, "改写之后的第七篇") == 1);
  }
  SECTION("a rebuild makes a new database, and a store of its own") {
    const std::string before = Xapian::Database(db.string()).get_uuid();
    index_paths(db, tmp.path() / "docs", 2, /*rebuild=*/true);
    CHECK(Xapian::Database(db.string()).get_uuid() != before);
    check_store_matches_passages(db);
    CHECK(literal_total(db, "第3篇第3段话") == 1);
  }
  SECTION("without the store, a search that reads passages says to rebuild, and a rebuild brings it back") {
    fs::remove(db / "normal-text.dat");
    fs::remove(db / "normal-text.idx");
    // Documents' runs come from the store too: even a pair, which needs no
    // verification, cannot be counted without it.
    CHECK_THROWS_WITH(literal_total(db, "段话", 1, /*ids_only=*/true),
                      Catch::Contains("text store") && Catch::Contains("--rebuild"));
    try {
      (void)literal_total(db, "第7篇第2段话");
      FAIL("a search without the text store should fail");
    } catch (const IndexError& e) {
      CHECK(std::string(e.what()).find("text store") != std::string::npos);
      CHECK(std::string(e.what()).find("--rebuild") != std::string::npos);
    }
    const auto doccount = Xapian::Database(db.string()).get_doccount();
    tmp.write("docs/d9.md", "# 新文档\n\n第9篇新来的一段话" + pad + "。\n");
    CHECK_THROWS_WITH(index_paths(db, tmp.path() / "docs", 2),
                      Catch::Contains("text store") && Catch::Contains("nothing was changed") &&
                          Catch::Contains("--rebuild"));
    CHECK(Xapian::Database(db.string()).get_doccount() == doccount);
    CHECK_FALSE(fs::exists(db / "normal-text.idx"));
    index_paths(db, tmp.path() / "docs", 2, /*rebuild=*/true);
    check_store_matches_passages(db);
    CHECK(literal_total(db, "第7篇第2段话") == 1);
  }
  SECTION("a store cut short: searches and updates say to rebuild, and change nothing") {
    fs::resize_file(db / "normal-text.dat", 200);
    CHECK_THROWS_AS(literal_total(db, "第7篇第2段话"), IndexError);
    CHECK_THROWS_WITH(index_paths(db, tmp.path() / "docs", 2), Catch::Contains("--rebuild"));
    CHECK(fs::file_size(db / "normal-text.dat") == 200);
  }
}

TEST_CASE("an index written by an older zhsearch: a run warns that --rebuild is faster, once") {
  test::TempDir tmp;
  tmp.write("docs/a.md", "# 标题\n\n这是一段足够长的正文，说明旧索引升级时会发生什么事情。\n");
  const fs::path db = tmp.path() / "db";
  auto warned = [&](const index::IndexReport& r) {
    return std::any_of(r.warnings.begin(), r.warnings.end(),
                        [&](const auto& w) { return w.message.find("--rebuild") != std::string::npos; });
  };
  CHECK_FALSE(warned(index_paths(db, tmp.path() / "docs", 1)));  // a fresh index
  {
    Xapian::WritableDatabase w(db.string());
    w.set_metadata(std::string(index::schema::kMetaSchema), "zhsearch-schema-5");
    w.commit();
  }
  CHECK(warned(index_paths(db, tmp.path() / "docs", 1)));
  CHECK_FALSE(warned(index_paths(db, tmp.path() / "docs", 1)));  // the run recorded this version
  CHECK(Xapian::Database(db.string()).get_metadata(std::string(index::schema::kMetaSchema)) ==
        std::string(ingest::kSchemaVersion));
}

TEST_CASE("issue 21: a search of an index of an older schema says to rebuild it") {
  test::TempDir tmp;
  tmp.write("docs/a.md", "# 标题\n\n这是一段足够长的正文，说明旧索引不再被读取。\n");
  const fs::path db = tmp.path() / "db";
  index_paths(db, tmp.path() / "docs", 1);
  CHECK(literal_total(db, "正文") == 1);
  for (const auto& [version, shown] : {std::pair{"zhsearch-schema-6", "schema 6"}, std::pair{"", "schema 5 or earlier"}}) {
    INFO(version);
    {
      Xapian::WritableDatabase w(db.string());
      w.set_metadata(std::string(index::schema::kMetaSchema), version);
      w.set_metadata(std::string(index::schema::kMetaTextsInStore), "");
      w.commit();
    }
    CHECK_THROWS_WITH(search::Engine(db), Catch::Contains("written by an older zhsearch") && Catch::Contains(shown) &&
                                              Catch::Contains("zhsearch index --rebuild --db " + db.string()));
  }
  index_paths(db, tmp.path() / "docs", 1, /*rebuild=*/true);
  CHECK(literal_total(db, "正文") == 1);
}
