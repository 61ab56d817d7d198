#!/usr/bin/env bash
# Packs `sae` (framework-dependent Release build with its plugins) and the .NET runtime it needs into
# tools/gpu/sae-gpu-check.tar.xz, for tools/gpu/check.sh on a GPU machine without the SDK or a network.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
dotnet build SaePlatform.sln -c Release -nologo -v quiet
app="$root/host/SaePlatform.Host/bin/Release/net10.0"
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
version=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }')
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/dist/dotnet/shared"
cp -a "$app" "$stage/dist/sae"
cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$stage/dist/dotnet/"
for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    mkdir -p "$stage/dist/dotnet/shared/$framework"
    cp -a "$dotnet_root/shared/$framework/$version" "$stage/dist/dotnet/shared/$framework/"
done
tar -C "$stage" -cf - dist | xz -T0 -6 > "$root/tools/gpu/sae-gpu-check.tar.xz"
echo "tools/gpu/sae-gpu-check.tar.xz: $(du -h "$root/tools/gpu/sae-gpu-check.tar.xz" | cut -f1) (runtime $version and sae); carry it with the repository"
