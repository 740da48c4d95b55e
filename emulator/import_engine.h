#ifndef ANAPLAN_EMULATOR_IMPORT_ENGINE_H_
#define ANAPLAN_EMULATOR_IMPORT_ENGINE_H_

#include <string>
#include <vector>

#include "emulator/model_data.h"

namespace anaplan::emulator {

/// The result of one import run.
struct ImportOutcome {
  TaskResult result;
  /// Failure dump (CSV: `_Line_`, the source columns, `_Error_1_`), empty
  /// when every row went in.
  std::string dump;
};

/// Runs `def` against `model`: parses the current content of its source
/// file (honouring headerRow, firstDataRow, separator and delimiter) and
/// writes good rows into the target list (HIERARCHY_DATA) or module
/// (MODULE_DATA). Rows without a name, with an unknown dimension item or
/// with a malformed number/boolean fail and go to the dump; blank rows are
/// ignored. A source without content gives `successful: false`.
ImportOutcome RunImport(const ImportDef& def, Model& model);

/// The concatenated content of `file` (chunks in index order).
std::string FileContent(const FileEntry& file);

/// The header names the import expects (for importMetadata).
std::vector<std::string> ImportHeaderNames(const ImportDef& def, Model& model);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_IMPORT_ENGINE_H_
