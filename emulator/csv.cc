#include "emulator/csv.h"

#include "absl/strings/ascii.h"

namespace anaplan::emulator {

std::vector<CsvRow> ParseCsv(std::string_view text, char separator,
                             char quote) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  bool in_quotes = false;
  bool row_started = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    row_started = true;
    if (in_quotes) {
      if (c != quote) {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == quote) {
        field += quote;  // Doubled quote inside a quoted field.
        ++i;
      } else {
        in_quotes = false;
      }
    } else if (quote != '\0' && c == quote) {
      in_quotes = true;
    } else if (c == separator) {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      row_started = false;
    } else {
      field += c;
    }
  }
  if (row_started) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string FormatCsvRow(const CsvRow& fields, char separator, char quote) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += separator;
    const std::string& f = fields[i];
    bool needs_quotes = quote != '\0' &&
                        f.find_first_of(std::string{separator, quote, '\n',
                                                    '\r'}) != std::string::npos;
    if (!needs_quotes) {
      line += f;
      continue;
    }
    line += quote;
    for (char c : f) {
      if (c == quote) line += quote;
      line += c;
    }
    line += quote;
  }
  line += '\n';
  return line;
}

bool IsBlankRow(const CsvRow& row) {
  for (const std::string& field : row) {
    if (!absl::StripAsciiWhitespace(field).empty()) return false;
  }
  return true;
}

}  // namespace anaplan::emulator
