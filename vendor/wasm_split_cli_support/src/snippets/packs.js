// dezky patch: a page's first load comes in one file per route on screen. The
// page's <head> preloads `pack_<route>.wasm` for its shell and its page (leptos
// links what `__wasm_split_manifest.json` lists for the routes it rendered): a
// little-endian u32 length, a JSON index `[[module, bytes], ...]`, then the
// modules' bytes in that order. Brotli compresses the modules of a page together
// far better than each alone. A module in no pack (a later navigation's) is
// fetched on its own; a pack that fails to load only costs those fetches.
//
// A part of a page that loads when it opens (a lazy function nested under the
// page) has a pack too, of what the page's first load lacks, fetched when the
// part's split module is: `ON_DEMAND` maps that module to its pack (filled in
// by scripts/wasm-split-packs.py). The part's chunks are looked up after that
// fetch has begun (`makeLoad` starts them all in one synchronous run), and a
// module in no pack waits for the packs in flight before it is fetched alone.
const ON_DEMAND = {};
const onDemand = new Map();
function fetchOnDemand(name) {
    const pack = ON_DEMAND[name];
    if (pack === undefined || onDemand.has(pack)) {
        return;
    }
    onDemand.set(pack, fetch(new URL(`./${pack}.wasm`, import.meta.url))
        .then((res) => res.ok ? res.arrayBuffer() : Promise.reject(new Error(`${pack}: ${res.status}`)))
        .then((buffer) => new Map(unpack(buffer)))
        .catch((e) => {
            console.error(e);
            return new Map();
        }));
}
function take(modules, name) {
    const bytes = modules.get(name);
    // Each module is instantiated once; a pack's memory goes with its last.
    modules.delete(name);
    return bytes;
}
let packs;
function packed() {
    if (packs === undefined) {
        const links = document.querySelectorAll('link[rel="preload"][href*="/pack_"]');
        packs = Promise.all(Array.from(links, (link) => fetch(link.href)
            .then((res) => res.ok ? res.arrayBuffer() : Promise.reject(new Error(`${link.href}: ${res.status}`)))
            .then(unpack)
            .catch((e) => {
                console.error(e);
                return [];
            })))
            .then((lists) => new Map(lists.flat()));
    }
    return packs;
}
function unpack(buffer) {
    const length = new DataView(buffer).getUint32(0, true);
    const index = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)));
    let at = 4 + length;
    return index.map(([name, size]) => {
        const bytes = new Uint8Array(buffer, at, size);
        at += size;
        return [name, bytes];
    });
}
function fetchModule(name, wrap = (instantiate) => instantiate) {
    return () => {
        fetchOnDemand(name);
        const src = packed().then(async (modules) => {
            let bytes = take(modules, name);
            for (const pack of bytes === undefined ? await Promise.all(onDemand.values()) : []) {
                bytes ??= take(pack, name);
            }
            return bytes ?? fetch(new URL(`./${name}.wasm`, import.meta.url));
        });
        src.catch(() => {});
        return async (imports) => {
            const source = await src;
            return wrap(source instanceof Response
                ? WebAssembly.instantiateStreaming(source, imports)
                : WebAssembly.instantiate(source, imports));
        };
    };
}
