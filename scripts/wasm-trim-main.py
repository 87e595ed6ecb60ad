#!/usr/bin/env python3
"""Trims the main module of what only the build's tools needed, once they have run.

1. **Null element segments.** wasm-split reserves the function table's slots of
   every split module with active segments of `ref.null func` in the main module,
   so that wasm-bindgen and wasm-opt, which run after it, put nothing of their
   own there. Once they have run, those segments do nothing: a table starts with
   every slot null, and the main module declares it at its full size (its
   minimum covers every slot, which this checks). The tool also writes an empty
   segment for each module without slots. They were 907 segments, 53 KB of the
   main module's 818 KB raw, 4,339 bytes brotli. Every other segment is kept as
   it is; a segment of a form this does not read stops the build.

2. **Import names.** wasm-bindgen names each JavaScript function the main
   module imports `__wbg_<name>_<16 hex digits>`, in the module's import section
   and again as the key of `dezky.js`' import object: 199 hashes that do not
   compress, twice. Both get the short name (`then`, or `then_2` where two would
   meet); the JavaScript that defines each import is unchanged. Each key must be
   found exactly once in `dezky.js`, or the build stops.

Run after wasm-opt, on the files as served.

Usage: scripts/wasm-trim-main.py PKG_DIR  (dezky.wasm and dezky.js, rewritten in place)
"""
import os
import re
import sys

IMPORT_SECTION = 2
TABLE_SECTION = 4
ELEMENT_SECTION = 9
# The module name under which wasm-bindgen's JavaScript is imported.
BINDGEN_MODULE = "./dezky_bg.js"
I32_CONST, END, REF_NULL, REF_FUNC, FUNCREF = 0x41, 0x0B, 0xD0, 0xD2, 0x70


def leb(data: bytes, i: int) -> tuple[int, int]:
    """An unsigned LEB128 number at `i`, and the index after it."""
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def sleb(data: bytes, i: int) -> tuple[int, int]:
    value, end = leb(data, i)
    bits = 7 * (end - i)
    if value >> (bits - 1) & 1:
        value -= 1 << bits
    return value, end


def uleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def fail(why: str) -> None:
    sys.exit(f"wasm-trim-main: {why}")


def sections(data: bytes) -> list[tuple[int, bytes]]:
    if data[:8] != b"\0asm\x01\0\0\0":
        fail("not a wasm module")
    out, i = [], 8
    while i < len(data):
        sid = data[i]
        size, start = leb(data, i + 1)
        out.append((sid, data[start : start + size]))
        i = start + size
    return out


def table_zero_size(body: bytes) -> int:
    """The first table's minimum size (table 0, the function table, as the
    module imports no table: `short_names` checks)."""
    count, i = leb(body, 0)
    if count < 1 or body[i] != FUNCREF:
        fail("table 0 is not a function table")
    _flags, i = leb(body, i + 1)
    minimum, _ = leb(body, i)
    return minimum


def drop_nulls(body: bytes, table_size: int) -> tuple[bytes, int]:
    """The element section without its null-only and empty segments, and how many it dropped."""
    count, i = leb(body, 0)
    kept = []
    for _ in range(count):
        start = i
        flags, i = leb(body, i)
        if flags not in (0, 4):
            fail(f"an element segment of form {flags} (only 0 and 4 are read)")
        if body[i] != I32_CONST:
            fail("an element segment whose offset is not a constant")
        offset, i = sleb(body, i + 1)
        if body[i] != END:
            fail("an element segment whose offset is not a constant")
        n, i = leb(body, i + 1)
        only_null = True
        for _ in range(n):
            if flags == 0:
                _, i = leb(body, i)
                only_null = False
                continue
            op = body[i]
            if op == REF_NULL:
                i += 2
            elif op == REF_FUNC:
                _, i = leb(body, i + 1)
                only_null = False
            else:
                fail(f"an element expression starting with {op:#x}")
            if body[i] != END:
                fail("an element expression of more than one instruction")
            i += 1
        if offset + n > table_size:
            fail(f"a segment writes slots {offset}..{offset + n}, past the table's {table_size}")
        if not only_null:
            kept.append(body[start:i])
    if i != len(body):
        fail("the element section has bytes after its segments")
    return uleb(len(kept)) + b"".join(kept), count - len(kept)


def name(data: bytes, i: int) -> tuple[bytes, int]:
    n, i = leb(data, i)
    return data[i : i + n], i + n


def limits(data: bytes, i: int) -> int:
    flags, i = leb(data, i)
    _, i = leb(data, i)
    if flags & 1:
        _, i = leb(data, i)
    return i


def short_names(body: bytes) -> tuple[bytes, dict[str, str]]:
    """The import section with wasm-bindgen's imports renamed, and the renames."""
    count, i = leb(body, 0)
    out = bytearray(uleb(count))
    renames: dict[str, str] = {}
    taken: set[str] = set()
    for _ in range(count):
        module, i = name(body, i)
        field, i = name(body, i)
        start = i
        kind = body[i]
        i += 1
        if kind == 0:  # a function: its type index
            _, i = leb(body, i)
        elif kind == 1:  # a table: it would be table 0, not the one measured
            fail("the module imports a table")
        elif kind == 2:  # a memory
            i = limits(body, i)
        elif kind == 3:  # a global: value type, mutability
            i += 2
        else:
            fail(f"an import of kind {kind}")
        if module.decode() == BINDGEN_MODULE:
            old = field.decode()
            short = re.sub(r"_[0-9a-f]{16}$", "", old.removeprefix("__wbg_"))
            new, n = short, 1
            while new in taken:
                n += 1
                new = f"{short}_{n}"
            taken.add(new)
            renames[old] = new
            field = new.encode()
        out += uleb(len(module)) + module + uleb(len(field)) + field + body[start:i]
    if i != len(body):
        fail("the import section has bytes after its imports")
    return bytes(out), renames


def rename_in_js(js: str, renames: dict[str, str]) -> str:
    """Renames each import object key, defined once as `<key>: function`."""
    for old, new in renames.items():
        js, n = re.subn(rf"^(\s+){re.escape(old)}(: function\b)", rf"\g<1>{new}\g<2>", js, flags=re.M)
        if n != 1:
            fail(f"dezky.js defines the import {old} {n} times")
    return js


def main() -> None:
    pkg = sys.argv[1]
    wasm_path, js_path = os.path.join(pkg, "dezky.wasm"), os.path.join(pkg, "dezky.js")
    with open(wasm_path, "rb") as f:
        data = f.read()
    parts = sections(data)
    tables = [body for sid, body in parts if sid == TABLE_SECTION]
    if not tables:
        fail("the module defines no table")
    table_size = table_zero_size(tables[0])
    out = bytearray(data[:8])
    dropped, renames = 0, {}
    for sid, body in parts:
        if sid == ELEMENT_SECTION:
            body, dropped = drop_nulls(body, table_size)
        elif sid == IMPORT_SECTION:
            body, renames = short_names(body)
        out += bytes([sid]) + uleb(len(body)) + body
    with open(js_path) as f:
        js = f.read()
    js_out = rename_in_js(js, renames)
    with open(wasm_path, "wb") as f:
        f.write(out)
    with open(js_path, "w") as f:
        f.write(js_out)
    print(
        f"wasm-trim-main: {dropped} null or empty element segments dropped, {len(renames)} imports renamed;"
        f" dezky.wasm {len(data) - len(out)} bytes and dezky.js {len(js) - len(js_out)} bytes smaller"
    )


if __name__ == "__main__":
    main()
