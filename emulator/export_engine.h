#ifndef ANAPLAN_EMULATOR_EXPORT_ENGINE_H_
#define ANAPLAN_EMULATOR_EXPORT_ENGINE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "emulator/model_data.h"

namespace anaplan::emulator {

/// The columns and rows an export produces from current model data.
struct ExportTable {
  std::vector<std::string> header_names;
  std::vector<std::string> data_types;  ///< ENTITY, TEXT, NUMBER, BOOLEAN.
  std::vector<std::string> list_names;  ///< Per column; "" when not a list.
  std::vector<std::vector<std::string>> rows;
  bool source_found = false;
};

/// Builds the table of `def` (a list: name, code, parent, properties; a
/// module: one row per populated dimension combination, in item order).
ExportTable BuildExportTable(const ExportDef& def, Model& model);

/// Runs `def`: renders CSV (header + rows) into the model file with the
/// export's id, split into chunks of at most `chunk_size` bytes. The output
/// file is listed with headerRow 0 and firstDataRow 0.
TaskResult RunExport(const ExportDef& def, Model& model, int64_t chunk_size);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_EXPORT_ENGINE_H_
