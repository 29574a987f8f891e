// index::PassageLengths (index/passage_lengths.h) against Xapian's own
// get_doclength, on a real database on disk with more docids than one of
// its blocks, before and after more commits.
#include <catch2/catch.hpp>
#include <xapian.h>

#include <string>

#include "index/passage_lengths.h"
#include "test_util.h"

using namespace zh;

namespace {

// "T<n>", built by appending: GCC 12 warns falsely (-Wrestrict) about
// "literal" + std::string.
std::string term(int n) {
  std::string t = "T";
  t += std::to_string(n);
  return t;
}

void add_documents(Xapian::WritableDatabase& db, int count, unsigned seed) {
  for (int n = 0; n < count; ++n) {
    Xapian::Document doc;
    const int terms = 1 + static_cast<int>((seed = seed * 1103515245 + 12345) % 300);
    for (int t = 0; t < terms; ++t) doc.add_term(term(t % 37), 1 + t % 3);
    db.add_document(doc);
  }
  db.commit();
}

}  // namespace

TEST_CASE("passage lengths: as Xapian has them, across blocks, after later commits and deletions") {
  test::TempDir tmp;
  const std::string path = (tmp.path() / "db").string();
  Xapian::WritableDatabase writer(path, Xapian::DB_CREATE);
  add_documents(writer, 9000, 3);
  Xapian::Database db(path);
  index::PassageLengths lengths;
  // Backwards first, so blocks fill out of order.
  for (Xapian::docid did = 9000; did >= 1; --did) REQUIRE(lengths.get(db, did) == db.get_doclength(did));
  // More passages, some deleted: the same object answers for the new ones.
  add_documents(writer, 5000, 5);
  writer.delete_document(9100);
  writer.commit();
  db.reopen();
  for (Xapian::docid did = 1; did <= 14000; ++did) {
    if (did == 9100) continue;
    REQUIRE(lengths.get(db, did) == db.get_doclength(did));
  }
  CHECK_THROWS_AS(lengths.get(db, 9100), Xapian::DocNotFoundError);
  lengths.clear();
  CHECK(lengths.get(db, 12345) == db.get_doclength(12345));
}
