use clap::{Parser, ValueEnum};
use eyre::Result;
use std::path::Path;

use wasm_split_cli_support as this;

#[derive(Debug, ValueEnum, Clone, Copy, PartialEq, Eq, Default)]
enum Target {
    #[default]
    Web,
    Bundler,
}

#[derive(Debug, Parser)]
#[command(name = "wasm-split")]
struct Cli {
    /// Input .wasm file.
    input: Box<Path>,

    /// Output directory.
    output: Box<Path>,

    /// Output target
    #[arg(long)]
    target: Option<Target>,

    /// Output module name
    #[arg(long)]
    out_name: Option<String>,

    /// dezky patch: PARENT=CHILD,CHILD,...: the children never load without the
    /// parent (a nested route's shell); the chunks they share with it are merged.
    #[arg(long, value_parser = parse_nested)]
    nested: Vec<(String, Vec<String>)>,

    /// dezky patch: code every --nested parent and child needs goes into the main
    /// module (when nothing else loads the main module).
    #[arg(long)]
    shared_into_main: bool,

    /// Print verbose split information.
    #[arg(short, long)]
    verbose: bool,
}

fn parse_nested(arg: &str) -> std::result::Result<(String, Vec<String>), String> {
    let (parent, children) = arg
        .split_once('=')
        .ok_or_else(|| format!("{arg}: expected PARENT=CHILD,CHILD,..."))?;
    let children: Vec<String> = children
        .split(',')
        .filter(|child| !child.is_empty())
        .map(str::to_owned)
        .collect();
    if parent.is_empty() || children.is_empty() {
        return Err(format!("{arg}: expected PARENT=CHILD,CHILD,..."));
    }
    Ok((parent.to_owned(), children))
}

fn main() -> Result<()> {
    tracing_subscriber::fmt::init();

    let args = Cli::parse();
    let input_wasm = std::fs::read(args.input)?;
    let stem = match args.out_name.as_ref() {
        Some(name) => name,
        None => "main",
    };
    let main_module;
    let main_out_path = args.output.join(&format!("{stem}.wasm"));
    let _ = this::transform({
        let mut opts = this::Options::new(&input_wasm);
        opts.verbose = args.verbose;
        opts.nested = args.nested.clone();
        opts.shared_into_main = args.shared_into_main;
        opts.output_dir = &args.output;
        opts.main_out_path = &main_out_path;
        if let Some(name) = args.out_name.as_ref() {
            main_module = match args.target {
                None | Some(Target::Web) => format!("./{name}.js"),
                Some(Target::Bundler) => format!("./{name}_bg.wasm"),
            };
            opts.main_module = &main_module;
        }
        match args.target {
            Some(Target::Web) => {
                opts.target.web();
            }
            Some(Target::Bundler) => {
                opts.target.bundler();
            }
            None => {}
        }
        opts
    })?;
    Ok(())
}
