#include "index/text_store_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"
#include "index/text_store_format.h"

namespace zh::index {
namespace fs = std::filesystem;
using namespace text_store;

namespace {

// put() writes the texts out once this much has accumulated.
constexpr std::size_t kWriteBuffer = 1 << 20;

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
  throw IndexError("cannot " + what + " " + path.string() + ": " + std::strerror(errno) +
                   "; free some space or fix the folder's permissions, then index again");
}

void write_all(int fd, std::string_view bytes, std::uint64_t at, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write", path);
    bytes.remove_prefix(static_cast<std::size_t>(n));
    at += static_cast<std::uint64_t>(n);
  }
}

// A new, empty file holding only the header, renamed over `path`, so that
// readers still mapping the old file keep reading it undisturbed.
int create_fresh(const fs::path& path, const std::string& uuid) {
  const fs::path tmp = path.string() + ".new";
  const int fd = ::open(tmp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("create", tmp);
  write_all(fd, header(uuid), 0, tmp);
  if (::fsync(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::close(fd);
    fail("create", path);
  }
  return fd;
}

// Entries are appended in docid order and texts in the same order, so the
// last entry points furthest into the texts.
bool last_entry_fits(int data_fd, int index_fd) {
  struct stat data{}, index{};
  if (::fstat(data_fd, &data) != 0 || ::fstat(index_fd, &index) != 0) return false;
  const auto index_size = static_cast<std::uint64_t>(index.st_size);
  if (index_size < kHeaderBytes || (index_size - kHeaderBytes) % kEntryBytes != 0) return false;
  if (index_size == kHeaderBytes) return true;
  char e[kEntryBytes];
  if (::pread(index_fd, e, sizeof e, static_cast<off_t>(index_size - kEntryBytes)) != sizeof e) return false;
  return get_u64(e) + get_u32(e + 8) <= static_cast<std::uint64_t>(data.st_size);
}

}  // namespace

bool TextStoreWriter::intact(const fs::path& dir, const std::string& uuid) {
  const int data_fd = ::open((dir / kDataFile).c_str(), O_RDONLY | O_CLOEXEC);
  const int index_fd = ::open((dir / kIndexFile).c_str(), O_RDONLY | O_CLOEXEC);
  const bool ok = data_fd >= 0 && index_fd >= 0 && has_header(data_fd, uuid) && has_header(index_fd, uuid) &&
                  last_entry_fits(data_fd, index_fd);
  if (data_fd >= 0) ::close(data_fd);
  if (index_fd >= 0) ::close(index_fd);
  return ok;
}

TextStoreWriter::TextStoreWriter(const fs::path& dir, const std::string& uuid, bool sync_to_disk)
    : dir_(dir), sync_to_disk_(sync_to_disk) {
  const fs::path data = dir / kDataFile, index = dir / kIndexFile;
  data_fd_ = ::open(data.c_str(), O_RDWR | O_CLOEXEC);
  index_fd_ = ::open(index.c_str(), O_RDWR | O_CLOEXEC);
  if (data_fd_ < 0 || index_fd_ < 0 || !has_header(data_fd_, uuid) || !has_header(index_fd_, uuid) ||
      !last_entry_fits(data_fd_, index_fd_)) {
    if (data_fd_ >= 0) ::close(data_fd_);
    if (index_fd_ >= 0) ::close(index_fd_);
    data_fd_ = index_fd_ = -1;
    // The texts first: a reader that finds the new index finds its texts.
    data_fd_ = create_fresh(data, uuid);
    index_fd_ = create_fresh(index, uuid);
  }
  struct stat st{};
  if (::fstat(data_fd_, &st) != 0) fail("read", data);
  data_size_ = static_cast<std::uint64_t>(st.st_size);
}

TextStoreWriter::~TextStoreWriter() {
  if (data_fd_ >= 0) ::close(data_fd_);
  if (index_fd_ >= 0) ::close(index_fd_);
}

void TextStoreWriter::put(Xapian::docid did, std::string_view normal_text, Xapian::docid run_end) {
  pending_entries_.push_back(
      {did, static_cast<std::uint32_t>(normal_text.size()), data_size_ + pending_data_.size(), run_end - did});
  pending_data_.append(normal_text);
  if (pending_data_.size() >= kWriteBuffer) write_pending_data();
}

void TextStoreWriter::write_pending_data() {
  write_all(data_fd_, pending_data_, data_size_, dir_ / kDataFile);
  data_size_ += pending_data_.size();
  pending_data_.clear();
}

void TextStoreWriter::append_store(const fs::path& dir, const std::string& uuid, Xapian::docid docid_offset) {
  write_pending_data();
  const fs::path data = dir / kDataFile, index = dir / kIndexFile;
  auto open_checked = [&](const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail("open", path);
    if (!has_header(fd, uuid)) {
      ::close(fd);
      throw IndexError(path.string() + " does not belong to the database beside it; index again with --rebuild");
    }
    return fd;
  };
  const int data_fd = open_checked(data);
  const int index_fd = open_checked(index);
  // The texts, whole: each entry then moves by the same distance.
  const std::uint64_t shift = data_size_ - kHeaderBytes;
  std::string block(kWriteBuffer, '\0');
  bool ok = true;
  for (std::uint64_t at = kHeaderBytes;;) {
    const ssize_t n = ::pread(data_fd, block.data(), block.size(), static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    write_all(data_fd_, std::string_view(block.data(), static_cast<std::size_t>(n)), data_size_, dir_ / kDataFile);
    data_size_ += static_cast<std::uint64_t>(n);
    at += static_cast<std::uint64_t>(n);
  }
  for (std::uint64_t at = kHeaderBytes; ok;) {
    const ssize_t n = ::pread(index_fd, block.data(), block.size(), static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    const std::size_t whole = static_cast<std::size_t>(n) / kEntryBytes * kEntryBytes;
    for (std::size_t e = 0; e < whole; e += kEntryBytes) {
      const char* p = block.data() + e;
      if (get_u64(p) < kHeaderBytes) continue;  // no text for this docid
      const auto did = static_cast<Xapian::docid>((at + e - kHeaderBytes) / kEntryBytes + 1);
      pending_entries_.push_back({did + docid_offset, get_u32(p + 8), get_u64(p) + shift, get_u32(p + 12)});
    }
    if (whole == 0) break;  // a torn last entry
    at += whole;
  }
  ::close(data_fd);
  ::close(index_fd);
  if (!ok) fail("read", dir);
}

void TextStoreWriter::sync() {
  if (pending_entries_.empty()) return;
  const fs::path data = dir_ / kDataFile, index = dir_ / kIndexFile;
  write_pending_data();
  if (sync_to_disk_ && ::fdatasync(data_fd_) != 0) fail("write", data);
  // Entries of consecutive docids go out in one write.
  std::size_t i = 0;
  while (i < pending_entries_.size()) {
    std::string run;
    std::size_t j = i;
    do {
      const PendingEntry& e = pending_entries_[j];
      run += encode_entry({e.offset, e.length, e.run});
      ++j;
    } while (j < pending_entries_.size() && pending_entries_[j].did == pending_entries_[j - 1].did + 1);
    write_all(index_fd_, run, entry_offset(pending_entries_[i].did), index);
    i = j;
  }
  if (sync_to_disk_ && ::fdatasync(index_fd_) != 0) fail("write", index);
  pending_entries_.clear();
}

void merge_text_stores(const std::vector<fs::path>& shards, const std::vector<Xapian::docid>& offsets,
                       const fs::path& dir, const std::string& uuid) {
  TextStoreWriter out(dir, uuid);
  for (std::size_t k = 0; k < shards.size(); ++k)
    out.append_store(shards[k], Xapian::Database(shards[k].string()).get_uuid(), offsets[k]);
  out.sync();
}

}  // namespace zh::index
