#!/usr/bin/env python3
"""Prints `--nested` arguments for wasm-split-cli from the app's route table.

A signed-in face's pages are lazy routes nested in the face's shell, itself a lazy
route (`<ParentRoute ... view={Page::of::<PortalShellRoute>()}>` in
app/src/app.rs): a page never loads without its shell. wasm-split-cli (our patched
copy in vendor/) then merges the shared chunks that differ only by such pages, and
with `--shared-into-main` moves the code every signed-in page needs into the main
module, which only those pages load (the website's pages are documents). Each
`--nested` names a shell's route and its pages' routes, snake-cased:
`--nested portal_shell_route=portal_home_route,dashboard_page_route,...`.

The website's frame (`SiteFrameRoute`: nav and footer) is a lazy route too, so
that no signed-in page loads it, but it is no face: its pages are documents that
never hydrate, so it is left out here, and code it shares with every face still
goes into the main module.

A page's on-demand parts (`on_demand! { PageRoute => path::to::part, ...; }` in
app/src/app.rs: lazy functions that a page opens, such as a form in a panel) are
a second level, `--nested page_route=part,...`: code the page loads is counted as
needed by its parts, and scripts/wasm-split-packs.py gives each part a pack of
what the page's first load lacks.

Usage: scripts/lazy-route-nesting.py app/src/app.rs
"""
import re
import sys


WEBSITE_FRAME = "SiteFrameRoute"


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def nesting(source: str) -> list[tuple[str, list[str]]]:
    out = []
    # A parent's attributes end at the line holding only its `>`.
    for head, body in re.findall(r"<ParentRoute\b(.*?)\n\s*>\s*\n(.*?)</ParentRoute>", source, re.S):
        shell = re.search(r"Page::of::<(\w+)>", head)
        if not shell:
            sys.exit("lazy-route-nesting: a <ParentRoute> whose view is no lazy route")
        if shell.group(1) == WEBSITE_FRAME:
            continue
        pages = re.findall(r"Page::of::<(\w+)>", body)
        if not pages:
            sys.exit(f"lazy-route-nesting: the shell {shell.group(1)} has no lazy page")
        out.append((snake(shell.group(1)), [snake(p) for p in pages]))
    return out


def on_demand(source: str) -> list[tuple[str, list[str]]]:
    table = re.search(r"^on_demand! \{\n(.*?)^\}", source, re.S | re.M)
    if not table:
        return []
    out = []
    for page, parts in re.findall(r"^\s*(\w+) => ([^;]+);", table.group(1), re.M):
        out.append((snake(page), [p.strip().split("::")[-1] for p in parts.split(",") if p.strip()]))
    return out


def main() -> None:
    source = open(sys.argv[1]).read()
    found = nesting(source)
    if not found:
        sys.exit(f"lazy-route-nesting: no lazy shell with pages in {sys.argv[1]}")
    pages = {page for _, shell_pages in found for page in shell_pages}
    for page, parts in on_demand(source):
        if page not in pages:
            sys.exit(f"lazy-route-nesting: on_demand! names {page}, no page of a signed-in face")
        found.append((page, parts))
    for parent, children in found:
        print(f"--nested {parent}={','.join(children)}")


if __name__ == "__main__":
    main()
