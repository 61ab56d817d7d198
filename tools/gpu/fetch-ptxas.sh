#!/usr/bin/env bash
# Puts NVIDIA's PTX assembler, ptxas, at tools/gpu/ptxas/ptxas (ignored by git) and prints its path, so that the CUDA
# backend's tests can assemble every kernel's PTX for sm_80 and sm_90 on a machine without a GPU (docs/gpu.md).
#
# ptxas comes from Debian's non-free nvidia-cuda-toolkit package (CUDA 11.8 on bookworm, 12.x later). Only that package
# is downloaded (about 85 MB) and only the one static binary is kept: nothing is installed, and the machine's apt
# sources and lists are left as they were (the non-free source is read into a list folder of this script's own).
# Exit 0 with the path on stdout; non-zero with the reason on stderr (the tests then skip, saying how to get ptxas).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
target="$root/tools/gpu/ptxas/ptxas"
if [ -x "$target" ] && "$target" --version >/dev/null 2>&1; then echo "$target"; exit 0; fi
command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || { echo "fetch-ptxas: needs apt-get and dpkg-deb (Debian)" >&2; exit 3; }

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || { echo "fetch-ptxas: /etc/os-release names no VERSION_CODENAME" >&2; exit 3; }
# The machine's own Debian mirror (a local proxy on CI), else the public one.
mirror=$(grep -hsoE '^URIs:[[:space:]]*[^[:space:]]+/debian/?$' /etc/apt/sources.list.d/*.sources | head -n 1 | awk '{ print $2 }' || true)
[ -n "$mirror" ] || mirror=$(grep -hsoE '^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?[^[:space:]]+/debian/?[[:space:]]' /etc/apt/sources.list | head -n 1 | awk '{ print $NF }' || true)
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d "${TMPDIR:-/tmp}/sae-ptxas.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb [signed-by=$keyring] $mirror $codename non-free" > "$work/non-free.list"
apt_own=(-o "Dir::Etc::SourceList=$work/non-free.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$work/lists"
         -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root -qq)
apt-get "${apt_own[@]}" update >&2 || { echo "fetch-ptxas: cannot read Debian non-free from $mirror" >&2; exit 4; }
(cd "$work" && apt-get "${apt_own[@]}" download nvidia-cuda-toolkit >&2) ||
    { echo "fetch-ptxas: cannot download nvidia-cuda-toolkit from $mirror $codename non-free" >&2; exit 4; }
dpkg-deb -x "$work"/nvidia-cuda-toolkit_*.deb "$work/x"
[ -x "$work/x/usr/bin/ptxas" ] || { echo "fetch-ptxas: the package holds no usr/bin/ptxas" >&2; exit 4; }
mkdir -p "$(dirname "$target")"
cp "$work/x/usr/bin/ptxas" "$target.partial" && mv "$target.partial" "$target"
"$target" --version | tail -n 2 >&2
echo "$target"
