// Writes the seed corpora of the fuzzers into OUT/{pack,cell,population,blob,server}/, from
// the project's own data: the rule packs (examples/packs/mini, tests/data/packs/*,
// rules/gongshu), the bad-input district corpus (tests/data/bad_input) and a small generated
// district (also as the server's JSON requests).
//
//   make_seeds OUT
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "base/text_file.h"
#include "fuzz_support.h"
#include "xiufu/serialize.h"
#include "xiufu/synth/generate.h"

namespace {

using namespace xiufu;
namespace fs = std::filesystem;

class SeedDir {
 public:
  explicit SeedDir(fs::path dir) : dir_(std::move(dir)) { fs::create_directories(dir_); }
  void Add(std::string_view bytes) {
    const fs::path path = dir_ / ("seed-" + std::to_string(count_++));
    if (absl::Status st = WriteTextFile(path.string(), bytes); !st.ok()) fuzz::Fail(st.ToString());
  }
  int count() const { return count_; }

 private:
  fs::path dir_;
  int count_ = 0;
};

std::vector<std::string> PackDirs(const std::string& src) {
  std::vector<std::string> dirs = {src + "/examples/packs/mini", src + "/rules/gongshu"};
  for (const fs::directory_entry& e : fs::directory_iterator(src + "/tests/data/packs")) {
    if (fs::exists(e.path() / "manifest.ini")) dirs.push_back(e.path().string());
  }
  return dirs;
}

// A JSON string literal (the generated names and ids need no escapes beyond these).
std::string Json(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The district's entities as the server's request bodies: one evaluate request per entity
// (every field as the CSV column of the same name), an explain request for its first record.
std::vector<std::string> ServerRequests(const District& d) {
  auto code = [](InputDomain dom, int i) { return Json(GenCodes(dom)[i]); };
  auto date = [](int32_t days) { return days == kNoDay ? std::string("null") : Json(FormatDate(Date{days})); };
  std::vector<std::string> out;
  size_t r = 0;
  for (size_t e = 0; e < d.num_entities(); ++e) {
    const std::string uscc(d.uscc[e].data(), d.uscc[e].size());
    std::string body = "{\"as_of\": \"2026-11-22\", \"entity\": {\"uscc\": " + Json(uscc) +
                       ", \"name\": " + Json(d.name[e]) +
                       ", \"status\": " + code(InputDomain::kEntityStatus, d.status[e]) +
                       ", \"registration_date\": " + date(d.registration[e]) +
                       ", \"last_report_year\": " +
                       (d.last_report_year[e] ? std::to_string(d.last_report_year[e]) : "null") +
                       ", \"unreachable\": " + (d.unreachable[e] ? "true" : "false") +
                       "}, \"records\": [";
    std::string first_record;
    for (bool first = true; r < d.num_records() && d.entity[r] == e; ++r, first = false) {
      if (first) first_record = d.record_id[r];
      std::string shown;
      for (int p = 0; p < kGenPlatforms; ++p) {
        if ((d.shown_mask[r] >> p) & 1) {
          shown += std::string(shown.empty() ? "" : "|") + std::string(GenCodes(InputDomain::kPlatform)[p]);
        }
      }
      body += std::string(first ? "" : ", ") + "{\"record_id\": " + Json(d.record_id[r]) +
              ", \"uscc\": " + Json(uscc) +
              ", \"department\": " + code(InputDomain::kDepartment, d.department[r]) +
              ", \"record_kind\": " + code(InputDomain::kRecordKind, d.record_kind[r]) +
              ", \"severity\": " + code(InputDomain::kSeverity, d.severity[r]) +
              ", \"penalty\": " + code(InputDomain::kPenalty, d.penalty[r]) +
              ", \"procedure\": " + code(InputDomain::kProcedure, d.procedure[r]) +
              ", \"sector\": " + code(InputDomain::kSector, d.sector[r]) +
              ", \"decision_date\": " + date(d.decision[r]) +
              ", \"publication_date\": " + date(d.publication[r]) +
              ", \"fine_yuan\": " + std::to_string(d.fine_yuan[r]) +
              ", \"fulfilled_date\": " + date(d.fulfilled[r]) +
              ", \"corrected_date\": " + date(d.corrected[r]) +
              ", \"shown_on\": " + Json(shown) + "}";
    }
    body += "]";
    out.push_back(body + "}");
    if (!first_record.empty()) {
      out.push_back(body + ", \"record_id\": " + Json(first_record) +
                    ", \"platform\": \"credit_china\"}");
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT\n", argv[0]);
    return 2;
  }
  const fs::path out = argv[1];
  const std::string src = fuzz::SourceDir();
  SeedDir pack(out / "pack"), cell(out / "cell"), population(out / "population"),
      blob(out / "blob"), server(out / "server");

  for (const std::string& dir : PackDirs(src)) {
    const PackFiles files = fuzz::ReadDir(dir);
    // The whole pack, replacing the base pack's files of the same name.
    pack.Add(fuzz::JoinFiles(files, "manifest.ini"));
    // Each file alone under the mini pack (the pack fuzzer's base) when the names match.
    if (dir.ends_with("/mini")) {
      for (const auto& [name, bytes] : files) {
        pack.Add(name == "manifest.ini" ? bytes
                                        : std::string(fuzz::kFileMarker) + name + "\n" + bytes);
      }
    }
    const LoadResult loaded = fuzz::LoadOrDie(dir, /*clean=*/false);  // planted: lint errors
    if (loaded.ok()) blob.Add(SerializeTable(fuzz::CompileOrDie(loaded)));
    // Every cell, with the parser selector the cell fuzzer reads (fuzz/cell_fuzzer.cc).
    auto add_cell = [&](uint8_t parser, uint8_t arg, std::string_view text) {
      std::string seed = {static_cast<char>(parser), static_cast<char>(arg)};
      seed += text;
      cell.Add(seed);
    };
    for (const Table& t : loaded.pack.tables) {
      for (const Row& r : t.rows) {
        for (size_t k = 0; k < r.cells.size() && k < t.inputs.size(); ++k) {
          add_cell(0, static_cast<uint8_t>(t.inputs[k].fact), r.cells[k].text);
        }
        add_cell(2, 0, r.out.eligible_from.text);
        add_cell(2, 0, r.out.expires_on.text);
        add_cell(3, 0, StatusCode(r.out.status));
      }
    }
    for (const AlertDef& a : loaded.pack.alerts) add_cell(2, a.entity_scope ? 1 : 0, a.due.text);
  }

  auto add_district = [&](std::string_view entities, std::string_view records) {
    population.Add(std::string(entities) + (entities.ends_with('\n') ? "" : "\n") +
                   std::string(fuzz::kFileMarker) + "records.csv\n" + std::string(records));
  };
  for (const std::string dir : {"/tests/data/bad_input", "/tests/data/bad_input/csv_only"}) {
    absl::StatusOr<std::string> e = ReadTextFile(src + dir + "/entities.csv");
    absl::StatusOr<std::string> r = ReadTextFile(src + dir + "/records.csv");
    if (!e.ok() || !r.ok()) fuzz::Fail("cannot read " + src + dir);
    add_district(*e, *r);
  }
  for (uint64_t seed : {1, 2, 3}) {
    GenOptions options;
    options.entities = 6;
    options.seed = seed;
    options.dense = seed == 3;
    options.invalid_uscc_share = seed == 2 ? 0.5 : 0.0;
    const District d = GenerateDistrict(options);
    add_district(DistrictEntitiesCsv(d), DistrictRecordsCsv(d));
    // The server fuzzer's first byte picks the endpoint: 0 evaluate, 1 explain, 2 plan,
    // 3 batch (one request per line).
    std::string batch;
    for (const std::string& body : ServerRequests(d)) {
      const bool explain = body.find("\"platform\"") != std::string::npos;
      server.Add(std::string(1, explain ? 1 : 0) + body);
      if (!explain) {
        server.Add(std::string(1, 2) + body);
        batch += body + "\n";
      }
    }
    server.Add(std::string(1, 3) + batch);
  }
  std::printf("seeds: pack %d, cell %d, population %d, blob %d, server %d\n", pack.count(),
              cell.count(), population.count(), blob.count(), server.count());
  return 0;
}
