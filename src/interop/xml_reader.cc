// Tested by tests/interop_test.cc.
#include "interop/xml_reader.h"

#include <cstdint>

#include "base/str_util.h"
#include "interop/text_util.h"

namespace xiufu::interop_internal {

std::string_view XmlElement::local() const {
  const std::string_view n = name;
  const size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

std::string_view XmlElement::Attr(std::string_view key) const {
  for (const auto& [k, v] : attributes) {
    if (k == key) return v;
  }
  return {};
}

const XmlElement* XmlElement::Child(std::string_view local_name) const {
  for (const XmlElement& c : children) {
    if (c.local() == local_name) return &c;
  }
  return nullptr;
}

std::vector<const XmlElement*> XmlElement::Children(std::string_view local_name) const {
  std::vector<const XmlElement*> out;
  for (const XmlElement& c : children) {
    if (c.local() == local_name) out.push_back(&c);
  }
  return out;
}

namespace {

constexpr int kMaxDepth = 200;

bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  absl::StatusOr<XmlElement> Document() {
    if (!Misc()) return Error();
    if (pos_ >= s_.size() || s_[pos_] != '<') {
      Fail("expected the root element");
      return Error();
    }
    XmlElement root;
    if (!Element(&root, 0)) return Error();
    if (!Misc()) return Error();
    if (pos_ != s_.size()) {
      Fail("text after the root element");
      return Error();
    }
    return root;
  }

 private:
  // The line of position p; positions asked for only grow (elements in document order), so
  // the count continues from the last one asked for.
  int LineAt(size_t p) {
    if (p < line_pos_) {
      line_pos_ = 0;
      line_ = 1;
    }
    for (; line_pos_ < p && line_pos_ < s_.size(); ++line_pos_) line_ += s_[line_pos_] == '\n';
    return line_;
  }
  absl::Status Error() {
    return absl::InvalidArgumentError(Cat("line ", LineAt(err_pos_), ": ", err_));
  }
  bool Fail(std::string msg) {
    if (err_.empty()) {
      err_ = std::move(msg);
      err_pos_ = pos_;
    }
    return false;
  }
  void Space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Starts(std::string_view p) const { return s_.substr(pos_, p.size()) == p; }
  bool SkipPast(std::string_view end) {
    const size_t e = s_.find(end, pos_);
    if (e == std::string_view::npos) return Fail(Cat("missing '", end, "'"));
    pos_ = e + end.size();
    return true;
  }
  // Declarations, comments, processing instructions and whitespace between markup.
  bool Misc() {
    while (true) {
      Space();
      if (Starts("<?")) {
        if (!SkipPast("?>")) return false;
      } else if (Starts("<!--")) {
        if (!SkipPast("-->")) return false;
      } else if (Starts("<!DOCTYPE")) {
        if (!SkipPast(">")) return false;
      } else {
        return true;
      }
    }
  }
  bool Name(std::string* out) {
    const size_t start = pos_;
    while (pos_ < s_.size() && NameChar(s_[pos_])) ++pos_;
    if (pos_ == start) return Fail("expected a name");
    out->assign(s_.substr(start, pos_ - start));
    return true;
  }

  // Character data up to `stop` (not included), entities decoded.
  bool Chars(char stop, std::string* out) {
    while (pos_ < s_.size() && s_[pos_] != stop) {
      if (s_[pos_] == '<') return Fail("'<' in an attribute value");
      if (s_[pos_] != '&') {
        out->push_back(s_[pos_++]);
        continue;
      }
      if (!Entity(out)) return false;
    }
    return true;
  }
  bool Entity(std::string* out) {
    const size_t semi = s_.find(';', pos_);
    if (semi == std::string_view::npos || semi - pos_ > 12) return Fail("bad entity reference");
    const std::string_view ent = s_.substr(pos_ + 1, semi - pos_ - 1);
    if (ent == "lt") out->push_back('<');
    else if (ent == "gt") out->push_back('>');
    else if (ent == "amp") out->push_back('&');
    else if (ent == "quot") out->push_back('"');
    else if (ent == "apos") out->push_back('\'');
    else if (!ent.empty() && ent[0] == '#') {
      uint32_t cp = 0;
      const bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
      const std::string_view digits = ent.substr(hex ? 2 : 1);
      if (digits.empty()) return Fail("bad character reference");
      for (char c : digits) {
        uint32_t d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return Fail("bad character reference");
        cp = cp * (hex ? 16 : 10) + d;
        if (cp > 0x10FFFF) return Fail("bad character reference");
      }
      AppendUtf8(out, cp);
    } else {
      return Fail(Cat("unknown entity '&", ent, ";'"));
    }
    pos_ = semi + 1;
    return true;
  }

  bool Element(XmlElement* e, int depth) {
    if (depth > kMaxDepth) return Fail("nested too deeply");
    e->line = LineAt(pos_);
    ++pos_;  // '<'
    if (!Name(&e->name)) return false;
    while (true) {
      Space();
      if (pos_ >= s_.size()) return Fail("unexpected end of the document");
      if (Starts("/>")) {
        pos_ += 2;
        return true;
      }
      if (s_[pos_] == '>') {
        ++pos_;
        break;
      }
      std::string key, value;
      if (!Name(&key)) return false;
      Space();
      if (pos_ >= s_.size() || s_[pos_] != '=') return Fail("expected '=' after an attribute name");
      ++pos_;
      Space();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) {
        return Fail("expected a quoted attribute value");
      }
      const char q = s_[pos_++];
      if (!Chars(q, &value)) return false;
      if (pos_ >= s_.size()) return Fail("unterminated attribute value");
      ++pos_;
      e->attributes.emplace_back(std::move(key), std::move(value));
    }
    // Content.
    while (true) {
      if (pos_ >= s_.size()) return Fail(Cat("element '", e->name, "' is not closed"));
      if (Starts("</")) {
        pos_ += 2;
        std::string end;
        if (!Name(&end)) return false;
        if (end != e->name) {
          return Fail(Cat("'</", end, ">' closes '<", e->name, ">'"));
        }
        Space();
        if (pos_ >= s_.size() || s_[pos_] != '>') return Fail("expected '>'");
        ++pos_;
        return true;
      }
      if (Starts("<!--")) {
        if (!SkipPast("-->")) return false;
      } else if (Starts("<![CDATA[")) {
        const size_t start = pos_ + 9;
        const size_t end = s_.find("]]>", start);
        if (end == std::string_view::npos) return Fail("unterminated CDATA section");
        e->text.append(s_.substr(start, end - start));
        pos_ = end + 3;
      } else if (Starts("<?")) {
        if (!SkipPast("?>")) return false;
      } else if (s_[pos_] == '<') {
        XmlElement child;
        if (!Element(&child, depth + 1)) return false;
        e->children.push_back(std::move(child));
      } else if (s_[pos_] == '&') {
        if (!Entity(&e->text)) return false;
      } else {
        e->text.push_back(s_[pos_++]);
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string err_;
  size_t err_pos_ = 0;
  size_t line_pos_ = 0;
  int line_ = 1;
};

}  // namespace

absl::StatusOr<XmlElement> ParseXml(std::string_view text) { return Parser(text).Document(); }

}  // namespace xiufu::interop_internal
