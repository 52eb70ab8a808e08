//! `fluentpress xliff`: exchange with translation agencies.

use super::load;
use anyhow::Context;
use fluentpress::error::Error;
use fluentpress::fsx::write_atomic;
use fluentpress::pipeline::{Checked, XliffRequest};
use fluentpress::tm::leverage::Stamp;
use fluentpress::tm::{Date, lang_matches};
use fluentpress::xliff::{self, FileChange, ImportOptions, Version};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Write};
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
        /// Put the source text into the targets of untranslated units, for
        /// tools that translate inside <target> such as OmegaT (XLIFF 1.2).
        #[arg(long)]
        copy_source: bool,
        /// Where to write: a file, or `-` for standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Merge translated XLIFF files (1.2, 2.0, 2.1) into the .ftl files.
    #[command(after_help = "A unit applies when its ID names a message part of the project, its \
        source is still the current source (else it is a conflict) and its target keeps the \
        source's codes. Exit status 1 when a unit is rejected.\n\n\
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
        Command::Import { files, dry_run, force, creator } => import(root, &files, dry_run, force, creator),
    }
}

fn export(
    root: &Path,
    target: &str,
    request: &XliffRequest,
    output: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let project = load(root)?;
    project.target(target)?;
    let manifest = &project.manifest;
    let checked = Checked::run(&project);
    let units = checked.units(target)?;
    let Some(text) = checked.export_xliff(Some(checked.memory()?), units, request)? else {
        eprintln!("nothing to translate into {target}: every unit is translated (--all exports them all)");
        return Ok(ExitCode::SUCCESS);
    };
    let output = output.unwrap_or_else(|| {
        let name = manifest.documents.first().map_or("project", |d| d.name.as_str());
        project.output_dir().join("xliff").join(xliff::export_file_name(name, &manifest.source.tag, target))
    });
    if output.as_os_str() == "-" {
        std::io::stdout().write_all(text.as_bytes()).context("writing to standard output")?;
    } else {
        write_atomic(&output, text.as_bytes())?;
        println!("wrote {}", output.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn import(
    root: &Path,
    files: &[PathBuf],
    dry_run: bool,
    force: bool,
    creator: Option<String>,
) -> anyhow::Result<ExitCode> {
    let project = load(root)?;
    let checked = Checked::run(&project);
    let mut changes: Vec<FileChange> = Vec::new();
    let mut changed_by: HashMap<String, &Path> = HashMap::new();
    let mut applied: Vec<(String, Vec<String>, String)> = Vec::new();
    let mut clean = true;
    for file in files {
        let open = || File::open(file).map(BufReader::new).map_err(|e| Error::io(file, e));
        let refused = |source| Error::Xliff { path: file.clone(), source };
        let info = xliff::first_file(open()?).map_err(refused)?;
        let named = info.as_ref().and_then(|i| i.target_language.as_deref()).unwrap_or_default();
        let target = project
            .manifest
            .targets
            .iter()
            .find(|l| lang_matches(&l.tag, named))
            .map(|l| l.tag.clone())
            .ok_or_else(|| {
                let targets: Vec<&str> = project.manifest.targets.iter().map(|l| l.tag.as_str()).collect();
                Error::Refused(format!(
                    "{}: the XLIFF translates into `{named}`, which is not a target locale of the project ({})",
                    file.display(),
                    targets.join(", ")
                ))
            })?;
        let plan = xliff::plan_import(&checked.catalog, &target, open()?, &ImportOptions { force })
            .map_err(refused)?;
        for change in &plan.changes {
            if let Some(other) = changed_by.insert(change.path.clone(), file) {
                return Err(Error::Refused(format!(
                    "{} and {} both change {}: import them one at a time",
                    other.display(),
                    file.display(),
                    change.path
                ))
                .into());
            }
        }
        print!("{}: {}", file.display(), plan.summary);
        clean &= plan.summary.is_clean();
        let by = creator.clone().or(plan.tool).unwrap_or_else(|| {
            file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned())
        });
        applied.push((target, plan.summary.applied_ids, by));
        changes.extend(plan.changes);
    }
    if dry_run {
        for change in &changes {
            print!("{}", change.diff());
        }
        println!("dry run: nothing written");
    } else {
        xliff::write_changes(root, &changes)
            .map_err(|source| Error::Xliff { path: root.to_path_buf(), source })?;
        for change in &changes {
            println!("wrote {}", change.path);
        }
        learn_imported(root, &applied)?;
    }
    Ok(ExitCode::from(u8::from(!clean)))
}

/// Records the applied translations in the project memory, made by the
/// agency, once they are in the `.ftl` files.
fn learn_imported(root: &Path, applied: &[(String, Vec<String>, String)]) -> anyhow::Result<()> {
    if applied.iter().all(|(_, ids, _)| ids.is_empty()) {
        return Ok(());
    }
    let project = load(root)?;
    let mut checked = Checked::run(&project);
    if checked.memory.is_none() {
        eprintln!("warning: {} cannot be read; the memory did not learn the import", project.manifest.tm);
        return Ok(());
    }
    for (target, ids, creator) in applied.iter().filter(|(_, ids, _)| !ids.is_empty()) {
        let learnt = checked.confirm(target, ids, &Stamp { date: Date::now(), creator: creator.clone() })?;
        println!("{}: learnt {learnt} pair(s) in {target} from {creator}", project.manifest.tm);
    }
    Ok(())
}
