#include "indexer/changes.h"

#include <utility>

#include "common/error.h"

namespace zh::index {

PreparedDocument prepare_document(std::string_view bytes, ingest::Format format, const std::string& key,
                                  const std::string& fallback_title, std::string_view sidecar_yaml) {
  PreparedDocument out;
  out.doc = ingest::parse_document(bytes, format, key, fallback_title, sidecar_yaml);
  out.passages = build_passage_documents(out.doc);
  return out;
}

std::size_t put_document(IndexWriter& writer, PreparedDocument prepared) {
  const std::size_t passages = prepared.passages.size();
  writer.replace(prepared.doc, std::move(prepared.passages));
  return passages;
}

bool delete_document(IndexWriter& writer, const std::string& key) { return writer.remove(key); }

DocumentChanges::DocumentChanges(std::filesystem::path db_dir) : db_dir_(std::move(db_dir)) {}

DocumentChanges::PutResult DocumentChanges::put(const std::string& key, std::string_view bytes,
                                                ingest::Format format) {
  PreparedDocument prepared;
  try {
    prepared = prepare_document(bytes, format, key, std::filesystem::path(key).stem().string());
  } catch (const InputError& e) {
    throw InputError(key + ": " + e.what());
  }
  PutResult result;
  result.warnings = prepared.doc.warnings;
  std::lock_guard lock(write_mutex_);
  IndexWriter writer(db_dir_);  // the lock is Xapian's from here until the writer closes
  result.replaced = writer.record(key).has_value();
  result.passages = put_document(writer, std::move(prepared));
  writer.finish();
  return result;
}

bool DocumentChanges::remove(const std::string& key) {
  std::lock_guard lock(write_mutex_);
  IndexWriter writer(db_dir_);
  if (!delete_document(writer, key)) return false;
  writer.finish();
  return true;
}

}  // namespace zh::index
