#include "web/admin.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>

#include "common/error.h"
#include "common/strings.h"
#include "text/utf8.h"
#include "web/http_error.h"

namespace zh::web {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kJson = "application/json; charset=utf-8";
constexpr std::uintmax_t kMaxTokenFileBytes = 4096;
constexpr std::size_t kMinTokenBytes = 16;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

Reply json_reply(int status, const nlohmann::json& body) {
  Reply r;
  r.status = status;
  r.content_type = std::string(kJson);
  r.body = dump(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Reply error_reply(const ErrorInfo& info) {
  Reply r;
  r.status = info.status;
  r.content_type = std::string(kJson);
  r.body = error_json(info);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace

std::string read_admin_token(const fs::path& file, std::vector<std::string>& warnings) {
  const std::string name = file.string();
  std::error_code ec;
  const fs::file_status status = fs::status(file, ec);
  if (ec || !fs::exists(status))
    throw UsageError("--admin-token-file " + name + ": no such file; create it, e.g. `openssl rand -hex 32 > " +
                     name + " && chmod 600 " + name + "`");
  if (!fs::is_regular_file(status))
    throw UsageError("--admin-token-file " + name + ": not a regular file; name the file that holds the token");
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec) throw EnvironmentError("--admin-token-file " + name + ": cannot read it: " + ec.message());
  if (size > kMaxTokenFileBytes)
    throw UsageError(fmt::format("--admin-token-file {}: {} bytes is too large for a token file (at most {}); "
                                 "put only the token in it",
                                 name, size, kMaxTokenFileBytes));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw EnvironmentError("--admin-token-file " + name + ": cannot read it; check its permissions");
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw EnvironmentError("--admin-token-file " + name + ": cannot read it");
  const std::string token(trim(content));
  if (token.empty())
    throw UsageError("--admin-token-file " + name + ": the file is empty; write a token into it, e.g. "
                     "`openssl rand -hex 32 > " + name + "`");
  for (unsigned char c : token)
    if (c < 0x21 || c == 0x7F)
      throw UsageError("--admin-token-file " + name +
                       ": the token contains whitespace or control characters; use one word, e.g. from "
                       "`openssl rand -hex 32`");
  if ((status.permissions() & (fs::perms::group_read | fs::perms::others_read)) != fs::perms::none)
    warnings.push_back("--admin-token-file " + name + " is readable by other users; `chmod 600 " + name + "`");
  if (token.size() < kMinTokenBytes)
    warnings.push_back(fmt::format("the admin token is only {} bytes long; use a longer one, e.g. "
                                   "`openssl rand -hex 32`",
                                   token.size()));
  return token;
}

void check_document_id(std::string_view id) {
  auto bad = [](const std::string& why) { throw HttpError(400, "bad_document_id", "bad document id: " + why); };
  if (id.empty()) bad("it is empty; use a path such as talks/2025-sam.md");
  if (id.size() > kMaxDocumentIdBytes)
    bad(fmt::format("it is {} bytes long, at most {} are allowed", id.size(), kMaxDocumentIdBytes));
  if (text::find_invalid_utf8(id) != std::string_view::npos) bad("it is not valid UTF-8");
  for (std::size_t pos = 0; pos < id.size();) {
    const char32_t c = text::next_code_point(id, pos);
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) bad("it contains a control character");
    if (c == '\\') bad("it contains a backslash; separate folders with '/'");
  }
  if (id.front() == '/') bad("it starts with '/'; use a relative path such as talks/2025-sam.md");
  if (id.back() == '/') bad("it ends with '/'; name a document, not a folder");
  std::size_t begin = 0;
  while (begin <= id.size()) {
    std::size_t end = id.find('/', begin);
    if (end == std::string_view::npos) end = id.size();
    const std::string_view segment = id.substr(begin, end - begin);
    if (segment.empty()) bad("it contains an empty path segment ('//')");
    if (segment == "." || segment == "..") bad("it contains a '.' or '..' path segment");
    begin = end + 1;
  }
}

ingest::Format upload_format(std::string_view content_type, std::string_view id) {
  // The media type, then parameters; only charset matters, and only UTF-8 is accepted.
  std::string type;
  for (std::size_t begin = 0, n = 0; begin <= content_type.size(); ++n) {
    std::size_t end = content_type.find(';', begin);
    if (end == std::string_view::npos) end = content_type.size();
    const std::string part = ascii_lower(trim(content_type.substr(begin, end - begin)));
    begin = end + 1;
    if (n == 0) {
      type = part;
      continue;
    }
    if (part.rfind("charset=", 0) != 0) continue;
    std::string charset = part.substr(8);
    if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"')
      charset = charset.substr(1, charset.size() - 2);
    if (charset != "utf-8" && charset != "utf8")
      throw HttpError(415, "unsupported_media_type",
                      "charset=" + charset + " is not accepted; send the body as UTF-8 (e.g. iconv -t UTF-8)");
  }
  if (type == "text/markdown" || type == "text/x-markdown") return ingest::Format::Markdown;
  if (type == "application/x-subrip" || type == "text/srt" || type == "application/srt") return ingest::Format::Srt;
  if (type == "text/vtt") return ingest::Format::WebVtt;
  if (type == "text/html") return ingest::Format::Html;
  if (type.empty() || type == "text/plain" || type == "application/octet-stream") {
    const ingest::Format by_name = ingest::format_of(fs::path(std::string(id)));
    return by_name == ingest::Format::Unsupported ? ingest::Format::Markdown : by_name;
  }
  if (type == "application/x-www-form-urlencoded" || type == "multipart/form-data")
    throw HttpError(415, "unsupported_media_type",
                    "Content-Type " + type +
                        " is not accepted (curl --data-binary sends it unless told otherwise); send the file as it "
                        "is with -H 'Content-Type: text/markdown' (or application/x-subrip, text/vtt)");
  throw HttpError(415, "unsupported_media_type",
                  "Content-Type " + type +
                      " is not accepted; use text/markdown, text/plain, application/x-subrip, text/vtt or text/html");
}

bool bearer_matches(std::string_view authorization, std::string_view token) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size() || token.empty()) return false;
  if (ascii_lower(authorization.substr(0, kScheme.size())) != kScheme) return false;
  std::string_view given = authorization.substr(kScheme.size());
  if (given.front() != ' ' && given.front() != '\t') return false;
  given = trim(given);
  if (given.empty()) return false;
  // Every byte of the token is compared, whatever the input: the time taken
  // depends on the token's length only, never on how much of it matched.
  volatile unsigned char diff = given.size() == token.size() ? 0 : 1;
  for (std::size_t i = 0; i < token.size(); ++i)
    diff = diff | static_cast<unsigned char>(given[i % given.size()] ^ token[i]);
  return diff == 0;
}

Admin::Admin(fs::path db_dir, std::string token) : changes_(std::move(db_dir)), token_(std::move(token)) {}

void Admin::authorize(std::string_view authorization) const {
  if (bearer_matches(authorization, token_)) return;
  throw HttpError(401, "unauthorized",
                  authorization.empty()
                      ? "this request needs the admin token: send `Authorization: Bearer TOKEN`"
                      : "the admin token is wrong; send the content of --admin-token-file as `Authorization: Bearer TOKEN`");
}

Reply Admin::put_document(std::string_view id, std::string_view content_type, std::string_view body) {
  check_document_id(id);
  const ingest::Format format = upload_format(content_type, id);
  if (body.empty()) throw HttpError(400, "empty_body", "the request body is empty; send the document's text");
  if (const std::size_t bad = text::find_invalid_utf8(body); bad != std::string_view::npos)
    throw HttpError(400, "bad_utf8", fmt::format("the body is not valid UTF-8 (at byte {}); convert it "
                                                 "(e.g. iconv -t UTF-8) or index the file with `zhsearch index`",
                                                 bad));
  const std::string key(id);
  const index::DocumentChanges::PutResult put = changes_.put(key, body, format);
  nlohmann::json out = {{"doc", key}, {"passages", put.passages}};
  if (!put.warnings.empty()) out["warnings"] = put.warnings;
  return json_reply(put.replaced ? 200 : 201, out);
}

Reply Admin::delete_document(std::string_view id) {
  check_document_id(id);
  const std::string key(id);
  if (!changes_.remove(key))
    return error_reply({404, "no_such_document", "no document " + key + " in the index; nothing was removed"});
  return json_reply(200, {{"doc", key}, {"removed", true}});
}

}  // namespace zh::web
