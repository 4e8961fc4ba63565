// Fuzzes the cell grammar (src/pack/cell_parser.h) directly, much faster than through a whole
// pack: input cells (unary tests) for every fact, output date expressions, statuses, optional
// codes and lists.
//
// Input: byte 0 picks the parser, byte 1 the fact (input cells), the rest is the cell text.
// Enum facts parse against the domains of rules/gongshu.
//
// Checks: no crash or hang; a parsed cell is normalized (ranges sorted, disjoint, non-adjacent,
// non-empty, within [kRangeMin, kRangeMax)); an enum mask uses only the domain's values;
// NormalizeRanges is idempotent and ComplementRanges is an involution; every error has a code
// and a message.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "pack/cell_parser.h"

namespace {

using namespace xiufu;

const Pack* gongshu = nullptr;

void CheckRanges(const std::vector<Range>& ranges) {
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (ranges[i].lo >= ranges[i].hi) fuzz::Fail("empty range");
    if (ranges[i].lo < kRangeMin) fuzz::Fail("range below kRangeMin");
    if (i > 0 && ranges[i - 1].hi >= ranges[i].lo) fuzz::Fail("ranges not disjoint and sorted");
  }
  if (NormalizeRanges(ranges) != ranges) fuzz::Fail("NormalizeRanges is not idempotent");
  if (ComplementRanges(ComplementRanges(ranges)) != ranges) {
    fuzz::Fail("ComplementRanges is not an involution");
  }
}

void InputCell(std::string_view text, Fact fact) {
  const FactInfo& info = InfoOf(fact);
  const EnumDomain* domain =
      info.type == FactType::kEnum ? gongshu->Domain(info.domain) : nullptr;
  std::vector<CellError> errors;
  const CellTest t = ParseInputCell(text, fact, domain, &errors);
  for (const CellError& e : errors) {
    if (e.code.empty() || e.message.empty()) fuzz::Fail("cell error without code or message");
  }
  CheckRanges(t.ranges);
  if (t.kind == CellTest::Kind::kEnumSet) {
    const size_t values = info.type == FactType::kBool ? 2
                          : domain != nullptr          ? domain->values.size()
                                                       : 0;
    if (values < 64 && (t.enum_mask >> values) != 0) fuzz::Fail("enum mask outside the domain");
  }
  if (t.kind != CellTest::Kind::kAny && (t.slot < 0 || t.slot >= kNumSlots)) {
    fuzz::Fail("slot out of range");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  gongshu = new Pack(fuzz::LoadOrDie(fuzz::SourceDir() + "/rules/gongshu").pack);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::vector<CellError> errors;
  switch (data[0] % 6) {
    case 0:
    case 1:
      InputCell(text, static_cast<Fact>(data[1] % kNumFacts));
      break;
    case 2:
      (void)ParseDateExpr(text, data[1] & 1 ? EntityBases() : RecordBases(), &errors);
      break;
    case 3:
      (void)ParseStatus(text, &errors);
      break;
    case 4: {
      const EnumDomain& d = gongshu->domains[data[1] % gongshu->domains.size()];
      (void)ParseOptionalCode(text, &d, &errors);
      break;
    }
    case 5:
      for (std::string_view item : SplitCellList(text)) {
        (void)Unquote(item);
        if (item.size() > text.size()) fuzz::Fail("list item longer than the list");
      }
      break;
  }
  return 0;
}
