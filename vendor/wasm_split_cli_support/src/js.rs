use eyre::Result;
use std::{collections::HashMap, fmt::Write, path::Path};

use crate::{
    dep_graph::DepNode,
    emit::EmitState,
    read::InputModule,
    split_point::{OutputModuleInfo, SplitModuleIdentifier, SplitProgramInfo},
    tracing_support::perf_span,
};

type PrefetchMap = HashMap<String, Vec<String>>;
pub struct LinkModuleWriter<'p> {
    input_module: &'p InputModule<'p>,
    input_options: &'p crate::Options<'p>,
    program_info: &'p SplitProgramInfo,
    javascript: String,
    prefetch_map: PrefetchMap,
}

impl<'p> LinkModuleWriter<'p> {
    fn new(program_info: &'p SplitProgramInfo, emit_state: &'p EmitState<'p>) -> Self {
        Self {
            program_info,
            input_module: emit_state.input(),
            input_options: emit_state.input_options(),
            javascript: String::new(),
            prefetch_map: HashMap::new(),
        }
    }
    fn canary_name(&self) -> &str {
        self.program_info.canary_export_name()
    }
    fn write_main_import(&mut self, mod_path: &str) -> Result<()> {
        match self.input_options.target {
            crate::OutputTarget::Web(_) => writeln!(
                &mut self.javascript,
                r#"import {{ initSync }} from "{}";
"#,
                mod_path
            )?,
            crate::OutputTarget::Bundler(_) => writeln!(
                &mut self.javascript,
                r#"import * as __wasm from "{}";
"#,
                mod_path
            )?,
        }
        Ok(())
    }
    fn write_get_shared_imports(&mut self, main_shares: &str) -> Result<()> {
        let canary_props = if self.input_module.options.debug_assertions {
            format!("{}: ~0xdead,", self.canary_name())
        } else {
            String::new()
        };
        let main_exports = match self.input_options.target {
            crate::OutputTarget::Web(_) => "initSync(undefined, undefined)",
            crate::OutputTarget::Bundler(_) => "__wasm",
        };
        Ok(write!(
            &mut self.javascript,
            r#"let sharedImports = undefined;
function getSharedImports() {{
    if (sharedImports === undefined) {{
        sharedImports = {{ __wasm_split: {{ {canary_props} }} }};
        const {{ {main_shares} }} = {main_exports};
        Object.assign(sharedImports.__wasm_split, {{ {main_shares} }});
    }}
    return sharedImports;
}}
"#
        )?)
    }
    fn write_runtime(&mut self) -> Result<()> {
        self.javascript
            .push_str(include_str!("./snippets/split_wasm.js"));
        // dezky patch: one function fetches (or unpacks) every module.
        if let crate::OutputTarget::Web(_) = self.input_options.target {
            self.javascript
                .push_str(include_str!("./snippets/packs.js"));
        }
        if self.input_module.options.debug_assertions {
            self.javascript
                .push_str(include_str!("./snippets/instantiate.debug.js"));
        }
        Ok(())
    }
    fn write_export_const(&mut self, name: &str, def: &impl std::fmt::Display) -> Result<()> {
        Ok(writeln!(
            &mut self.javascript,
            "export const {name} = {def};"
        )?)
    }
    fn fetcher<'pth>(&self, file_path: impl 'pth + std::fmt::Display) -> String {
        let wrap = if self.input_module.options.debug_assertions {
            "debugWrap"
        } else {
            ""
        };
        // Note: the expression returned from here should:
        // - allow lazily fetching the wasm module (no top-level import)
        // - allow bundlers and downstream code to recognize it as an expression to a path ("relocate" the import)
        // - observe any promises that run in parallel; The loader runs the instantiation only after dependency
        //   fetching succeeds. On failure or before, rejections of promises here would else be unhandled and lead
        //   to spurious `unhandledrejection` events.
        match self.input_options.target {
            // Note: we use the form `new URL(<string literal>, import.meta.url)` which is understood by some
            // bundlers as syntax that can get rewritten if the path from where the file gets fetched is changed
            // (for example due to attaching a has of its contents).
            // dezky patch: a call to the fetcher in `snippets/packs.js` instead
            // of its body written out for each of the ~800 modules: about 40% of
            // the loader's raw bytes, but only ~100 bytes brotli (the repeated
            // body compressed well).
            crate::OutputTarget::Web(_) => if wrap.is_empty() {
                format!("fetchModule({file_path})")
            } else {
                format!("fetchModule({file_path}, {wrap})")
            },
            crate::OutputTarget::Bundler(_) => format!(
                r#"() => {{
    const module = import.source({file_path});
    module.catch(() => {{}});
    return async (imports) => {wrap}(new WebAssembly.Instance(await module, imports));
}}
"#
            ),
        }
    }
    /// dezky patch: the web target names a module by its file name without
    /// `./` and `.wasm` (`fetchModule` adds them, and finds it in a pack first).
    fn module_fetcher(&self, file_name: &str) -> String {
        match self.input_options.target {
            crate::OutputTarget::Web(_) => self.fetcher(format_args!("\"{file_name}\"")),
            crate::OutputTarget::Bundler(_) => self.fetcher(format_args!("\"./{file_name}.wasm\"")),
        }
    }
    fn write_loaders(&mut self, program: &SplitProgramInfo) -> Result<()> {
        let mut split_deps = HashMap::<String, Vec<usize>>::new();
        // dezky patch: see `chunk_ranges`.
        self.javascript.push_str(
            "const chunk = [];\nconst chunks = (d) => { const out = []; let i = 0; for (let k = 0; k < d.length; k += 2) { i += d[k]; for (const last = i + d[k + 1]; i <= last; i++) out.push(chunk[i]); } return out; };\n",
        );
        let mut web_chunks = Vec::new();
        for (module_index, (name, module)) in program.output_modules.iter().enumerate() {
            let SplitModuleIdentifier::Chunk(splits) = name else {
                continue;
            };
            if module.is_empty {
                continue;
            }
            let file_name = name.filename(module_index);
            // dezky patch: no comment naming the chunk's routes (half the
            // loader's bytes, downloaded by every signed-in page), and the
            // chunks in one array that a split's dependencies index by ranges.
            // For the web target the array is filled by one loop over the
            // chunks' indices (`chunk_N` is module N), not a line per chunk.
            match self.input_options.target {
                crate::OutputTarget::Web(_) => web_chunks.push(module_index),
                crate::OutputTarget::Bundler(_) => {
                    let fetcher = self.module_fetcher(&file_name);
                    writeln!(
                        &mut self.javascript,
                        "chunk[{module_index}] = makeLoad({fetcher}, []);"
                    )?;
                }
            }
            for split in splits {
                split_deps
                    .entry(split.clone())
                    .or_default()
                    .push(module_index);
                self.prefetch_map
                    .entry(split.clone())
                    .or_default()
                    .push(file_name.clone());
            }
        }
        if !web_chunks.is_empty() {
            let fetcher = self.fetcher("\"chunk_\" + i");
            writeln!(
                &mut self.javascript,
                "for (const [first, last] of [{}]) for (let i = first; i <= last; i++) chunk[i] = makeLoad({fetcher}, []);",
                chunk_ranges(web_chunks)
            )?;
        }
        for (module_index, (identifier, module)) in program.output_modules.iter().enumerate().rev()
        {
            let split = match &identifier {
                SplitModuleIdentifier::Main | SplitModuleIdentifier::Chunk(_) => continue,
                SplitModuleIdentifier::Split(split) => split,
            };
            let is_empty = module.is_empty;
            let file_name = identifier.filename(module_index);
            let loader_name = identifier.loader_name();
            let deps = chunk_deltas(split_deps.remove(split).unwrap_or_default());
            let fetch_opts = if is_empty {
                "() => async (_imp) => ({})".to_string()
            } else {
                self.module_fetcher(&file_name)
            };
            self.write_export_const(
                &loader_name,
                &format_args!("wrapAsyncCb(makeLoad({fetch_opts}, chunks([{deps}])))"),
            )?;
            let prefetches = self.prefetch_map.entry(split.clone()).or_default();
            if !is_empty {
                prefetches.push(file_name);
            }
        }
        Ok(())
    }

    pub fn emit(self, path: &Path) -> Result<PrefetchMap> {
        std::fs::write(path, self.javascript)?;
        Ok(self.prefetch_map)
    }
}

/// dezky patch: indices as runs of consecutive ones, `[53,89],[100,100]`
/// (the chunk table's loop).
fn chunk_ranges(mut chunks: Vec<usize>) -> String {
    chunks.sort_unstable();
    chunks.dedup();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for index in chunks {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == index => *last = index,
            _ => runs.push((index, index)),
        }
    }
    runs.iter()
        .map(|(first, last)| format!("[{first},{last}]"))
        .collect::<Vec<_>>()
        .join(",")
}

/// dezky patch: a split's chunks as runs of consecutive indices, each given by
/// its distance from the end of the run before (the first from 0) and its
/// length less one: `[53,4,42,0]` is 53 to 57 and 100. Small numbers that
/// repeat compress far better than the indices (5,147 -> 2,650 bytes brotli
/// for the 55 splits, with the chunks ordered as `split_point.rs` orders them).
fn chunk_deltas(mut chunks: Vec<usize>) -> String {
    chunks.sort_unstable();
    chunks.dedup();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for index in chunks {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == index => *last = index,
            _ => runs.push((index, index)),
        }
    }
    let mut next = 0;
    let mut out = Vec::new();
    for (first, last) in runs {
        out.push((first - next).to_string());
        out.push((last - first).to_string());
        next = last + 1;
    }
    out.join(",")
}

#[cfg(test)]
mod dezky_tests {
    #[test]
    fn chunk_deltas_are_gaps_and_lengths_of_runs() {
        assert_eq!(super::chunk_deltas(vec![]), "");
        assert_eq!(super::chunk_deltas(vec![7]), "7,0");
        assert_eq!(super::chunk_deltas(vec![55, 53, 54, 100, 57, 56]), "53,4,42,0");
        assert_eq!(super::chunk_deltas(vec![0, 1, 3]), "0,1,1,0");
    }

    #[test]
    fn chunk_ranges_are_runs_of_consecutive_indices() {
        assert_eq!(super::chunk_ranges(vec![]), "");
        assert_eq!(super::chunk_ranges(vec![7]), "[7,7]");
        assert_eq!(super::chunk_ranges(vec![55, 53, 54, 100, 57, 56]), "[53,57],[100,100]");
    }
}

fn reexported_shared_symbols(
    emit_state: &EmitState,
    program_info: &SplitProgramInfo,
    module: &OutputModuleInfo,
) -> Result<String> {
    let mut shares = String::new();
    let mut exported: Vec<_> = program_info
        .shared_deps
        .iter()
        .filter_map(|dep| {
            if let DepNode::Function(_) | DepNode::DataSymbol(_) = dep {
                return None;
            }
            if !module.included_symbols.contains(dep) {
                return None;
            }
            Some(emit_state.name_for(dep))
        })
        .collect();
    exported.sort();
    for export in exported {
        let () = write!(&mut shares, "{}, ", export.as_ref())?;
    }
    Ok(shares)
}

pub fn link_module<'p>(
    main_module_path: &str,
    program_info: &'p SplitProgramInfo,
    emit_state: &'p EmitState,
) -> Result<LinkModuleWriter<'p>> {
    let js_emit_span = perf_span!("emit js");
    let _emit_span = js_emit_span.enter();
    let mut link_module = LinkModuleWriter::new(program_info, emit_state);

    let (_, main_module) = program_info
        .output_modules
        .iter()
        .find(|(id, _)| matches!(id, SplitModuleIdentifier::Main))
        .unwrap();
    let main_shared = reexported_shared_symbols(emit_state, program_info, main_module)?;

    link_module.write_main_import(main_module_path)?;
    link_module.write_get_shared_imports(&main_shared)?;
    link_module.write_runtime()?;
    link_module.write_loaders(program_info)?;
    Ok(link_module)
}
