// xiufu::CsvStyle — how xiufu writes CSV files for people who open them in Excel or WPS
// (docs/formats.md): a UTF-8 byte-order mark first, so zh-CN Excel does not take the file for
// GBK, and identifiers Excel would turn into numbers (an all-digit USCC, a record id like
// "0012" or "1E5") written as the text formula ="…" — Excel shows the text, and xiufu's reader
// (PopulationBuilder) turns ="…" back into it. `--no-bom` on the CLI clears `bom`.
//
// Plain value type.
#ifndef XIUFU_CSV_STYLE_H_
#define XIUFU_CSV_STYLE_H_

namespace xiufu {

struct CsvStyle {
  bool bom = true;         // start the file with EF BB BF
  bool excel_text = true;  // identifiers Excel would convert written as ="…"
};

}  // namespace xiufu

#endif  // XIUFU_CSV_STYLE_H_
