#!/usr/bin/env python3
"""Test vectors for dezky's audit Merkle tree, from RFC 9162 section 2.1 as the
RFC writes it (recursive MTH, PATH and PROOF), independently of the Rust code.
Leaf i's data is the bytes of "dezky-leaf-{i}". Writes JSON to stdout:
  python3 dev/merkle/vectors.py > app/src/services/audit/merkle_vectors.json
"""
import hashlib, json, sys

sys.setrecursionlimit(10000)


def h(b):
    return hashlib.sha256(b).digest()


def leaf(d):
    return h(b"\x00" + d)


def node(l, r):
    return h(b"\x01" + l + r)


def k_of(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(ls):
    n = len(ls)
    if n == 0:
        return h(b"")
    if n == 1:
        return ls[0]
    k = k_of(n)
    return node(mth(ls[:k]), mth(ls[k:]))


def path(m, ls):
    n = len(ls)
    if n == 1:
        return []
    k = k_of(n)
    if m < k:
        return path(m, ls[:k]) + [mth(ls[k:])]
    return path(m - k, ls[k:]) + [mth(ls[:k])]


def subproof(m, ls, b):
    n = len(ls)
    if m == n:
        return [] if b else [mth(ls)]
    k = k_of(n)
    if m <= k:
        return subproof(m, ls[:k], b) + [mth(ls[k:])]
    return subproof(m - k, ls[k:], False) + [mth(ls[:k])]


def hx(b):
    return b.hex()


def tree(n, indices, olds):
    ls = [leaf(f"dezky-leaf-{i}".encode()) for i in range(n)]
    return {
        "size": n,
        "root": hx(mth(ls)),
        "inclusion": [{"index": i, "path": [hx(p) for p in path(i, ls)]} for i in indices],
        "consistency": [
            {"old_size": m, "old_root": hx(mth(ls[:m])), "proof": [hx(p) for p in subproof(m, ls, True)]}
            for m in olds
        ],
    }


out = {"leaf_data": "dezky-leaf-{i}", "empty_root": hx(h(b"")), "trees": []}
for n in [1, 2, 3, 7, 8, 9]:
    out["trees"].append(tree(n, list(range(n)), list(range(1, n + 1))))
big = 1_000_003
out["trees"].append(tree(big, [0, 524_288, 999_999, big - 1], [1, 7, 524_288, 1_000_000, big]))
json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
