//! `fluentpress xliff`: exchange with translation agencies.

use super::load_as;
use anyhow::Context;
use fluentpress::error::Error;
use fluentpress::fsx::{Transaction, write_atomic};
use fluentpress::pipeline::{Checked, XliffRequest};
use fluentpress::project::Project;
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

fn import(
    root: &Path,
    files: &[PathBuf],
    dry_run: bool,
    force: bool,
    creator: Option<String>,
) -> anyhow::Result<ExitCode> {
    let loaded = load_as(root, !dry_run)?;
    let project = &*loaded;
    let checked = Checked::run(project);
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
        return Ok(ExitCode::from(u8::from(!clean)));
    }
    // The files and the memory that learns them change together, or not at all.
    let mut transaction = Transaction::new(&project.root, &project.output_dir());
    xliff::stage_changes(&project.root, &changes, &mut transaction)?;
    let learnt = learn_imported(project, &changes, &applied, &mut transaction)?;
    transaction.commit()?;
    for change in &changes {
        println!("wrote {}", change.path);
    }
    for line in learnt {
        println!("{line}");
    }
    Ok(ExitCode::from(u8::from(!clean)))
}

/// Stages in `transaction` the project memory with the applied
/// translations learnt, made by the agency, as the `.ftl` files will hold
/// them once the import's `changes` are written; checked first, so that a
/// translation with errors is not learnt. What it learnt, a line per target.
fn learn_imported(
    project: &Project,
    changes: &[FileChange],
    applied: &[(String, Vec<String>, String)],
    transaction: &mut Transaction,
) -> anyhow::Result<Vec<String>> {
    if applied.iter().all(|(_, ids, _)| ids.is_empty()) {
        return Ok(Vec::new());
    }
    let texts: Vec<(&str, &str)> = changes.iter().map(|c| (c.path.as_str(), c.after.as_str())).collect();
    let imported = project.with_texts(&texts);
    let mut checked = Checked::run(&imported);
    if checked.memory.is_none() {
        eprintln!("warning: {} cannot be read; the memory did not learn the import", project.manifest.tm);
        return Ok(Vec::new());
    }
    let mut lines = Vec::new();
    for (target, ids, creator) in applied.iter().filter(|(_, ids, _)| !ids.is_empty()) {
        let stamp = Stamp { date: Date::now(), creator: creator.clone() };
        let learnt = checked.confirm(target, ids, &stamp, transaction)?;
        lines.push(format!("{}: learnt {learnt} pair(s) in {target} from {creator}", project.manifest.tm));
    }
    Ok(lines)
}
