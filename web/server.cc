#include "web/server.h"

#include <httplib.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "common/error.h"
#include "text/utf8.h"
#include "search/engine.h"
#include "web/admin.h"
#include "web/assets.h"
#include "web/cors.h"
#include "web/document_page.h"
#include "web/handlers.h"
#include "web/http_error.h"
#include "web/request_params.h"
#include "web/search_page.h"

namespace zh::web {
namespace {

using Clock = std::chrono::steady_clock;
using httplib::Request;
using httplib::Response;
using HandlerResponse = httplib::Server::HandlerResponse;

constexpr std::size_t kMaxTargetBytes = 4096;
constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
constexpr std::size_t kMaxHeaderCount = 64;
constexpr time_t kReadTimeoutSeconds = 5;
constexpr time_t kWriteTimeoutSeconds = 10;
// Connections the kernel may hold for accept(). cpp-httplib's backlog of 5
// drops the SYNs of bursts of new connections, which then retry a second
// later (measurements: bench/RESULTS.md).
constexpr int kListenBacklog = 1024;

// Scripts only from this origin (no inline code); the page makes no other
// requests than to its own API.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

// Set when the request reached our pre-routing handler, for the access log.
thread_local std::optional<Clock::time_point> request_started;

bool is_page(const Request& req) { return req.path == "/"; }
bool is_document_page(const Request& req) { return req.path.rfind("/doc/", 0) == 0 || req.path == "/doc"; }

void send(Response& res, const Reply& reply) {
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  res.set_content(reply.body, reply.content_type.c_str());
}

void send_error(const Request& req, Response& res, const ErrorInfo& info) {
  res.status = info.status;
  if (is_page(req) && info.status != 405) {
    PageView view;
    view.error = info;
    res.set_content(render_search_page(view), "text/html; charset=utf-8");
  } else if (is_document_page(req) && info.status != 405) {
    DocumentPageView view;
    view.error = info;
    res.set_content(render_document_page(view), "text/html; charset=utf-8");
  } else {
    res.set_content(error_json(info), "application/json; charset=utf-8");
  }
  res.set_header("Cache-Control", "no-store");
  if (info.status == 401) res.set_header("WWW-Authenticate", "Bearer");
  if (info.retry_after_seconds > 0) res.set_header("Retry-After", std::to_string(info.retry_after_seconds));
}

// Access log target: at most 300 bytes, control characters and bytes that
// are not UTF-8 escaped as \xNN, so that whatever a client sends, the log
// stays one line of valid UTF-8 (log readers decode it).
std::string loggable(std::string_view s) {
  const std::string_view head = s.substr(0, 300);
  std::string out;
  for (std::size_t i = 0; i < head.size();) {
    const std::size_t invalid = text::find_invalid_utf8(head.substr(i));
    const std::size_t end = invalid == std::string_view::npos ? head.size() : i + invalid;
    for (; i < end; ++i) {
      const auto u = static_cast<unsigned char>(head[i]);
      if (u < 0x20 || u == 0x7F) out += fmt::format("\\x{:02x}", u);
      else out += head[i];
    }
    if (i < head.size()) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(head[i++]));
  }
  if (s.size() > 300) out += "...";
  return out;
}

std::size_t header_bytes(const Request& req) {
  std::size_t n = 0;
  for (const auto& [name, value] : req.headers) n += name.size() + value.size() + 4;
  return n;
}

// PUT or DELETE /api/documents/{id}: the write routes of web/admin.h.
bool is_document_route(const Request& req) {
  return (req.method == "PUT" || req.method == "DELETE") && req.path.rfind(kDocumentsPath, 0) == 0;
}

// The framing a document route needs, checked before any body is read: a
// PUT states its Content-Length (chunked bodies are refused, the library
// would not limit them), at most kMaxUploadBytes, and an accepted
// Content-Type (upload_format); a DELETE has no body.
void check_document_body(const Request& req, Response& res) {
  if (req.has_header("Transfer-Encoding")) {
    res.set_header("Connection", "close");
    throw HttpError(411, "length_required", "send the document with a Content-Length header, not chunked");
  }
  const std::string length = req.get_header_value("Content-Length");
  if (req.method == "DELETE") {
    if (!length.empty() && length != "0") {
      res.set_header("Connection", "close");
      throw HttpError(413, "body_not_allowed", "DELETE takes no request body");
    }
    return;
  }
  if (length.empty()) throw HttpError(411, "length_required", "send the document with a Content-Length header");
  const auto bytes = parse_count(length);
  if (!bytes || *bytes > kMaxUploadBytes) {
    res.set_header("Connection", "close");
    if (length.find_first_not_of("0123456789") != std::string::npos)
      throw HttpError(400, "bad_request", "the Content-Length header is not a number");
    throw HttpError(413, "body_too_large",
                    fmt::format("the document is larger than {} MiB; split it, or index the file with "
                                "`zhsearch index`",
                                kMaxUploadBytes >> 20));
  }
  // A type that cannot be uploaded is refused before the body is read (the
  // library would parse a form body itself, and refuse one over 8 KiB).
  try {
    upload_format(req.get_header_value("Content-Type"), std::string_view(req.path).substr(kDocumentsPath.size()));
  } catch (const HttpError&) {
    res.set_header("Connection", "close");
    throw;
  }
}

// Checks what every request must satisfy and answers CORS; returns Handled
// when the response is already decided. `admin`: the document routes exist.
HandlerResponse pre_route(const Request& req, Response& res, const CorsPolicy& cors, bool admin) {
  request_started = Clock::now();
  // CORS first, so an allowed page can read even the error answers.
  const bool api = req.path.rfind("/api/", 0) == 0 || req.path == "/healthz";
  if (api && req.has_header("Origin")) {
    if (auto allowed = cors.allow(req.get_header_value("Origin"))) {
      res.set_header("Access-Control-Allow-Origin", *allowed);
      if (*allowed != "*") res.set_header("Vary", "Origin");
    }
  }
  try {
    const std::string& m = req.method;
    const bool document_route = is_document_route(req);
    if (document_route && !admin) {
      // Without --admin-token-file the write routes do not exist.
      res.set_header("Connection", "close");
      const ErrorInfo not_found = error_for_status(404);
      throw HttpError(404, not_found.code, not_found.message);
    }
    if (document_route) {
      check_document_body(req, res);
    } else if (m != "GET" && m != "HEAD" && m != "OPTIONS") {
      res.set_header("Allow", "GET, HEAD, OPTIONS");
      res.set_header("Connection", "close");
      throw HttpError(405, "method_not_allowed", "only GET, HEAD and OPTIONS are served");
    } else if (req.has_header("Transfer-Encoding") ||
        (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0")) {
      res.set_header("Connection", "close");
      throw HttpError(413, "body_not_allowed", "request bodies are not accepted; put parameters in the URL");
    }
    if (req.target.size() > kMaxTargetBytes)
      throw HttpError(414, "uri_too_long", fmt::format("the URL is longer than {} bytes", kMaxTargetBytes));
    if (req.headers.size() > kMaxHeaderCount || header_bytes(req) > kMaxHeaderBytes)
      throw HttpError(431, "headers_too_large", "the request headers are too large");
    check_percent_encoding(req.target);
    check_params_utf8(req.params);
  } catch (const HttpError& e) {
    send_error(req, res, {e.status, e.code, e.what()});
    return HandlerResponse::Handled;
  }

  if (req.method == "OPTIONS") {
    res.status = 204;
    res.set_header("Allow", "GET, HEAD, OPTIONS");
    if (api && res.has_header("Access-Control-Allow-Origin")) {
      res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
      res.set_header("Access-Control-Allow-Headers", "Content-Type");
      res.set_header("Access-Control-Max-Age", "600");
    }
    return HandlerResponse::Handled;
  }
  return HandlerResponse::Unhandled;
}

void serve_asset(const Request& req, Response& res) {
  const Asset* asset = find_asset(req.path);
  if (!asset) {
    send_error(req, res, error_for_status(404));
    return;
  }
  res.set_header("ETag", std::string(asset->etag));
  res.set_header("Cache-Control", "public, max-age=300");
  if (req.get_header_value("If-None-Match") == asset->etag) {
    res.status = 304;
    return;
  }
  res.set_content(asset->body.data(), asset->body.size(), std::string(asset->content_type).c_str());
}

std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// The options of the listening socket, in place of cpp-httplib's
// default_socket_options: SO_REUSEADDR, so that a restart binds while the
// last run's connections are still in TIME_WAIT, and never SO_REUSEPORT.
// With SO_REUSEPORT (the library's default on Linux) a second `zhsearch
// serve`, or any process of the same user that sets it, bound the same port
// too and the kernel split the connections between them (issue 20). Linux
// refuses to bind an address:port that a socket listens on, SO_REUSEADDR or
// not.
void set_listen_socket_options(socket_t sock) {
  const int yes = 1;
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

// Why `host`:`port` cannot be bound, as "what is wrong; what to do": the
// library only says that it failed. Looks the host up and binds and
// listens like the library does (getaddrinfo with AF_UNSPEC, the same
// socket options, IPv6 sockets dual-stack) and reads errno, preferring
// EADDRINUSE when the host has several addresses. Port 0: any free port.
std::string bind_failure(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  const int rc = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0) {
    const std::string why = rc == EAI_SYSTEM ? std::strerror(errno) : ::gai_strerror(rc);
    return fmt::format("--host {} is neither an address nor a known host name ({}); pick an address of this "
                       "machine with --host (127.0.0.1: this machine only, 0.0.0.0: every interface)",
                       host, why);
  }
  int error = 0;
  for (const addrinfo* ai = found; ai; ai = ai->ai_next) {
    const int sock = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    int e = 0;
    if (sock < 0) {
      e = errno;
    } else {
      set_listen_socket_options(sock);
      if (ai->ai_family == AF_INET6) {
        const int no = 0;
        ::setsockopt(sock, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof(no));
      }
      if (::bind(sock, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(sock, 1) != 0) e = errno;
      ::close(sock);
    }
    if (e == 0) {
      error = 0;
      break;
    }
    if (error == 0 || e == EADDRINUSE) error = e;
  }
  ::freeaddrinfo(found);

  switch (error) {
    case 0:
      return "the address was busy and is free now; try again";
    case EADDRINUSE:
      if (port == 0) return "no free port is left; pick one with --port";
      return fmt::format("port {} is in use (`ss -ltnp 'sport = :{}'` shows by what); pick another with --port", port,
                         port);
    case EADDRNOTAVAIL:
      return fmt::format("{} is not an address of this machine; pick one it has with --host "
                         "(127.0.0.1: this machine only, 0.0.0.0: every interface)",
                         host);
    case EACCES:
    case EPERM:
      if (port > 0 && port < 1024)
        return "permission denied: ports below 1024 need root or CAP_NET_BIND_SERVICE; pick one from 1024 up "
               "with --port";
      return fmt::format("permission denied ({}); pick another --port or --host", std::strerror(error));
    default:
      return fmt::format("{}; check --host and --port", std::strerror(error));
  }
}

// Runs the server on this thread and stops it on SIGINT/SIGTERM, which are
// blocked here and taken by a watcher thread with sigwait(): no work in a
// signal handler. Returns after a stop by signal; throws
// zh::EnvironmentError when the server ends by itself (listening failed).
void run_until_signal(httplib::Server& server) {
  sigset_t signals, previous;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);  // internal: the server ended by itself
  pthread_sigmask(SIG_BLOCK, &signals, &previous);
  std::atomic<bool> listening_done{false};
  std::atomic<int> stop_signal{0};
  std::thread watcher([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (sig == SIGUSR1) return;
    stop_signal = sig;
    // stop() does nothing until listen has started: keep asking until it ends.
    while (!listening_done) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  const bool ok = server.listen_after_bind();
  listening_done = true;
  if (stop_signal == 0) pthread_kill(watcher.native_handle(), SIGUSR1);
  watcher.join();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (stop_signal != 0) {
    std::cerr << "zhsearch: stopped (" << (stop_signal == SIGINT ? "SIGINT" : "SIGTERM") << ")\n";
    return;
  }
  if (!ok) throw EnvironmentError("the server stopped listening (accept failed); start it again");
}

}  // namespace

void serve(const ServerOptions& options) {
  const CorsPolicy cors(options.cors_origins);
  // Two per core: a search's thread is not on a core all the time, and with
  // one per core the cores sat idle while searches queued (bench/RESULTS.md).
  const std::size_t searches =
      options.searches ? options.searches : std::max<std::size_t>(2, 2 * std::size_t{std::thread::hardware_concurrency()});
  const Handlers handlers(options.db_dir, searches);
  const bool quiet = options.quiet;
  std::unique_ptr<Admin> admin;
  if (!options.admin_token_file.empty()) {
    std::vector<std::string> warnings;
    std::string token = read_admin_token(options.admin_token_file, warnings);
    for (const auto& w : warnings) std::cerr << "zhsearch: warning: " << w << "\n";
    admin = std::make_unique<Admin>(options.db_dir, std::move(token));
  }

  httplib::Server server;
  signal(SIGPIPE, SIG_IGN);  // a client that hangs up is the write's error, not the process's end
  std::size_t threads = options.threads;
  if (threads == 0) threads = std::max<std::size_t>(64, 8 * std::max(1u, std::thread::hardware_concurrency()));
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_read_timeout(kReadTimeoutSeconds, 0);
  server.set_write_timeout(kWriteTimeoutSeconds, 0);
  server.set_keep_alive_timeout(5);
  server.set_keep_alive_max_count(1000);
  server.set_payload_max_length(admin ? kMaxUploadBytes : 0);  // only document uploads have bodies
  server.set_tcp_nodelay(true);
  server.set_default_headers({
      {"X-Content-Type-Options", "nosniff"},
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"Referrer-Policy", "no-referrer"},
  });
  server.set_expect_100_continue_handler([&admin](const Request& req, Response& res) {
    if (admin && req.method == "PUT" && is_document_route(req)) {
      // An upload that would be refused is refused before its body is sent.
      try {
        check_document_body(req, res);
        admin->authorize(req.get_header_value("Authorization"));
        return 100;
      } catch (const HttpError& e) {
        res.set_header("Connection", "close");
        send_error(req, res, {e.status, e.code, e.what()});
        return e.status;
      }
    }
    res.set_header("Connection", "close");
    return 417;
  });
  server.set_pre_routing_handler(
      [&cors, admin = admin != nullptr](const Request& req, Response& res) { return pre_route(req, res, cors, admin); });

  auto guarded = [](auto&& handler) {
    return [handler](const Request& req, Response& res) {
      try {
        handler(req, res);
      } catch (...) {
        const ErrorInfo info = classify(std::current_exception());
        if (info.status >= 500) std::cerr << "zhsearch: " << req.path << ": " << info.message << "\n";
        send_error(req, res, info);
      }
    };
  };
  server.Get("/", guarded([&](const Request& req, Response& res) { send(res, handlers.search_page(req.params)); }));
  // The key is the rest of the path, percent-decoded by the library.
  server.Get(R"(/doc/([\s\S]*))", guarded([&](const Request& req, Response& res) {
               send(res, handlers.document_page(req.matches[1].str(), req.params));
             }));
  server.Get("/api/search",
             guarded([&](const Request& req, Response& res) { send(res, handlers.api_search(req.params)); }));
  server.Get("/api/stats", guarded([&](const Request&, Response& res) { send(res, handlers.api_stats()); }));
  server.Get("/healthz", guarded([&](const Request&, Response& res) { send(res, handlers.healthz()); }));
  server.Get("/opensearch.xml", guarded([&](const Request& req, Response& res) {
               send(res, handlers.opensearch(req.get_header_value("Host")));
             }));
  server.Get(R"(/(app\.js|style\.css|widget\.js|favicon\.svg))", guarded(&serve_asset));
  if (admin) {
    // The token is checked first, so a refused request writes nothing.
    const std::string documents = std::string(kDocumentsPath) + R"(([\s\S]*))";
    server.Put(documents, guarded([&](const Request& req, Response& res) {
                 admin->authorize(req.get_header_value("Authorization"));
                 send(res, admin->put_document(req.matches[1].str(), req.get_header_value("Content-Type"), req.body));
               }));
    server.Delete(documents, guarded([&](const Request& req, Response& res) {
                    admin->authorize(req.get_header_value("Authorization"));
                    send(res, admin->delete_document(req.matches[1].str()));
                  }));
  }

  // Statuses the library sets itself (404, 400, 414, ...) get a JSON body.
  server.set_error_handler([](const Request& req, Response& res) {
    if (res.body.empty()) send_error(req, res, error_for_status(res.status));
  });
  server.set_exception_handler([](const Request& req, Response& res, std::exception_ptr error) {
    const ErrorInfo info = classify(error);
    std::cerr << "zhsearch: " << req.path << ": " << info.message << "\n";
    send_error(req, res, info);
  });
  server.set_logger([quiet](const Request& req, const Response& res) {
    std::string ms = "-";
    if (request_started) {
      ms = fmt::format("{:.1f}", std::chrono::duration<double, std::milli>(Clock::now() - *request_started).count());
      request_started.reset();
    }
    if (quiet) return;
    const std::string line = fmt::format("{} {} {} {} {}ms\n", req.remote_addr, loggable(req.method),
                                         loggable(req.target.empty() ? req.path : req.target), res.status, ms);
    std::fwrite(line.data(), 1, line.size(), stderr);
  });

  int listening = -1;  // the socket the server binds (the last one created)
  server.set_socket_options([&listening](socket_t sock) {
    set_listen_socket_options(sock);
    listening = sock;
  });

  int port = options.port;
  if (port < 0 || port > 65535) throw UsageError(fmt::format("--port {} is not a port number (0-65535)", port));
  bool bound = false;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
    bound = port >= 0;
  } else {
    bound = server.bind_to_port(options.host, port);
  }
  if (!bound) {
    throw EnvironmentError(fmt::format("cannot listen on {}:{}: {}", url_host(options.host), options.port,
                                 bind_failure(options.host, options.port)));
  }

  // Listening again on a listening socket only changes its backlog (Linux).
  if (listening >= 0 && ::listen(listening, kListenBacklog) != 0)
    std::cerr << "zhsearch: warning: cannot raise the listen backlog: " << std::strerror(errno) << "\n";

  try {
    handlers.warm_up();
  } catch (const UsageError&) {
    // Warming up is optional: a parser that refuses "的" only loses the head start.
  } catch (const IndexError& e) {
    // A missing (or empty) folder is an index still to be built: serve 503
    // until it is. A folder with files that do not open is a damaged index
    // or not an index at all: stop, rather than answer 503 for ever.
    std::error_code ec;
    if (std::filesystem::is_directory(options.db_dir, ec) && !std::filesystem::is_empty(options.db_dir, ec)) throw;
    std::cerr << "zhsearch: warning: " << e.what() << "; searches answer 503 until it exists\n";
  }
  std::cout << fmt::format("zhsearch: serving {} at http://{}:{}/ (Ctrl-C to stop)\n", options.db_dir.string(),
                           url_host(options.host), port)
            << std::flush;
  if (!cors.empty() && !quiet) {
    std::string list;
    for (const auto& o : options.cors_origins) list += (list.empty() ? "" : ", ") + o;
    std::cerr << "zhsearch: cross-origin API calls allowed from " << list << "\n";
  }
  if (admin && !quiet)
    std::cerr << "zhsearch: PUT and DELETE /api/documents/{id} enabled for the token in "
              << options.admin_token_file.string() << "\n";
  run_until_signal(server);
}

}  // namespace zh::web
