#!/usr/bin/env python3
"""Packs each signed-in route's first-load modules into one file, and tells leptos.

A face's first load is its shell's modules and its page's: 120 to 300 small wasm
files, each compressed alone (the median chunk was 197 bytes brotli). Brotli
compresses them far better together, so for every shell and every page nested in
one (the `--nested SHELL=PAGE,...` lines of scripts/lazy-route-nesting.py) this
writes `pack_<route>.wasm` (`pack_portal_shell.wasm`: the route's name, without
`_route`, is the one name tests and the bench look for):

    u32 little-endian length of the index | index: JSON [[module, bytes], ...] |
    the modules' bytes, in the index's order

A shell's pack holds its modules; a page's holds those its shell's pack does not
(a page never loads without its shell). `__wasm_split_manifest.json` names each
route's pack: leptos reads it and preloads, in a page's <head>, the packs of the
routes it rendered (the website's pages are documents and render no hydration
scripts, so they preload nothing). The loader (`packs.js` in our copy of
wasm-split, vendor/README.md) takes every module it can from the packs and
fetches any other on its own: a later navigation loads only the modules the
first load lacked, as before.

A page's on-demand parts (lazy functions nested under the page: `on_demand!` in
app/src/app.rs, a second `--nested PAGE=PART,...` level) get a pack each too, of
what the page's first load did not bring. Nothing preloads it: the loader's
`ON_DEMAND` table, filled in here, maps the part's split module to its pack,
and the loader fetches the pack when the part opens. A lazy function nested
under no page (the shell's toast list, the confirm dialog: any page may open one) gets a pack of
all its modules but the main module's.

Run after wasm-opt, on the modules as served. Reads `modules.json`
(scripts/wasm-split-modules.py).

Usage: scripts/wasm-split-packs.py PKG_DIR [--nested SHELL=PAGE,PAGE ... --nested PAGE=PART,...]
"""
import json
import os
import re
import struct
import sys


def split_key(modules: dict[str, list[str]], route: str) -> str:
    """A lazy route's split is `__<route>_view_<hash>`, a lazy function's `<name>_<hash>`."""
    name = re.escape(route)
    keys = [k for k in modules if re.fullmatch(rf"__{name}_view_\d+|{name}_\d+", k)]
    if len(keys) != 1:
        sys.exit(f"wasm-split-packs: {route} names {len(keys)} split points in modules.json")
    return keys[0]


def nesting(args: list[str]) -> list[tuple[str, list[str]]]:
    words = iter(args)
    out = []
    for word in words:
        if word != "--nested":
            sys.exit(f"wasm-split-packs: unexpected argument {word}")
        shell, pages = next(words).split("=", 1)
        out.append((shell, pages.split(",")))
    return out


def pack_name(route: str) -> str:
    return "pack_" + route.removesuffix("_route")


def write_pack(pkg: str, pack: str, names: list[str]) -> None:
    blobs = []
    for name in names:
        with open(os.path.join(pkg, name + ".wasm"), "rb") as f:
            blobs.append(f.read())
    index = json.dumps([[n, len(b)] for n, b in zip(names, blobs)], separators=(",", ":")).encode()
    with open(os.path.join(pkg, pack + ".wasm"), "wb") as f:
        f.write(struct.pack("<I", len(index)))
        f.write(index)
        for blob in blobs:
            f.write(blob)


def main() -> None:
    pkg = sys.argv[1]
    with open(os.path.join(pkg, "modules.json")) as f:
        modules = json.load(f)
    nested = nesting(sys.argv[2:])
    # A shell's pages nest under it, and a page's on-demand parts under the page.
    children = {page for _, pages in nested for page in pages}
    parts_of = {parent: parts for parent, parts in nested if parent in children}
    manifest = {}
    on_demand = {}
    for shell, pages in nested:
        if shell in children:
            continue
        shell_key = split_key(modules, shell)
        loaded = set(modules[shell_key])
        write_pack(pkg, pack_name(shell), modules[shell_key])
        manifest[shell_key] = [pack_name(shell)]
        for page in pages:
            key = split_key(modules, page)
            own = [m for m in modules[key] if m not in loaded]
            if own:
                write_pack(pkg, pack_name(page), own)
                manifest[key] = [pack_name(page)]
            # A part opens on its page: its pack holds what the page's first
            # load did not bring. It is fetched when the part opens, so it is
            # in the loader's table, not in the manifest (nothing preloads it).
            for part in parts_of.get(page, []):
                part_key = split_key(modules, part)
                have = loaded | set(modules[key])
                part_own = [m for m in modules[part_key] if m not in have]
                write_pack(pkg, pack_name(part), part_own)
                on_demand[f"split_{part_key}"] = pack_name(part)
    # A lazy function nested under no page (the toast list, the confirm dialog)
    # may open on any page: its pack holds what the main module lacks.
    for key, names in modules.items():
        if re.fullmatch(r"__\w+_view_\d+", key) or f"split_{key}" in on_demand:
            continue
        part = re.sub(r"_\d+$", "", key)
        write_pack(pkg, pack_name(part), names)
        on_demand[f"split_{key}"] = pack_name(part)
    if not manifest:
        sys.exit("wasm-split-packs: no nested routes given")
    with open(os.path.join(pkg, "__wasm_split_manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    write_on_demand(pkg, on_demand)


def write_on_demand(pkg: str, on_demand: dict[str, str]) -> None:
    """Fills the loader's `ON_DEMAND` table (vendor/wasm_split_cli_support, packs.js)."""
    loaders = [n for n in os.listdir(pkg) if n.startswith("__wasm_split.") and n.endswith(".js")]
    if len(loaders) != 1:
        sys.exit(f"wasm-split-packs: {len(loaders)} loaders in {pkg}")
    path = os.path.join(pkg, loaders[0])
    with open(path) as f:
        loader = f.read()
    empty = "const ON_DEMAND = {};"
    if loader.count(empty) != 1:
        sys.exit(f"wasm-split-packs: {loaders[0]} has no `{empty}` to fill")
    table = json.dumps(on_demand, separators=(",", ":"), sort_keys=True)
    with open(path, "w") as f:
        f.write(loader.replace(empty, f"const ON_DEMAND = {table};"))


if __name__ == "__main__":
    main()
