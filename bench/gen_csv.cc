// Writes a deterministic CSV of exactly N bytes to stdout or a file: the
// dense "CSV-like" profile of reliability-performance.md §1 (7 columns: SKU
// id, region, version, account, period, value with 2 decimals, an occasional
// quoted comment). The same seed and size always give the same bytes, so the
// benchmarks never need a committed data file.
//
//   bench_gen_csv SIZE_BYTES [OUTPUT] [SEED]

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// splitmix64: tiny, fast and identical on every platform.
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
};

constexpr const char* kRegions[] = {"North",   "South", "East", "West",
                                    "Central", "EMEA",  "APAC", "LATAM"};
constexpr const char* kVersions[] = {"Actual", "Budget", "Forecast",
                                     "Plan FY25"};
constexpr const char* kAccounts[] = {
    "Revenue",   "COGS",     "Gross Margin", "Opex",      "Headcount",
    "Marketing", "Travel",   "Rent",         "Utilities", "Depreciation",
    "Interest",  "Tax",      "Net Income",   "Capex",     "Units Sold",
    "Returns",   "Discount", "Freight",      "Royalties", "Commission"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kComments[] = {
    "\"adjusted, see memo\"", "\"manual override\"",
    "\"one-off, \"\"Q4\"\" true-up\"", "\"carried forward\""};

template <size_t N>
const char* Pick(Rng& rng, const char* const (&items)[N]) {
  return items[rng.Below(N)];
}

void AppendRow(Rng& rng, std::string& out) {
  char row[256];
  uint64_t cents = rng.Below(100) < 20 ? 0 : rng.Below(10'000'000);
  const char* comment = rng.Below(100) < 3 ? Pick(rng, kComments) : "";
  int n =
      std::snprintf(row, sizeof(row),
                    "SKU-%06" PRIu64 ",%s,%s,%s,%s %d,%" PRIu64 ".%02d,%s\n",
                    rng.Below(200'000), Pick(rng, kRegions),
                    Pick(rng, kVersions), Pick(rng, kAccounts),
                    Pick(rng, kMonths), static_cast<int>(2020 + rng.Below(6)),
                    cents / 100, static_cast<int>(cents % 100), comment);
  out.append(row, static_cast<size_t>(n));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SIZE_BYTES [OUTPUT|-] [SEED]\n", argv[0]);
    return 2;
  }
  const uint64_t size = std::strtoull(argv[1], nullptr, 10);
  const char* path = argc > 2 ? argv[2] : "-";
  Rng rng{argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20261204};
  FILE* out = std::strcmp(path, "-") == 0 ? stdout : std::fopen(path, "wb");
  if (out == nullptr) {
    std::perror(path);
    return 1;
  }
  std::string buf = "sku,region,version,account,period,value,comment\n";
  uint64_t written = 0;
  while (written < size) {
    while (buf.size() < (1 << 20)) AppendRow(rng, buf);
    size_t n =
        static_cast<size_t>(std::min<uint64_t>(buf.size(), size - written));
    if (std::fwrite(buf.data(), 1, n, out) != n) {
      std::perror("write");
      return 1;
    }
    written += n;
    buf.clear();
  }
  if (out != stdout && std::fclose(out) != 0) {
    std::perror("close");
    return 1;
  }
  return 0;
}
