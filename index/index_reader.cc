#include "index/index_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "common/error.h"

namespace zh::index {
namespace {

Xapian::Database open_database(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw IndexError("no index at " + dir.string() + "; build one with: zhsearch index --db " + dir.string() +
                     " PATH");
  try {
    return Xapian::Database(dir.string());
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw IndexError("no readable index at " + dir.string() + " (" + e.get_msg() +
                     "); build one with: zhsearch index --db " + dir.string() + " PATH");
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot open the index at " + dir.string() + ": " + e.get_description() +
                     "; if it is damaged, check it with xapian-check " + dir.string() +
                     " and rebuild it with: zhsearch index --rebuild --db " + dir.string() + " PATH");
  }
}

[[noreturn]] void throw_not_in_store(Xapian::docid did) {
  throw IndexError("passage " + std::to_string(did) +
                   " is not in the index's text store (normal-text.dat and normal-text.idx beside the Xapian "
                   "tables): the store was deleted, or the database was copied or compacted without it; rebuild "
                   "the index: zhsearch index --rebuild --db DIR PATH...");
}

// "zhsearch-schema-6" -> "6"; "" (before schema 6 none was recorded) -> "5 or earlier".
std::string schema_number(const std::string& version) {
  if (version.empty()) return "5 or earlier";
  const auto dash = version.rfind('-');
  return dash == std::string::npos ? version : version.substr(dash + 1);
}

}  // namespace

// What identifies a revision of a glass database on disk: its version file,
// which Xapian replaces (writes a new file and renames it) at every commit.
struct IndexReader::VersionStamp {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const VersionStamp&) const = default;

  // Null when there is no version file to look at (not a glass database, a
  // stub or a remote one): then every refresh asks Xapian.
  static std::unique_ptr<VersionStamp> of(const std::filesystem::path& dir) {
    struct stat st{};
    if (::stat((dir / "iamglass").c_str(), &st) != 0) return nullptr;
    return std::make_unique<VersionStamp>(VersionStamp{
        st.st_dev, st.st_ino, st.st_size, std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec});
  }
};

IndexReader::IndexReader(const std::filesystem::path& db_dir, std::shared_ptr<ReaderShare> share)
    : dir_(db_dir),
      seen_version_(VersionStamp::of(db_dir)),
      db_(open_database(db_dir)),
      share_(share ? std::move(share) : std::make_shared<ReaderShare>()),
      cached_uuid_(db_.get_uuid()) {
  try {
    check_schema();
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot read the index at " + dir_.string() + ": " + e.get_description());
  }
  store_ = TextStoreReader::open(db_dir, cached_uuid_);
}

IndexReader::~IndexReader() = default;
IndexReader::IndexReader(IndexReader&&) noexcept = default;
IndexReader& IndexReader::operator=(IndexReader&&) noexcept = default;

// The current schema, an empty database, or one whose first build is
// still running (its passages already of the current format; the schema
// is recorded when the run finishes).
void IndexReader::check_schema() const {
  const std::string version = db_.get_metadata(std::string(schema::kMetaSchema));
  if (version == schema::kSchemaVersion || db_.get_doccount() == 0) return;
  if (version.empty() && !db_.get_metadata(std::string(schema::kMetaTextsInStore)).empty()) return;
  const std::string dir = dir_.string();
  const bool older = version.empty() || version < std::string(schema::kSchemaVersion);
  throw IndexError("the index at " + dir + " was written by " + (older ? "an older" : "a newer") +
                   " zhsearch (schema " + schema_number(version) + "); rebuild it with: zhsearch index --rebuild --db " +
                   dir + " PATH...");
}

void IndexReader::refresh() {
  std::unique_ptr<VersionStamp> now = VersionStamp::of(dir_);
  if (now && seen_version_ && *now == *seen_version_) return;
  seen_version_ = std::move(now);
  if (!db_.reopen()) return;
  forget_revision_facts();
  check_schema();
  const std::string uuid = db_.get_uuid();
  if (store_.uuid() != uuid) {
    store_ = TextStoreReader::open(dir_, uuid);
    if (warmed_) store_.warm_up(&share_->store_copy);
  }
  if (cached_uuid_ != uuid) {
    lengths_.clear();
    keys_.clear();
    cached_uuid_ = uuid;
  }
}

void IndexReader::forget_revision() {
  seen_version_.reset();
  forget_revision_facts();
}

void IndexReader::forget_revision_facts() {
  records_.clear();
  has_start_times_.reset();
}

std::string_view IndexReader::text(Xapian::docid did) {
  if (const auto text = store_.text(did)) return *text;
  throw_not_in_store(did);
}

Xapian::docid IndexReader::run_end(Xapian::docid did) {
  if (const auto end = store_.run_end(did)) return *end;
  throw_not_in_store(did);
}

Xapian::termcount IndexReader::length(Xapian::docid did) { return lengths_.get(db_, did); }

std::string IndexReader::document_key(Xapian::docid did) { return keys_.get(db_, did); }

ShownPassage IndexReader::shown_passage(const Xapian::Document& doc, Xapian::docid did) {
  const std::string data = doc.get_data();
  return decode_shown_passage(data, text(did));
}

const schema::DocumentRecord& IndexReader::record(const std::string& key) {
  auto it = records_.find(key);
  if (it == records_.end()) {
    const std::string json = db_.get_metadata(std::string(schema::kMetaDocumentPrefix) + key);
    schema::DocumentRecord r = json.empty() ? schema::DocumentRecord{} : schema::decode_record(json);
    if (r.key.empty()) r.key = key;
    it = records_.emplace(key, std::move(r)).first;
  }
  return it->second;
}

// When no passage has a start time (no subtitles), hits skip the value
// lookup, a B-tree descent per hit.
std::optional<double> IndexReader::start_time(const Xapian::Document& doc) {
  if (!has_start_times_) has_start_times_ = db_.get_value_freq(schema::kSlotStartTime) > 0;
  if (!*has_start_times_) return std::nullopt;
  const std::string start = doc.get_value(schema::kSlotStartTime);
  if (start.empty()) return std::nullopt;
  return Xapian::sortable_unserialise(start);
}

std::uint32_t IndexReader::ordinal(const Xapian::Document& doc) {
  const std::string value = doc.get_value(schema::kSlotOrdinal);
  if (value.empty()) return 0;
  const double n = Xapian::sortable_unserialise(value);
  return n > 0 ? static_cast<std::uint32_t>(n) : 0;
}

std::vector<Xapian::docid> IndexReader::passages_of(const std::string& key) {
  const std::string term = schema::document_term(key);
  std::vector<std::pair<std::uint32_t, Xapian::docid>> found;
  for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it)
    found.emplace_back(ordinal(db_.get_document(*it, Xapian::DOC_ASSUME_VALID)), *it);
  std::sort(found.begin(), found.end());
  std::vector<Xapian::docid> dids;
  dids.reserve(found.size());
  for (const auto& [ord, did] : found) dids.push_back(did);
  return dids;
}

schema::Labels IndexReader::labels(Xapian::docid did) {
  return schema::decode_labels(db_.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotLabels));
}

void IndexReader::warm_up() {
  try {
    refresh();
    lengths_.read_all(db_);
    keys_.read_all(db_);
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot read the index at " + dir_.string() + ": " + e.get_description());
  }
  store_.warm_up(&share_->store_copy);
  warmed_ = true;
}

IndexStats IndexReader::stats() {
  IndexStats s;
  try {
    refresh();
    s.passages = db_.get_doccount();
    const std::string prefix(schema::kMetaDocumentPrefix);
    for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it) ++s.documents;
    // Counted by the writer: readers never walk the term list (schema.h).
    const std::string terms = db_.get_metadata(std::string(schema::kMetaTermCount));
    std::size_t count = 0;
    const auto [end, ec] = std::from_chars(terms.data(), terms.data() + terms.size(), count);
    if (!terms.empty() && ec == std::errc() && end == terms.data() + terms.size()) s.terms = count;
    s.last_update = db_.get_metadata(std::string(schema::kMetaLastUpdate));
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot read statistics of " + dir_.string() + ": " + e.get_description());
  }
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_, ec))
    if (entry.is_regular_file(ec)) s.bytes_on_disk += entry.file_size(ec);
  return s;
}

}  // namespace zh::index
