#ifndef ANAPLAN_EMULATOR_CSV_H_
#define ANAPLAN_EMULATOR_CSV_H_

#include <string>
#include <string_view>
#include <vector>

namespace anaplan::emulator {

using CsvRow = std::vector<std::string>;

/// Splits delimited text into rows of fields. `quote` encloses fields that
/// contain separators, quotes (doubled) or line breaks; '\0' disables
/// quoting. Accepts LF and CRLF, strips a UTF-8 BOM, and yields no row for
/// the final line break. An empty line is a row with one empty field.
std::vector<CsvRow> ParseCsv(std::string_view text, char separator, char quote);

/// One row as text, quoting fields when needed, terminated by "\n".
std::string FormatCsvRow(const CsvRow& fields, char separator, char quote);

/// True when every field of `row` is empty or blank.
bool IsBlankRow(const CsvRow& row);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_CSV_H_
