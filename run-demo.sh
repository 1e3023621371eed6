#!/usr/bin/env bash
# The main job: set everything up on a fresh Debian 12 machine (as root, with the .NET SDK),
# build our patched kernel and the tools, and run the demonstration in a QEMU guest.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
dotnet build tests/Bench -c Release -nologo -v q
exec dotnet tests/Bench/bin/Release/net10.0/bench.dll demo
