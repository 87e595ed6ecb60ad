// dezky patch: a page's first load comes in one file per route on screen. The
// page's <head> preloads `pack_<route>.wasm` for its shell and its page (leptos
// links what `__wasm_split_manifest.json` lists for the routes it rendered): a
// little-endian u32 length, a JSON index `[[module, bytes], ...]`, then the
// modules' bytes in that order. Brotli compresses the modules of a page together
// far better than each alone. A module in no pack (a later navigation's) is
// fetched on its own; a pack that fails to load only costs those fetches.
//
// A part of a page that loads when it opens (a lazy function nested under the
// page) has a pack too, fetched when its split module is: `ON_DEMAND` maps that
// module to its pack and the modules in it (written by
// scripts/wasm-split-packs.py). Its chunks are looked up after the split
// module's fetch has begun (`makeLoad` starts them in one synchronous run), so
// they are taken from that pack, not fetched one by one.
const ON_DEMAND = {};
const onDemand = new Map();
function fetchOnDemand(name) {
    const entry = ON_DEMAND[name];
    if (entry === undefined || onDemand.has(name)) {
        return;
    }
    const [pack, names] = entry;
    const modules = fetch(new URL(`./${pack}.wasm`, import.meta.url))
        .then((res) => res.ok ? res.arrayBuffer() : Promise.reject(new Error(`${pack}: ${res.status}`)))
        .then((buffer) => new Map(unpack(buffer)))
        .catch((e) => {
            console.error(e);
            return new Map();
        });
    for (const module of names) {
        onDemand.set(module, modules);
    }
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
        const src = packed().then((modules) => {
            const bytes = modules.get(name);
            if (bytes === undefined) {
                const pack = onDemand.get(name);
                onDemand.delete(name);
                const alone = () => fetch(new URL(`./${name}.wasm`, import.meta.url));
                return pack === undefined ? alone() : pack.then((found) => found.get(name) ?? alone());
            }
            // Each module is instantiated once; the pack's memory goes with its last.
            modules.delete(name);
            return bytes;
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
