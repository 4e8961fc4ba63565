// Internal to the interop stage: a small XML reader for the documents `xiufu import` reads
// (DMN 1.3 files). Elements, attributes and text (entities and CDATA decoded); the XML
// declaration, comments, processing instructions and a DOCTYPE without an internal subset are
// skipped. Namespace prefixes are kept in `name`; `local()` drops them. Each element records
// the line it starts on, for diagnostics.
//
// Pure functions and plain value types; thread-compatible.
#ifndef XIUFU_SRC_INTEROP_XML_READER_H_
#define XIUFU_SRC_INTEROP_XML_READER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace xiufu::interop_internal {

struct XmlElement {
  std::string name;  // as written, with its prefix ("dmn:decision")
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<XmlElement> children;
  std::string text;  // the element's own character data, concatenated
  int line = 0;

  std::string_view local() const;
  // The attribute's value, or "" when absent.
  std::string_view Attr(std::string_view name) const;
  // The first child / all children with this local name.
  const XmlElement* Child(std::string_view local_name) const;
  std::vector<const XmlElement*> Children(std::string_view local_name) const;
};

// Parses a whole document; InvalidArgument with "line L: …" on the first error.
absl::StatusOr<XmlElement> ParseXml(std::string_view text);

}  // namespace xiufu::interop_internal

#endif  // XIUFU_SRC_INTEROP_XML_READER_H_
