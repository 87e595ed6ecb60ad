#!/usr/bin/env python3
"""Drops the main module's element segments that write nothing but null into its table.

wasm-split reserves the function table's slots of every split module with
active segments of `ref.null func` in the main module, so that wasm-bindgen and
wasm-opt, which run after it, put nothing of their own there. Once they have
run, those segments do nothing: a table starts with every slot null, and the
main module declares it at its full size (its minimum covers every slot, which
this checks). The tool also writes an empty segment for each module that has
no slots; those go too. They were 47 KB of the main module's 818 KB, 4.3 KB brotli, in
every signed-in page's first load.

Every other segment is kept as it is. A segment of a form this does not read
stops the build rather than being guessed at.

Usage: scripts/wasm-drop-null-elements.py MODULE.wasm  (rewritten in place)
"""
import sys

ELEMENT_SECTION = 9
TABLE_SECTION = 4
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
    sys.exit(f"wasm-drop-null-elements: {why}")


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
    """The first table's minimum size (table 0, the function table)."""
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


def main() -> None:
    path = sys.argv[1]
    with open(path, "rb") as f:
        data = f.read()
    parts = sections(data)
    tables = [body for sid, body in parts if sid == TABLE_SECTION]
    if not tables:
        fail("the module defines no table")
    table_size = table_zero_size(tables[0])
    out = bytearray(data[:8])
    dropped = 0
    for sid, body in parts:
        if sid == ELEMENT_SECTION:
            body, dropped = drop_nulls(body, table_size)
        out += bytes([sid]) + uleb(len(body)) + body
    with open(path, "wb") as f:
        f.write(out)
    print(f"wasm-drop-null-elements: {dropped} null or empty segments dropped, {len(data) - len(out)} bytes")


if __name__ == "__main__":
    main()
