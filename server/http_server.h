// xiufu::server::HttpServer — HTTP/1.1 on Boost.Beast for the Service: keep-alive, one
// coroutine per connection on its own strand, N io threads.
//
// Bad clients never hang a thread and never crash the server: a request that is not complete
// within `read_timeout` gets 408 (a connection idle between requests is closed silently), a
// body over the limit gets 413 before it is read (`max_body`, `max_batch_body` for
// /v1/evaluate/batch), oversized headers 431, unparseable HTTP 400; after any of these the
// connection is closed. A write that stalls longer than `write_timeout` closes the connection.
// `Expect: 100-continue` is answered.
//
// Thread-safe: Start/Stop from one controlling thread.
#ifndef XIUFU_SERVER_HTTP_SERVER_H_
#define XIUFU_SERVER_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "service.h"

namespace xiufu::server {

struct HttpOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 = an ephemeral port (see HttpServer::port)
  int threads = 0;       // io threads; 0 = hardware concurrency
  size_t max_body = 1 << 20;          // bytes, every endpoint but the batch
  size_t max_batch_body = 64u << 20;  // bytes, /v1/evaluate/batch
  std::chrono::milliseconds read_timeout{10000};   // a whole request, headers and body
  std::chrono::milliseconds write_timeout{30000};  // one write to the client
  bool handle_signals = false;  // SIGINT/SIGTERM stop, SIGHUP reloads the table
};

class HttpServer {
 public:
  HttpServer(Service& service, HttpOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens, then starts the io threads.
  absl::Status Start();
  // The bound port (after Start).
  uint16_t port() const;
  // Blocks until Stop() (or SIGINT/SIGTERM with handle_signals).
  void Wait();
  // Stops accepting, lets requests in flight finish (up to 5 s), then stops the threads.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xiufu::server

#endif  // XIUFU_SERVER_HTTP_SERVER_H_
