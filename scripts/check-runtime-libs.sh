#!/usr/bin/env bash
# Proves that the runtime stages of the Dockerfile install every shared
# library the built binaries need, and no compiler.
#
#   scripts/check-runtime-libs.sh [--chroot] [--dockerfile FILE] [STAGE=BINARY...]
#
# Default pairs: service=$ANAPLAN_BUILD_DIR/service/anaplan-grpc-server and
# emulator=$ANAPLAN_BUILD_DIR/emulator/anaplan-emulator. For each pair:
#  1. static (always): every DT_NEEDED entry of BINARY is resolved on this
#     Debian 12 machine (ldd) to its package (dpkg file lists, as dpkg -S);
#     each package must be in the apt-get install lists of STAGE or the
#     stages it is built FROM, except libc6, libstdc++6 and libgcc-s1, which
#     debian:12-slim has. No stage may install a compiler or -dev package.
#  2. --chroot (root; mmdebstrap from Debian): a minbase Debian 12 root
#     holding only those apt packages (what debian:12-slim + the stage
#     installs), cached by package list under ~/.cache/anaplan-grpc/rootfs;
#     the binary is copied in and must link (ld.so --list: nothing "not
#     found"), print --version (exit 0) and its flags (--helpfull). The
#     first build of a root downloads ~200 MB from the Debian mirror (about
#     2 min a stage); later runs take seconds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ANAPLAN_BUILD_DIR:-$root/build}
dockerfile=$root/Dockerfile
chroot_check=0
pairs=()
while [ $# -gt 0 ]; do
  case $1 in
    --chroot) chroot_check=1 ;;
    --dockerfile) dockerfile=$2; shift ;;
    *=*) pairs+=("$1") ;;
    *) echo "usage: $0 [--chroot] [--dockerfile FILE] [STAGE=BINARY...]" >&2; exit 2 ;;
  esac
  shift
done
if [ ${#pairs[@]} -eq 0 ]; then
  pairs=("service=$build/service/anaplan-grpc-server"
         "emulator=$build/emulator/anaplan-emulator")
fi
# Present in debian:12-slim (Essential or required by apt itself).
base_packages=" libc6 libstdc++6 libgcc-s1 "

# Prints the packages STAGE installs, its parents' included, one a line:
# the words after "apt-get install" (options dropped) up to && ; or |.
stage_packages() {
  python3 - "$dockerfile" "$1" <<'EOF'
import re, shlex, sys
path, want = sys.argv[1], sys.argv[2]
text = re.sub(r"\\\n", " ", open(path).read())  # join continuations
parent, pkgs, stage = {}, {}, None
for line in text.splitlines():
    line = line.strip()
    m = re.match(r"(?i)FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", line)
    if m:
        stage = (m.group(2) or m.group(1)).lower()
        parent[stage] = m.group(1).lower()
        pkgs[stage] = []
        continue
    if stage is None or not re.match(r"(?i)RUN\s", line):
        continue
    words = shlex.split(line[3:].replace(";", " ; "), comments=False)
    for i in range(len(words) - 1):
        if words[i] == "apt-get" and "install" in words[i + 1:i + 4]:
            j = words.index("install", i + 1) + 1
            while j < len(words) and words[j] not in ("&&", ";", "|", "||"):
                if not words[j].startswith("-"):
                    pkgs[stage].append(words[j].split("=")[0])
                j += 1
if want not in pkgs:
    sys.exit(f"check-runtime-libs: no stage {want!r} in {path}")
seen = set()
while want in pkgs and want not in seen:
    seen.add(want)
    for p in pkgs[want]:
        print(p)
    want = parent[want]
EOF
}

# Prints "PATH PACKAGE" for the library files given, trying each file's
# /usr-merged spellings; one grep over dpkg's file lists (dpkg -S is slow).
owners_of() {
  local f real c
  declare -A spelling=()
  for f in "$@"; do
    real=$(readlink -f "$f")
    for c in "$f" "$real" "${f#/usr}" "/usr$f" "${real#/usr}" "/usr$real"; do
      spelling[$c]=$f
    done
  done
  printf '%s\n' "${!spelling[@]}" >"$tmp/patterns"
  grep -F -x -f "$tmp/patterns" /var/lib/dpkg/info/*.list 2>/dev/null |
    while read -r line; do
      # /var/lib/dpkg/info/PKG[:ARCH].list:PATH
      pkg=${line%%.list:*}
      pkg=${pkg##*/}
      echo "${spelling[${line#*.list:}]} ${pkg%%:*}"
    done | sort -u
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for pair in "${pairs[@]}"; do
  stage=${pair%%=*}
  binary=${pair#*=}
  if [ ! -x "$binary" ]; then
    echo "check-runtime-libs: $binary not built" >&2
    exit 1
  fi
  mapfile -t installed < <(stage_packages "$stage")
  list=" ${installed[*]} "
  for p in "${installed[@]}"; do
    if [[ $p =~ (^|-)(gcc|g\+\+|cpp|clang|llvm|cmake|make|ninja-build|build-essential)(-[0-9.]+)?$|-dev$ ]]; then
      echo "check-runtime-libs: stage $stage installs build tool $p" >&2
      status=1
    fi
  done
  needed=$(objdump -p "$binary" | awk '$1 == "NEEDED" {print $2}')
  declare -A paths=()
  while read -r name _ path _; do
    [ -n "${path:-}" ] && paths[$name]=$path
  done < <(ldd "$binary" | awk '$2 == "=>" {print $1, $2, $3}')
  declare -A owner=()
  while read -r path pkg; do owner[$path]=$pkg; done < <(owners_of "${paths[@]}")
  missing=() used=()
  for lib in $needed; do
    path=${paths[$lib]:-}
    if [ -z "$path" ] || [ "$path" = "not" ]; then
      echo "check-runtime-libs: $binary: $lib is not found on this machine" >&2
      status=1
      continue
    fi
    pkg=${owner[$path]:-}
    if [ -z "$pkg" ]; then
      echo "check-runtime-libs: $binary: $path belongs to no Debian package" >&2
      status=1
      continue
    fi
    used+=("$pkg")
    if [[ $base_packages != *" $pkg "* && $list != *" $pkg "* ]]; then
      missing+=("$pkg ($lib)")
    fi
  done
  unset paths owner
  mapfile -t used < <(printf '%s\n' "${used[@]}" | sort -u)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "check-runtime-libs: stage $stage lacks: ${missing[*]}" >&2
    status=1
  else
    echo "check-runtime-libs: $stage: $(wc -w <<<"$needed") DT_NEEDED libraries" \
         "from ${#used[@]} packages (${used[*]}), all installed by the stage"
  fi

  [ $chroot_check = 1 ] || continue
  [ $status = 0 ] || continue
  if [ "$(id -u)" != 0 ]; then
    echo "check-runtime-libs: --chroot needs root" >&2
    exit 1
  fi
  command -v mmdebstrap >/dev/null ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/anaplan-grpc/rootfs
  mkdir -p "$cache"
  sorted=$(printf '%s\n' "${installed[@]}" | sort -u | tr '\n' ',')
  tarball=$cache/bookworm-minbase-$(sha256sum <<<"$sorted" | cut -c1-16).tar
  if [ ! -s "$tarball" ]; then
    start=$(date +%s)
    mmdebstrap --quiet --format=tar --variant=minbase --include="${sorted%,}" bookworm "$tarball.tmp" \
      "deb http://deb.debian.org/debian bookworm main" \
      "deb http://deb.debian.org/debian bookworm-updates main" \
      "deb http://deb.debian.org/debian-security bookworm-security main"
    mv "$tarball.tmp" "$tarball"
    echo "check-runtime-libs: built the $stage root in $(( $(date +%s) - start )) s"
  fi
  dir=$(mktemp -d /tmp/anaplan-rootfs.XXXXXX)
  tar -xf "$tarball" -C "$dir"
  name=$(basename "$binary")
  install -m 0755 "$binary" "$dir/usr/local/bin/$name"
  ok=1
  links=$(chroot "$dir" /lib64/ld-linux-x86-64.so.2 --list "/usr/local/bin/$name" 2>&1) || ok=0
  if grep -E 'not found|error' <<<"$links" >&2; then ok=0; fi
  chroot --userspec=65532:65532 "$dir" "/usr/local/bin/$name" --version >/dev/null || ok=0
  help=$(chroot --userspec=65532:65532 "$dir" "/usr/local/bin/$name" --helpfull 2>&1 || true)
  grep -q -- '--port' <<<"$help" || ok=0
  rm -rf "$dir"
  if [ $ok = 1 ]; then
    echo "check-runtime-libs: $stage: $name links and runs in a clean minbase root with only [${sorted%,}]"
  else
    echo "check-runtime-libs: $stage: $name does NOT run in a root with only [${sorted%,}]" >&2
    status=1
  fi
done
exit $status
