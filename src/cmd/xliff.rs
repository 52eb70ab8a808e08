//! `fluentpress xliff`: exchange with translation agencies.

use super::load_as;
use anyhow::Context;
use fluentpress::fsx::write_atomic;
use fluentpress::ops::import::ImportRequest;
use fluentpress::ops::{self, Checked, XliffRequest};
use fluentpress::xliff::{self, Version};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Write the XLIFF of a target locale: what needs work, with the memory's matches.
    #[command(after_help = "By default the file is out/xliff/<document>.<source>-<target>.xlf.\n\n\
        Example:\n  fluentpress xliff export --target pl --version 2.1")]
    Export {
        #[arg(long, value_name = "LOCALE")]
        target: String,
        #[arg(long, value_enum, default_value = "1.2")]
        version: VersionArg,
        /// Every unit, translated ones too (translated and approved).
        #[arg(long)]
        all: bool,
        /// Put the source text into the targets of untranslated units (no
        /// memory pre-fill), for tools that translate inside <target> such
        /// as OmegaT (XLIFF 1.2).
        #[arg(long)]
        copy_source: bool,
        /// Where to write: a file, or `-` for standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Merge translated XLIFF files (1.2, 2.0, 2.1) into the .ftl files.
    #[command(after_help = "A unit applies when its ID names a message part of the project, its \
        source is still the current source (else it is a conflict), the file says a translator \
        confirmed its target (1.2: translated, final, signed-off or approved=\"yes\"; 2.x: translated, \
        reviewed, final; or no state at all) and its target keeps the codes of the source or of the \
        current translation. Exit status 1 when a unit is rejected or in conflict.\n\n\
        Example:\n  fluentpress xliff import agency/resolution.fr-pl.xlf --dry-run")]
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print the changes as a diff and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Apply the units whose source changed since the export as well.
        #[arg(long)]
        force: bool,
        /// Who the memory says made the imported translations; by default the
        /// tool the file names, else the file's name.
        #[arg(long, value_name = "NAME")]
        creator: Option<String>,
        /// The target locale, for files that name none (1.2 target-language,
        /// 2.x trgLang).
        #[arg(long, value_name = "LOCALE")]
        target: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum VersionArg {
    #[value(name = "1.2")]
    V1_2,
    #[value(name = "2.1")]
    V2_1,
}

pub fn run(root: &Path, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Export { target, version, all, copy_source, output } => {
            let version = match version {
                VersionArg::V1_2 => Version::V1_2,
                VersionArg::V2_1 => Version::V2_1,
            };
            export(root, &target, &XliffRequest { version, all, copy_source }, output)
        }
        Command::Import { files, dry_run, force, creator, target } => {
            import(root, &ImportRequest { files: &files, dry_run, force, creator, target })
        }
    }
}

fn export(
    root: &Path,
    target: &str,
    request: &XliffRequest,
    output: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let to_stdout = output.as_ref().is_some_and(|o| o.as_os_str() == "-");
    let loaded = load_as(root, !to_stdout)?;
    let project = &*loaded;
    project.target(target)?;
    let manifest = &project.manifest;
    let checked = Checked::run(project);
    let units = checked.units(target)?;
    let Some(text) = checked.export_xliff(Some(checked.memory()?), units, request)? else {
        eprintln!("nothing to translate into {target}: every unit is translated (--all exports them all)");
        return Ok(ExitCode::SUCCESS);
    };
    let output = output.unwrap_or_else(|| {
        let name = manifest.documents.first().map_or("project", |d| d.name.as_str());
        project.output_dir().join("xliff").join(xliff::export_file_name(name, &manifest.source.tag, target))
    });
    if to_stdout {
        std::io::stdout().write_all(text.as_bytes()).context("writing to standard output")?;
    } else {
        write_atomic(&output, text.as_bytes())?;
        println!("wrote {}", output.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn import(root: &Path, request: &ImportRequest<'_>) -> anyhow::Result<ExitCode> {
    let dry_run = request.dry_run;
    let project = load_as(root, !dry_run)?;
    let report = ops::import::import(&project, request)?;
    for (file, summary) in &report.files {
        print!("{}: {summary}", file.display());
    }
    if dry_run {
        for change in &report.changes {
            print!("{}", change.diff());
        }
        println!("dry run: nothing written");
    } else {
        for change in &report.changes {
            println!("wrote {}", change.path);
        }
        for warning in &report.warnings {
            eprintln!("warning: {warning}");
        }
        for line in &report.learnt {
            println!("{line}");
        }
    }
    Ok(ExitCode::from(u8::from(!report.is_clean())))
}
