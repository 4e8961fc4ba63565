// Fuzzes the server's request handling (server/service.h, json_input.h) without the network:
// the JSON body of POST /v1/evaluate, /v1/explain, /v1/plan and the JSON lines of
// /v1/evaluate/batch, answered from rules/gongshu.
//
// Input: byte 0 picks the endpoint, the rest is the request body.
//
// Checks: no crash or hang; every answer is a status the API documents (200, 400, 413, 422,
// 501) — never 500 — with a JSON body; a batch streams to its end.
#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/json/parse.hpp>

#include "fuzz_support.h"
#include "service.h"

namespace {

using namespace xiufu;

server::Service* service = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto* store = new server::TableStore([] { return fuzz::GongshuTable(); }, "gongshu", "",
                                       [](std::string_view) {});
  if (absl::Status st = store->LoadInitial(); !st.ok()) fuzz::Fail(st.ToString());
  server::ServiceOptions options;
  options.today = [] { return FromYmd(2026, 11, 22); };
  service = new server::Service(*store, *new server::Metrics(), nullptr, options);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  struct Route {
    std::string_view target;
    server::Endpoint endpoint;
  };
  static constexpr Route kRoutes[] = {{"/v1/evaluate", server::Endpoint::kEvaluate},
                                      {"/v1/explain", server::Endpoint::kExplain},
                                      {"/v1/plan", server::Endpoint::kPlan},
                                      {"/v1/evaluate/batch", server::Endpoint::kEvaluateBatch}};
  const Route& route = kRoutes[data[0] % 4];
  if (route.endpoint == server::Endpoint::kEvaluateBatch) {
    std::unique_ptr<server::BatchRun> run = service->StartBatch(std::string(body), "fuzz");
    std::string out;
    for (int chunks = 0; run->Next(&out); ++chunks) {
      if (chunks > 100000) fuzz::Fail("a batch does not end");
      out.clear();
    }
    if (run->failed_lines() > run->lines()) fuzz::Fail("more failed lines than lines");
    return 0;
  }
  server::Request req;
  req.method = "POST";
  req.target = route.target;
  req.body = body;
  req.request_id = "fuzz";
  const server::Answer a = service->Handle(req, route.endpoint);
  if (a.status != 200 && a.status != 400 && a.status != 413 && a.status != 422 &&
      a.status != 501) {
    fuzz::Fail("status " + std::to_string(a.status) + ": " + a.body);
  }
  boost::system::error_code ec;
  (void)boost::json::parse(a.body, ec);
  if (ec) fuzz::Fail("the answer is not JSON: " + a.body);
  return 0;
}
