// Internal: an authored output date expression (pack.h) in the compiled table's form.
#ifndef XIUFU_SRC_COMPILE_DATE_EXPR_H_
#define XIUFU_SRC_COMPILE_DATE_EXPR_H_

#include "xiufu/pack.h"
#include "xiufu/runtime/detail/table_data.h"

namespace xiufu::internal {

inline internal::CompiledDateExpr ToCompiled(const DateExpr& x) {
  internal::CompiledDateExpr c{};
  c.base1 = static_cast<uint8_t>(x.base1);
  c.unit1 = static_cast<uint8_t>(x.dur1.unit);
  c.amount1 = x.dur1.amount;
  c.has_dur1 = x.has_dur1;
  c.base2 = static_cast<uint8_t>(x.base2);
  c.unit2 = static_cast<uint8_t>(x.dur2.unit);
  c.amount2 = x.dur2.amount;
  c.has_dur2 = x.has_dur2;
  return c;
}

}  // namespace xiufu::internal

#endif  // XIUFU_SRC_COMPILE_DATE_EXPR_H_
