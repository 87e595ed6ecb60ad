#!/usr/bin/env python3
"""Writes the split bundle's module list: for each lazy function, the modules it needs.

`wasm-split-cli` writes a loader that knows, for every split point, its own module
and the shared chunks it depends on. This lists them in cargo-leptos' manifest
format, {"<split name>": ["chunk_3", "split_<split name>"]}, as `modules.json`:
scripts/wasm-split-packs.py packs a signed-in page's first load from it.

It is deliberately not named `__wasm_split_manifest.json`: leptos would then put a
`<link rel="preload">` for every module of the page into its <head>, 150 to 200
links (28 KB) that doubled a page's HTML. That manifest names each route's pack
instead (scripts/wasm-split-packs.py).

Usage: scripts/wasm-split-modules.py PKG_DIR LOADER_FILE_NAME
"""
import json
import os
import re
import sys


def manifest(loader: str) -> dict[str, list[str]]:
    # export const __wasm_split_load_<name> = wrapAsyncCb(makeLoad(fetchModule("split_<name>"), chunks([1,2,3,0])));
    # (a debug build's loader passes `debugWrap` after the module's name); the
    # chunks are runs of `chunk_N.wasm`, each as its distance from the end of
    # the run before (the first from 0) and its length less one: [1,2,3,0] is
    # chunks 1 to 3 and 7 (`chunk_deltas` in our copy of the tool's js.rs).
    pattern = re.compile(
        r'export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(fetchModule\("([^"]+)"(?:, debugWrap)?\), chunks\(\[([^)]*)\]\)\)\);'
    )
    out = {}
    for name, module, runs in pattern.findall(loader):
        chunks = []
        numbers = [int(n) for n in re.findall(r"\d+", runs)]
        if len(numbers) % 2:
            sys.exit(f"wasm-split-modules: {name}'s chunks are not pairs: {runs}")
        at = 0
        for gap, length in zip(numbers[::2], numbers[1::2]):
            first = at + gap
            chunks += [f"chunk_{n}" for n in range(first, first + length + 1)]
            at = first + length + 1
        out[name] = chunks + [module]
    return out


def main() -> None:
    pkg, loader_name = sys.argv[1], sys.argv[2]
    with open(os.path.join(pkg, loader_name)) as f:
        found = manifest(f.read())
    exports = len(re.findall(r"export const __wasm_split_load_", open(os.path.join(pkg, loader_name)).read()))
    if not found or len(found) != exports:
        sys.exit(f"wasm-split-modules: read {len(found)} of {exports} split points from {loader_name}")
    for modules in found.values():
        for m in modules:
            if not os.path.exists(os.path.join(pkg, m + ".wasm")):
                sys.exit(f"wasm-split-modules: {m}.wasm is named by the loader but missing")
    with open(os.path.join(pkg, "modules.json"), "w") as f:
        json.dump(found, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
