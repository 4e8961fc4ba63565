// xiufu::server request input — one entity and its records from a JSON request, through the
// library's PopulationBuilder.
//
// Every JSON field maps onto the builder field of the same name (the entities.csv and
// records.csv column names) as text, so the server accepts and rejects exactly what the CSV
// reader does, with the same diagnostic codes and words; the server adds the JSON path of each
// problem. A rejected row is probed field by field (each field alone in an otherwise valid
// row), so an answer lists every problem of the request, not only the first of each row.
//
// What the server itself checks (before the builder): the JSON syntax (`bad-json`), the shape
// (`wrong-type`: an entity that is not an object, a fine that is an array, …), unknown keys
// (`unknown-field`), a missing entity (`missing-value`), `as_of` (`bad-date`) and the explain
// target (`record_id`, `platform`).
//
// Pure functions; thread-safe.
#ifndef XIUFU_SERVER_JSON_INPUT_H_
#define XIUFU_SERVER_JSON_INPUT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "json_out.h"
#include "xiufu/runtime/date.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/population_builder.h"

namespace xiufu::server {

// One problem of a request: where (JSON path), the diagnostic code, field, offending value and
// the message (the CSV reader's words for builder problems).
struct Problem {
  std::string path;
  std::string code;
  std::string field;
  std::string value;
  std::string message;
  bool shape = false;  // JSON syntax or shape (400) rather than a rejected value (422)
};

void WriteProblems(JsonOut& out, const std::vector<Problem>& problems);

// Parses a JSON text; on failure adds one `bad-json` problem (with line and column).
bool ParseJson(std::string_view text, boost::json::value* out, std::vector<Problem>* problems);

enum class RequestKind { kEvaluate, kExplain, kPlan };

struct EntityRequest {
  Date as_of{};
  PopulationBuild built;          // one entity and its records when problems is empty
  std::vector<Problem> problems;  // in request order
  // Explain target.
  std::string record_id;
  int record = -1;    // absolute record index in `built.population`
  int platform = -1;  // dense platform id
  bool ok() const { return problems.empty(); }
  // 400 when any problem is about JSON syntax or shape, else 422.
  int status() const;
};

// Reads {"as_of": "YYYY-MM-DD"?, "entity": {…}, "records": [{…}, …]?} (+ "record_id",
// "platform" for explain). `today` is the default as_of.
EntityRequest ReadEntityRequest(const boost::json::value& v, const Dictionary& dict, Date today,
                                RequestKind kind);

}  // namespace xiufu::server

#endif  // XIUFU_SERVER_JSON_INPUT_H_
