#!/usr/bin/env python3
"""Writes the split bundle's module list: for each lazy function, the modules it needs.

`wasm-split-cli` writes a loader that knows, for every split point, its own module
and the shared chunks it depends on. This lists them in cargo-leptos' manifest
format, {"<split name>": ["chunk_3", "split_<split name>"]}, as `modules.json`:
bench/run.sh sums a first visit's payload from it.

It is deliberately not named `__wasm_split_manifest.json`: leptos would then put a
`<link rel="preload">` for every module of the page into its <head>. With a chunk
per set of routes sharing code, that is 150 to 200 links (28 KB) on a public page,
which doubled its HTML for every visitor and crawler; without them the modules
load once the runtime has started (one round trip later).

Usage: scripts/wasm-split-modules.py PKG_DIR LOADER_FILE_NAME
"""
import json
import os
import re
import sys


def manifest(loader: str) -> dict[str, list[str]]:
    # export const __wasm_split_load_<name> = wrapAsyncCb(makeLoad(() => {
    #     const src = fetch(new URL("./split_<name>.wasm", import.meta.url));
    #     ...
    # }
    # , [__chunk_1, __chunk_7]));
    pattern = re.compile(
        r'export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*'
        r'const src = fetch\(new URL\("\./([^"]+)\.wasm".*?\n\}\n, \[([^\]]*)\]',
        re.S,
    )
    out = {}
    for name, module, deps in pattern.findall(loader):
        chunks = [d.strip().removeprefix("__") for d in deps.split(",") if d.strip()]
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
