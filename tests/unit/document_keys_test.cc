// index::DocumentKeys (index/document_keys.h) against Xapian's own values, on a
// real database on disk: runs of passages across its blocks, deleted runs,
// documents added again at new docids, later commits.
#include <catch2/catch.hpp>
#include <xapian.h>

#include <string>
#include <vector>

#include "index/schema.h"
#include "index/document_keys.h"
#include "test_util.h"

using namespace zh;

namespace {

// "<prefix><n><suffix>", built by appending: GCC 12 warns falsely
// (-Wrestrict) about "literal" + std::string.
std::string numbered(const char* prefix, int n, const char* suffix = "") {
  std::string s = prefix;
  s += std::to_string(n);
  s += suffix;
  return s;
}

// Adds `documents` runs of 1 to 30 passages, the key of run n being
// "doc-<first_key + n>.md"; returns the docids of each run.
std::vector<std::vector<Xapian::docid>> add_runs(Xapian::WritableDatabase& db, int first_key, int documents,
                                                 unsigned seed) {
  std::vector<std::vector<Xapian::docid>> runs;
  for (int n = 0; n < documents; ++n) {
    auto& run = runs.emplace_back();
    const int passages = 1 + static_cast<int>((seed = seed * 1103515245 + 12345) % 30);
    for (int p = 0; p < passages; ++p) {
      Xapian::Document doc;
      doc.add_term(numbered("T", p));
      doc.add_value(index::schema::kSlotDocKey, numbered("doc-", first_key + n, ".md"));
      run.push_back(db.add_document(doc));
    }
  }
  db.commit();
  return runs;
}

void check_every_live_passage(index::DocumentKeys& keys, const Xapian::Database& db) {
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
    REQUIRE(keys.get(db, *it) == db.get_document(*it).get_value(index::schema::kSlotDocKey));
}

}  // namespace

TEST_CASE("document keys: as Xapian has them, across blocks, deleted runs and later commits") {
  test::TempDir tmp;
  const std::string path = (tmp.path() / "db").string();
  Xapian::WritableDatabase writer(path, Xapian::DB_CREATE);
  const auto runs = add_runs(writer, 0, 300, 7);
  Xapian::Database db(path);
  index::DocumentKeys keys;
  check_every_live_passage(keys, db);
  // Delete every third document and add it again (an update: new docids at
  // the end), plus new documents, in later commits; the same object answers.
  for (std::size_t n = 0; n < runs.size(); n += 3)
    for (const Xapian::docid did : runs[n]) writer.delete_document(did);
  writer.commit();
  add_runs(writer, 0, 100, 11);
  add_runs(writer, 1000, 50, 13);
  db.reopen();
  check_every_live_passage(keys, db);
  CHECK(keys.get(db, runs[1].front()) == "doc-1.md");
  keys.clear();
  check_every_live_passage(keys, db);
}
