#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ against the package's modules, with libFuzzer's coverage
# instrumentation and AddressSanitizer: each module is compiled by swiftc into a static library and a
# .swiftmodule under .build/fuzz/, then each target is linked against the ones it imports.
# Usage: Fuzz/build.sh [TARGET...]   (no argument: every target)
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/fuzz
mkdir -p "$out"
flags=(-sanitize=fuzzer,address -O -g -parse-as-library -package-name linkfit -I "$out" -L "$out")

# module: its dependencies, in build order.
modules=(Comparators LinkIO Pseudonyms Fellegi Releases)
declare -A deps=([Comparators]="" [LinkIO]="" [Pseudonyms]="" [Fellegi]="Comparators LinkIO Pseudonyms"
                 [Releases]="Fellegi LinkIO Pseudonyms Comparators")

build_module() {
    local module=$1 sources newest
    mapfile -t sources < <(find "Sources/$module" -name '*.swift' | sort)
    newest=$(ls -t "${sources[@]}" | head -1)
    if [[ -f "$out/lib$module.a" && "$out/lib$module.a" -nt "$newest" ]]; then
        local stale=0
        for dep in ${deps[$module]}; do [[ "$out/lib$dep.a" -nt "$out/lib$module.a" ]] && stale=1; done
        (( stale == 0 )) && return 0
    fi
    echo "build: module $module (${#sources[@]} files)" >&2
    swiftc "${flags[@]}" -module-name "$module" -emit-library -static -emit-module \
        -emit-module-path "$out/$module.swiftmodule" -o "$out/lib$module.a" "${sources[@]}"
}

# target: the modules it links (Fuzz/TARGET.swift is its source).
declare -A links=([csv]="LinkIO" [settings]="Fellegi LinkIO Comparators Pseudonyms"
                  [model]="Fellegi LinkIO Comparators Pseudonyms"
                  [oldnew]="Fellegi LinkIO Comparators Pseudonyms"
                  [ledger]="Releases Fellegi LinkIO Comparators Pseudonyms")
targets=("$@")
(( ${#targets[@]} )) || targets=(csv settings model oldnew ledger)

for module in "${modules[@]}"; do build_module "$module"; done
for target in "${targets[@]}"; do
    [[ -n "${links[$target]:-}" ]] || { echo "build: unknown target '$target' (csv settings model oldnew ledger)" >&2; exit 64; }
    libs=()
    for module in ${links[$target]}; do libs+=("-l$module"); done
    echo "build: target $target" >&2
    swiftc "${flags[@]}" -module-name "Fuzz_$target" Fuzz/FuzzSupport.swift "Fuzz/$target.swift" "${libs[@]}" -o "$out/fuzz-$target"
done
