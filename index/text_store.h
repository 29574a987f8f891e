// The text store: every passage's normal searchable text, by docid, in two
// files beside the Xapian tables, which searchers memory-map.
//
// Ctrl-F verification reads the normal text of each candidate passage. From
// a Xapian value that costs a B-tree lookup and a pread per block, which was
// most of a keyword query's time on a large index (schema.h); from a mapped
// file it is a memory read.
//
//   normal-text.dat   a header, then the texts, appended
//   normal-text.idx   a header, then per docid {u64 offset (0: none),
//                     u32 length, u32 run}, at header + (docid - 1) * 16
//
// `run` is how many passages of the same document follow this one: a
// document's passages are added together, under consecutive docids, so
// counting matches per document needs no other map of docids to documents.
//
// Both headers name the Xapian database (its UUID): a store is used only
// with the database it was written for, so a copied, compacted or rebuilt
// database never reads another one's texts. Xapian never reuses a
// committed docid, so an entry a reader can see never changes; the writer
// makes texts and entries durable before the Xapian commit that makes
// their docids visible. Deleted passages' texts stay until the next
// rebuild (readers of an older revision may still read them).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zh::index {

class SharedStoreCopy;

// Appends texts for one database. Not thread-safe; owned by IndexWriter,
// which holds the database's write lock.
class TextStoreWriter {
 public:
  // Opens the store of database `uuid` in `dir`; starts a new, empty one
  // (new files, renamed into place) when there is none, it belongs to
  // another database or it is not intact(). Without `sync_to_disk` (a first
  // build's runs), sync() does not wait for the disk. Throws zh::IndexError
  // on I/O errors.
  TextStoreWriter(const std::filesystem::path& dir, const std::string& uuid, bool sync_to_disk = true);
  ~TextStoreWriter();

  // True when `dir` holds the store of database `uuid` and its last entry
  // lies within its texts (neither file lost, neither cut short).
  static bool intact(const std::filesystem::path& dir, const std::string& uuid);
  TextStoreWriter(const TextStoreWriter&) = delete;
  TextStoreWriter& operator=(const TextStoreWriter&) = delete;

  // Records the text of passage `did`, whose document's passages end at
  // docid `run_end`. Texts are written as they come (in large writes); no
  // reader can see them before sync() writes the entries.
  void put(Xapian::docid did, std::string_view normal_text, Xapian::docid run_end);

  // Adds every text of the store of database `uuid` in `dir`, its docid d
  // becoming d + docid_offset, copying the texts in large blocks. Throws
  // zh::IndexError when that store is missing or belongs to another database.
  void append_store(const std::filesystem::path& dir, const std::string& uuid, Xapian::docid docid_offset);

  // Writes what put() buffered and makes it durable: texts first, then
  // the entries that point at them.
  void sync();

 private:
  void write_pending_data();

  std::filesystem::path dir_;
  bool sync_to_disk_ = true;
  int data_fd_ = -1;
  int index_fd_ = -1;
  std::uint64_t data_size_ = 0;  // bytes written, synced or not
  std::string pending_data_;     // texts not yet written
  struct Entry {
    Xapian::docid did;
    std::uint32_t length;
    std::uint64_t offset;
    std::uint32_t run;
  };
  std::vector<Entry> pending_entries_;  // entries not yet written
};

// Reads the store of one database through memory maps. Not thread-safe:
// one per searching thread (mapping is cheap; the pages are shared).
class TextStoreReader {
 public:
  struct StoreCopy;  // a store's files copied into memory (text_store.cc)

  TextStoreReader() = default;
  ~TextStoreReader();
  TextStoreReader(TextStoreReader&& other) noexcept;
  TextStoreReader& operator=(TextStoreReader&& other) noexcept;

  // The store of database `uuid` in `dir`, or an empty reader (every
  // lookup misses) when there is none, it belongs to another database or
  // it cannot be mapped.
  static TextStoreReader open(const std::filesystem::path& dir, const std::string& uuid);

  // The normal text of passage `did`, or nullopt when the store does not
  // hold it (the caller reads the passage instead). Valid until the next
  // call: a lookup past the mapped end remaps the files.
  std::optional<std::string_view> text(Xapian::docid did);

  // The last docid of the run of passages of `did`'s document, or nullopt
  // when the store does not hold `did`. Answered from a bitmap of where
  // runs end, built on first use a block of passages at a time.
  std::optional<Xapian::docid> run_end(Xapian::docid did);

  // For a process that will search many times: copies the store into its
  // own memory (on 2 MiB pages where the kernel allows) and builds the whole
  // run-end bitmap. Reading candidates' texts through the page cache's
  // mapping was several times slower the first time a search touched them
  // (二十四: 25 ms, 3.4 ms from the copy). Costs the store's size in memory,
  // once per process when the readers of its threads pass one `shared`
  // (which must outlive them); entries appended later are read through the
  // mapping.
  void warm_up(SharedStoreCopy* shared = nullptr);

  // The database the store belongs to ("" for an empty reader).
  const std::string& uuid() const { return uuid_; }

 private:
  struct Mapping {
    const char* data = nullptr;
    std::size_t size = 0;
  };
  // Bytes [at, at + n) of a file, from the copy when it holds them, else
  // from the current mapping; null when neither does.
  static const char* bytes(const Mapping& copy, const Mapping& m, std::uint64_t at, std::size_t n);
  bool remap();
  void close();
  // The entry of `did`, or null; valid until the next remap(). entry()
  // remaps when `did` lies past the mapped end, mapped_entry() never does.
  const char* entry(Xapian::docid did);
  const char* mapped_entry(Xapian::docid did) const;
  // Fills block `block` of run_ends_ from the entries; false when one of
  // them is missing (the block is not complete yet, or damaged).
  bool know_run_block(std::size_t block);

  std::string uuid_;
  int data_fd_ = -1;
  int index_fd_ = -1;
  Mapping data_, index_;
  // The copies' bytes, owned by copy_ (null until warm_up()).
  std::shared_ptr<const StoreCopy> copy_;
  Mapping data_copy_, index_copy_;
  // Bit d - 1 is set when passage d ends its document's run. Counting
  // asks once per document it visits; a 16-byte entry per question missed
  // the cache nearly every time, a bit per passage stays in it. Only
  // complete blocks are filled: entries are only ever appended, so a
  // complete block never changes.
  std::vector<std::uint64_t> run_ends_;
  std::vector<bool> run_block_known_;
};

// The memory copy that warm_up() makes of one database's store, shared by
// the readers of several threads (a server's engines): the first to warm
// up copies, the others take that copy. A rebuilt database's store (a new
// UUID) gets a new copy; the old one lives while a reader holds it.
// Thread-safe.
class SharedStoreCopy {
 public:
  // The copy held for `uuid`, else the one `make` returns (called under the
  // lock, so it runs once), which is then held.
  std::shared_ptr<const TextStoreReader::StoreCopy> get(
      const std::string& uuid, const std::function<std::shared_ptr<const TextStoreReader::StoreCopy>()>& make);

 private:
  std::mutex mutex_;
  std::shared_ptr<const TextStoreReader::StoreCopy> latest_;
};

// Merges the stores of `shards` (in that order) into a new store for
// database `uuid` in `dir`, shard k's docid d becoming d + offsets[k], as
// Xapian's compactor numbers them. Throws zh::IndexError on I/O errors.
void merge_text_stores(const std::vector<std::filesystem::path>& shards, const std::vector<Xapian::docid>& offsets,
                       const std::filesystem::path& dir, const std::string& uuid);

}  // namespace zh::index
