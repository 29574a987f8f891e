// The text store's on-disk layout, shared by its writer
// (text_store_writer.h) and its reader (text_store_reader.h): every
// passage's normal searchable text, by docid, in two files beside the
// Xapian tables.
//
//   normal-text.dat   a header, then the texts, appended
//   normal-text.idx   a header, then per docid {u64 offset (0: none),
//                     u32 length, u32 run}, at header + (docid - 1) * 16,
//                     little-endian
//
// `run` is how many passages of the same document follow this one: a
// document's passages are added together, under consecutive docids, so a
// passage's run end (its document's last docid) is did + run.
//
// Both headers name the Xapian database (its UUID): a store is used only
// with the database it was written for. Invariants: Xapian never reuses a
// committed docid, so an entry a reader can see never changes; entries and
// texts are only appended, in docid order; the writer makes texts, then
// entries durable before the Xapian commit that makes their docids visible.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace zh::index::text_store {

inline constexpr std::string_view kDataFile = "normal-text.dat";
inline constexpr std::string_view kIndexFile = "normal-text.idx";
inline constexpr std::string_view kMagic = "zhsearch-text-2\n";
inline constexpr std::size_t kHeaderBytes = 64;  // magic (16) + UUID (36) + padding
inline constexpr std::size_t kEntryBytes = 16;

// The header both files of database `uuid`'s store start with.
inline std::string header(const std::string& uuid) {
  std::string h(kMagic);
  h += uuid;
  h.resize(kHeaderBytes, '\0');
  return h;
}

// Where docid `did`'s entry starts in the index file. Requires: did > 0.
inline std::uint64_t entry_offset(Xapian::docid did) { return kHeaderBytes + std::uint64_t{did - 1} * kEntryBytes; }

inline void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
inline void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
inline std::uint64_t get_u64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
inline std::uint32_t get_u32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

// One entry: where its text starts in the data file (0: no text for this
// docid), its length in bytes, and how many passages of its document follow.
struct Entry {
  std::uint64_t offset = 0;
  std::uint32_t length = 0;
  std::uint32_t run = 0;
};

inline std::string encode_entry(const Entry& e) {
  std::string out;
  put_u64(out, e.offset);
  put_u32(out, e.length);
  put_u32(out, e.run);
  return out;
}

// Requires: `p` points at kEntryBytes bytes.
inline Entry decode_entry(const char* p) { return Entry{get_u64(p), get_u32(p + 8), get_u32(p + 12)}; }

// True when file descriptor `fd` starts with header(uuid).
bool has_header(int fd, const std::string& uuid);

}  // namespace zh::index::text_store
