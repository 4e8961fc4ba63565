#include "http_server.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "str.h"
#include "absl/strings/str_format.h"

namespace xiufu::server {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

bool UsableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (const char c : id) {
    if (c <= ' ' || c > '~' || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

struct HttpServer::Impl {
  Service& service;
  HttpOptions options;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  net::signal_set signals{ioc};
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> inflight{0};
  std::atomic<uint64_t> next_id{0};
  std::string id_prefix;
  std::mutex done_mu;
  std::condition_variable done_cv;
  bool done = false;

  Impl(Service& s, HttpOptions o) : service(s), options(std::move(o)) {
    id_prefix = absl::StrFormat(
        "%08x", static_cast<uint32_t>(std::chrono::system_clock::now().time_since_epoch().count()));
  }

  std::string NewRequestId() {
    return Cat(id_prefix, "-", next_id.fetch_add(1, std::memory_order_relaxed) + 1);
  }

  template <typename Res>
  void SetCommon(Res& res, const Answer& a, std::string_view request_id, bool keep_alive) {
    res.set(http::field::server, "xiufu-server");
    res.set(http::field::content_type, a.content_type);
    if (!a.table_hash.empty()) res.set("X-Xiufu-Table-Hash", a.table_hash);
    if (!request_id.empty()) res.set("X-Request-Id", request_id);
    if (!a.allow.empty()) res.set(http::field::allow, a.allow);
    res.keep_alive(keep_alive);
  }

  net::awaitable<void> Session(tcp::socket sock) {
    boost::system::error_code ignored;
    const tcp::endpoint remote = sock.remote_endpoint(ignored);
    const bool loopback = !ignored && remote.address().is_loopback();
    sock.set_option(tcp::no_delay(true), ignored);
    boost::beast::flat_buffer buf;

    // One deadline at a time: when it passes, the pending socket operation is cancelled.
    net::steady_timer timer(sock.get_executor());
    uint64_t generation = 0;
    bool fired = false;
    auto arm = [&](std::chrono::milliseconds d) {
      const uint64_t g = ++generation;
      fired = false;
      timer.expires_after(d);
      timer.async_wait([&, g](boost::system::error_code ec) {
        if (ec || g != generation) return;
        fired = true;
        boost::system::error_code e;
        sock.cancel(e);
      });
    };
    auto disarm = [&] {
      ++generation;
      timer.cancel();
    };

    // Writes a complete answer; false when the connection is gone.
    auto send = [&](const Answer& a, unsigned version, bool keep_alive, bool head,
                    std::string_view request_id) -> net::awaitable<bool> {
      http::response<http::string_body> res{static_cast<http::status>(a.status), version};
      SetCommon(res, a, request_id, keep_alive);
      res.body() = head ? std::string() : a.body;
      res.content_length(a.body.size());
      arm(options.write_timeout);
      auto [ec, n] = co_await http::async_write(sock, res, kTuple);
      disarm();
      co_return !ec;
    };
    auto fail = [&](int status, std::string_view code, std::string message,
                    unsigned version) -> net::awaitable<void> {
      Answer a = service.Error(status, code, message);
      const std::string id = NewRequestId();
      co_await send(a, version, /*keep_alive=*/false, /*head=*/false, id);
      service.metrics().Request(Endpoint::kOther, status, 0);
      sock.shutdown(tcp::socket::shutdown_both, ignored);
      co_return;
    };

    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(16 * 1024);
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // checked per endpoint below
      arm(options.read_timeout);
      auto [ec, n] = co_await http::async_read_header(sock, buf, parser, kTuple);
      if (ec) {
        disarm();
        const bool partial = buf.size() > 0 || parser.got_some();
        if (fired && partial) {
          co_await fail(408, "timeout",
                        Cat("the request was not received within ",
                                     options.read_timeout.count(), " ms"),
                        11);
        } else if (ec == http::error::body_limit) {
          co_await fail(413, "body-too-large", "the request body exceeds the limit", 11);
        } else if (ec == http::error::header_limit) {
          co_await fail(431, "headers-too-large", "the request headers exceed 16 KiB", 11);
        } else if (partial && !fired && ec != http::error::end_of_stream &&
                   ec.category() == http::make_error_code(http::error::bad_target).category()) {
          co_await fail(400, "bad-http", Cat("malformed HTTP request: ", ec.message()), 11);
        }
        break;  // closed, idle timeout, or answered
      }
      const auto& hreq = parser.get();
      const unsigned version = hreq.version();
      const std::string_view method = hreq.method_string();
      const std::string_view target = hreq.target();
      const Endpoint endpoint = Service::Route(method, target);
      const size_t limit =
          endpoint == Endpoint::kEvaluateBatch ? options.max_batch_body : options.max_body;
      if (parser.content_length() && *parser.content_length() > limit) {
        disarm();
        co_await fail(413, "body-too-large",
                      Cat("the request body has ", *parser.content_length(),
                                   " bytes; the limit for ", target, " is ", limit, " bytes"),
                      version);
        break;
      }
      parser.body_limit(limit);
      if (hreq[http::field::expect] == "100-continue" && !parser.is_done()) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        auto [wec, wn] = co_await net::async_write(sock, net::buffer(kContinue), kTuple);
        if (wec) break;
      }
      if (!parser.is_done()) {
        auto [bec, bn] = co_await http::async_read(sock, buf, parser, kTuple);
        if (bec) {
          disarm();
          if (fired) {
            co_await fail(408, "timeout",
                          Cat("the request was not received within ",
                                       options.read_timeout.count(), " ms"),
                          version);
          } else if (bec == http::error::body_limit) {
            co_await fail(413, "body-too-large",
                          Cat("the request body exceeds the limit for ", target, " (",
                                       limit, " bytes)"),
                          version);
          } else if (bec != http::error::end_of_stream && bec != net::error::eof &&
                     bec != net::error::connection_reset) {
            co_await fail(400, "bad-http", Cat("malformed HTTP request: ", bec.message()),
                          version);
          }
          break;
        }
      }
      disarm();

      http::request<http::string_body> req = parser.release();
      const bool keep_alive = req.keep_alive();
      std::string request_id(req["X-Request-Id"]);
      if (!UsableRequestId(request_id)) request_id = NewRequestId();
      const Clock::time_point t0 = Clock::now();
      inflight.fetch_add(1, std::memory_order_relaxed);
      service.metrics().InflightAdd(1);
      int status = 200;
      bool ok = true;
      if (endpoint == Endpoint::kEvaluateBatch && req.method() == http::verb::post) {
        std::unique_ptr<BatchRun> run = service.StartBatch(std::move(req.body()), request_id);
        http::response<http::empty_body> res{http::status::ok, version};
        Answer head;
        head.content_type = "application/x-ndjson";
        head.table_hash = run->table_hash();
        SetCommon(res, head, request_id, keep_alive);
        res.chunked(true);
        http::response_serializer<http::empty_body> sr{res};
        arm(options.write_timeout);
        auto [hec, hn] = co_await http::async_write_header(sock, sr, kTuple);
        ok = !hec;
        std::string chunk;
        while (ok && run->Next(&chunk)) {
          if (chunk.empty()) continue;
          arm(options.write_timeout);
          auto [cec, cn] = co_await net::async_write(sock, http::make_chunk(net::buffer(chunk)), kTuple);
          ok = !cec;
          chunk.clear();
        }
        if (ok) {
          arm(options.write_timeout);
          auto [lec, ln] = co_await net::async_write(sock, http::make_chunk_last(), kTuple);
          ok = !lec;
        }
        disarm();
      } else {
        const std::string_view body = req.body();
        Request r{method, target, body, request_id, loopback};
        const Answer a = service.Handle(r, endpoint);
        status = a.status;
        ok = co_await send(a, version, keep_alive, req.method() == http::verb::head, request_id);
      }
      service.metrics().Request(endpoint, status,
                                std::chrono::duration<double>(Clock::now() - t0).count());
      service.metrics().InflightAdd(-1);
      if (inflight.fetch_sub(1, std::memory_order_acq_rel) == 1 && stopping.load()) {
        done_cv.notify_all();
      }
      if (!ok || !keep_alive || stopping.load(std::memory_order_relaxed)) break;
    }
    disarm();
    sock.shutdown(tcp::socket::shutdown_both, ignored);
    sock.close(ignored);
  }

  net::awaitable<void> Listen() {
    for (;;) {
      auto [ec, sock] = co_await acceptor.async_accept(net::make_strand(ioc), kTuple);
      if (ec) {
        if (stopping.load() || ec == net::error::operation_aborted) co_return;
        continue;  // e.g. too many open files: keep serving the connections we have
      }
      auto ex = sock.get_executor();
      net::co_spawn(ex, Session(std::move(sock)), net::detached);
    }
  }
};

HttpServer::HttpServer(Service& service, HttpOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {}

HttpServer::~HttpServer() { Stop(); }

absl::Status HttpServer::Start() {
  Impl& m = *impl_;
  boost::system::error_code ec;
  const net::ip::address addr = net::ip::make_address(m.options.address, ec);
  if (ec) return absl::InvalidArgumentError(Cat("bad listen address '", m.options.address, "'"));
  const tcp::endpoint ep(addr, m.options.port);
  m.acceptor.open(ep.protocol(), ec);
  if (!ec) m.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) m.acceptor.bind(ep, ec);
  if (!ec) m.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(
        Cat("cannot listen on ", m.options.address, ":", m.options.port, ": ", ec.message()));
  }
  net::co_spawn(m.acceptor.get_executor(), m.Listen(), net::detached);
  if (m.options.handle_signals) {
    m.signals.add(SIGINT);
    m.signals.add(SIGTERM);
    m.signals.add(SIGHUP);
    struct Waiter {
      Impl* m;
      HttpServer* self;
      void operator()(boost::system::error_code ec, int sig) const {
        if (ec) return;
        if (sig == SIGHUP) {
          m->service.store().RequestReload();
          m->signals.async_wait(*this);
          return;
        }
        std::thread([self = self] { self->Stop(); }).detach();
      }
    };
    m.signals.async_wait(Waiter{&m, this});
  }
  int n = m.options.threads > 0 ? m.options.threads
                                : static_cast<int>(std::thread::hardware_concurrency());
  if (n <= 0) n = 1;
  for (int i = 0; i < n; ++i) m.threads.emplace_back([&m] { m.ioc.run(); });
  return absl::OkStatus();
}

uint16_t HttpServer::port() const {
  boost::system::error_code ec;
  const tcp::endpoint ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void HttpServer::Wait() {
  std::unique_lock<std::mutex> lock(impl_->done_mu);
  impl_->done_cv.wait(lock, [this] { return impl_->done; });
}

void HttpServer::Stop() {
  Impl& m = *impl_;
  if (m.stopping.exchange(true)) {
    Wait();
    return;
  }
  net::post(m.acceptor.get_executor(), [&m] {
    boost::system::error_code ec;
    m.acceptor.close(ec);
    m.signals.cancel(ec);
  });
  {
    // Requests in flight finish (bounded).
    std::unique_lock<std::mutex> lock(m.done_mu);
    m.done_cv.wait_for(lock, std::chrono::seconds(5), [&m] { return m.inflight.load() == 0; });
  }
  m.ioc.stop();
  for (std::thread& t : m.threads) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  }
  {
    std::lock_guard<std::mutex> lock(m.done_mu);
    m.done = true;
  }
  m.done_cv.notify_all();
}

}  // namespace xiufu::server
