//! `fluentpress glossary`: import, export, lookup.

use super::{load, load_for_writing};
use anyhow::Context;
use fluentpress::fsx::write_atomic;
use fluentpress::ftl::Catalog;
use fluentpress::glossary::{self, TbxVersion};
use fluentpress::ops::glossary as ops;
use fluentpress::tm::Date;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Merge a TBX file (TBX 2008 or v3) into the project's own glossary.
    #[command(after_help = "The same concept (the same ID, or a source term in common) is one entry; \
        languages the project does not have are left out.\n\nExample:\n  fluentpress glossary import iate.tbx --creator IATE")]
    Import {
        file: PathBuf,
        /// Who the new concepts come from.
        #[arg(long, value_name = "NAME")]
        creator: Option<String>,
    },
    /// Write the glossary (own file, references, Fluent terms) as TBX-Basic for a CAT tool.
    #[command(after_help = "Example:\n  fluentpress glossary export -o kraków-pl.tbx --target pl")]
    Export {
        /// Where to write: a file, or `-` for standard output.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Only the source and this target language.
        #[arg(long, value_name = "LOCALE")]
        target: Option<String>,
        /// TBX 2008 (`martif`, what every CAT tool reads) or TBX v3 (ISO 30042:2019).
        #[arg(long, value_enum, default_value_t = Tbx::V2008)]
        tbx: Tbx,
    },
    /// Show the glossary's terms found in a source text, with their translations.
    #[command(after_help = "Example:\n  fluentpress glossary lookup \"les fonds européens\" --target pl")]
    Lookup {
        text: String,
        #[arg(long, value_name = "LOCALE")]
        target: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Tbx {
    #[value(name = "2008")]
    V2008,
    #[value(name = "v3")]
    V3,
}

pub fn run(root: &Path, command: Command) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    match command {
        Command::Import { file, creator } => {
            let writing = load_for_writing(root)?;
            let date = Date::now().day().to_string();
            let merged = ops::import(&writing.project, &file, creator.as_deref(), &date)?;
            for skipped in &merged.skipped {
                eprintln!("skipped {skipped}");
            }
            eprintln!(
                "{}: {} concept(s) added, {} extended, {} already there, {} skipped",
                writing.project.manifest.glossary,
                merged.added,
                merged.extended,
                merged.unchanged,
                merged.skipped.len()
            );
        }
        Command::Export { output, target, tbx } => {
            let project = load(root)?;
            let version = match tbx {
                Tbx::V2008 => TbxVersion::V2008,
                Tbx::V3 => TbxVersion::V3,
            };
            let (text, concepts) = ops::export(&project, target.as_deref(), version)?;
            if output.as_os_str() == "-" {
                std::io::stdout().write_all(text.as_bytes()).context("writing to standard output")?;
            } else {
                write_atomic(&output, text.as_bytes())?;
                eprintln!("wrote {concepts} concept(s) to {}", output.display());
            }
        }
        Command::Lookup { text, target } => {
            let project = load(root)?;
            if let Some(target) = &target {
                project.target(target)?;
            }
            let catalog = Catalog::parse(&project);
            let loaded = glossary::load(&project, &catalog);
            super::print_diagnostics(&loaded.diagnostics, true);
            // A glossary file that cannot be read fails the command, after
            // what could be read was shown.
            failed = loaded.diagnostics.iter().any(|d| d.is_error());
            let found = ops::lookup(&project, &loaded.glossary, &text);
            if found.is_empty() {
                eprintln!("no glossary term in this text");
            }
            let targets: Vec<&str> = match &target {
                Some(t) => vec![t.as_str()],
                None => project.manifest.targets.iter().map(|l| l.tag.as_str()).collect(),
            };
            for (term, concept) in &found {
                let dnt = if concept.do_not_translate { ", not to be translated" } else { "" };
                println!("{term} ({}{dnt})", concept.id);
                for target in &targets {
                    let terms: Vec<String> =
                        concept.terms(target).map(|t| format!("{} [{}]", t.text, t.status.name())).collect();
                    if !terms.is_empty() {
                        println!("  {target}: {}", terms.join(", "));
                    }
                }
            }
        }
    }
    Ok(ExitCode::from(u8::from(failed)))
}
