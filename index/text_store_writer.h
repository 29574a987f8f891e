// Appends passages' normal texts to the text store of one database
// (layout: text_store_format.h). Texts are written as they come; the
// entries that point at them are written by sync(), which the index writer
// calls before each Xapian commit, so a reader never sees an entry whose
// text is not on disk.
// Thread-safety: none; owned by IndexWriter, which holds the database's
// write lock. Errors: zh::IndexError on I/O failures.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace zh::index {

class TextStoreWriter {
 public:
  // Opens the store of database `uuid` in `dir`; starts a new, empty one
  // (new files, renamed into place) when there is none, it belongs to
  // another database or it is not intact(). Without `sync_to_disk` (a first
  // build's runs), sync() does not wait for the disk. Throws zh::IndexError
  // on I/O errors.
  TextStoreWriter(const std::filesystem::path& dir, const std::string& uuid, bool sync_to_disk = true);
  ~TextStoreWriter();
  TextStoreWriter(const TextStoreWriter&) = delete;
  TextStoreWriter& operator=(const TextStoreWriter&) = delete;

  // True when `dir` holds the store of database `uuid` and its last entry
  // lies within its texts (neither file lost, neither cut short).
  static bool intact(const std::filesystem::path& dir, const std::string& uuid);

  // Records the text of passage `did`, whose document's passages end at
  // docid `run_end`. No reader can see it before sync().
  // Requires: did <= run_end.
  void put(Xapian::docid did, std::string_view normal_text, Xapian::docid run_end);

  // Adds every text of the store of database `uuid` in `dir`, its docid d
  // becoming d + docid_offset. Throws zh::IndexError when that store is
  // missing or belongs to another database.
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
  struct PendingEntry {
    Xapian::docid did;
    std::uint32_t length;
    std::uint64_t offset;
    std::uint32_t run;
  };
  std::vector<PendingEntry> pending_entries_;  // entries not yet written
};

// Merges the stores of `shards` (in that order) into a new store for
// database `uuid` in `dir`, shard k's docid d becoming d + offsets[k], as
// Xapian's compactor numbers them. Throws zh::IndexError on I/O errors.
// Requires: shards.size() == offsets.size().
void merge_text_stores(const std::vector<std::filesystem::path>& shards, const std::vector<Xapian::docid>& offsets,
                       const std::filesystem::path& dir, const std::string& uuid);

}  // namespace zh::index
