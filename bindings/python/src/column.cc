// Column: the spec tuples of xiufu/_input.py and typed access to their numpy buffers.
#include <algorithm>

#include "frame_input.h"

namespace xiufu::py {
namespace {

std::string DtypeName(const pyb::array& a) { return pyb::str(a.dtype()); }

bool IsIntegerKind(char k) { return k == 'i' || k == 'u'; }

}  // namespace

Column Column::From(pyb::handle spec, const std::string& frame, const std::string& name) {
  Column c;
  c.frame = frame;
  c.name = name;
  if (spec.is_none()) return c;
  const pyb::tuple t = pyb::reinterpret_borrow<pyb::tuple>(spec);
  const std::string kind = pyb::str(t[0]);
  c.values = pyb::reinterpret_borrow<pyb::array>(t[1]);
  if (c.values.ndim() != 1) c.Fail(-1, "", "expected a one-dimensional column");
  c.size = static_cast<size_t>(c.values.shape(0));
  const char vk = c.values.dtype().kind();
  if (kind == "strings") {
    c.kind = Kind::kStrings;
    if (vk != 'O') {
      c.Fail(-1, "", Text("expected text (str values), got dtype ", DtypeName(c.values)));
    }
  } else if (kind == "codes") {
    c.kind = Kind::kCodes;
    c.uniques = pyb::reinterpret_borrow<pyb::array>(t[2]);
    if (!IsIntegerKind(vk)) c.Fail(-1, "", "internal: codes must be integers");
    if (c.uniques.ndim() != 1 || c.uniques.dtype().kind() != 'O') {
      c.Fail(-1, "", Text("expected text categories, got dtype ", DtypeName(c.uniques)));
    }
  } else if (kind == "datetime") {
    c.kind = Kind::kDatetime;
    c.per_day = t[2].cast<int64_t>();
    if (vk != 'i' || c.values.itemsize() != 8 || c.per_day <= 0) {
      c.Fail(-1, "", "internal: datetime columns are int64 with a positive unit");
    }
  } else if (kind == "numbers") {
    c.kind = Kind::kNumbers;
    if (!IsIntegerKind(vk) && vk != 'f' && vk != 'b') {
      c.Fail(-1, "", Text("expected numbers, got dtype ", DtypeName(c.values)));
    }
    if (t.size() > 2) {
      c.mask = pyb::reinterpret_borrow<pyb::array>(t[2]);
      c.has_mask = true;
      if (!IsIntegerKind(vk) || c.mask.ndim() != 1 || c.mask.dtype().kind() != 'b' ||
          static_cast<size_t>(c.mask.shape(0)) != c.size) {
        c.Fail(-1, "", "internal: a mask goes with integers, one bool per row");
      }
    }
  } else {
    c.Fail(-1, "", Text("internal: unknown column kind '", kind, "'"));
  }
  c.data = static_cast<const char*>(c.values.data());
  c.stride = c.values.strides(0);
  c.dtype_kind = vk;
  c.itemsize = static_cast<int>(c.values.itemsize());
  if (c.kind == Kind::kCodes) {
    c.udata = static_cast<const char*>(c.uniques.data());
    c.ustride = c.uniques.strides(0);
  }
  return c;
}

void Column::Fail(int64_t row, std::string value, std::string message) const {
  throw InputError{frame, name, row, std::move(value), std::move(message)};
}

}  // namespace xiufu::py
