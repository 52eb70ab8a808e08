//! `xliff import`: agencies' XLIFF files merged into the `.ftl` files. Each
//! file is planned against the project as it is (see
//! [`xliff::plan_import`]); two files may not change the same `.ftl` file;
//! then the changed files and the memory that learns the applied
//! translations are written in one transaction, or nothing is.

use super::checked::Checked;
use crate::error::{Error, Result};
use crate::fsx::Transaction;
use crate::project::Project;
use crate::tm::leverage::Stamp;
use crate::tm::{Date, Memory, lang_matches};
use crate::xliff::{self, FileChange, ImportOptions, Summary};
use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

pub struct ImportRequest<'a> {
    pub files: &'a [PathBuf],
    /// Plan and report, write nothing.
    pub dry_run: bool,
    /// Apply the units whose source changed since the export as well.
    pub force: bool,
    /// Who the memory says made the translations; by default the tool the
    /// file names, else the file's name.
    pub creator: Option<String>,
    /// The target locale of files that name none.
    pub target: Option<String>,
}

/// What an import did.
pub struct ImportReport {
    /// Each file with what became of its units.
    pub files: Vec<(PathBuf, Summary)>,
    /// The `.ftl` files changed (or, in a dry run, that would be).
    pub changes: Vec<FileChange>,
    /// What the memory learnt, a line per target.
    pub learnt: Vec<String>,
    /// What kept the memory from learning, if anything.
    pub warnings: Vec<String>,
}

impl ImportReport {
    /// Whether every unit of every file applied (see [`Summary::is_clean`]).
    pub fn is_clean(&self) -> bool {
        self.files.iter().all(|(_, summary)| summary.is_clean())
    }
}

/// The applied translations of one file, for the memory.
struct Applied {
    target: String,
    /// By file and unit ID.
    ids: Vec<(Option<String>, String)>,
    creator: String,
}

pub fn import(project: &Project, request: &ImportRequest<'_>) -> Result<ImportReport> {
    let mut checked = Checked::run(project);
    let mut report =
        ImportReport { files: Vec::new(), changes: Vec::new(), learnt: Vec::new(), warnings: Vec::new() };
    let mut changed_by: HashMap<String, &Path> = HashMap::new();
    let mut applied = Vec::new();
    for file in request.files {
        let open = || File::open(file).map(BufReader::new).map_err(|e| Error::io(file, e));
        let refused = |source| xliff::FileError { path: file.clone(), source };
        let info = xliff::first_file(open()?).map_err(refused)?;
        let target = target_of(project, file, info, request.target.as_deref())?;
        let options = ImportOptions { force: request.force, target_given: request.target.is_some() };
        let plan = xliff::plan_import(&checked.catalog, &target, open()?, &options).map_err(refused)?;
        for change in &plan.changes {
            if let Some(other) = changed_by.insert(change.path.clone(), file) {
                return Err(Error::Refused(format!(
                    "{} and {} both change {}: import them one at a time",
                    other.display(),
                    file.display(),
                    change.path
                )));
            }
        }
        let creator = request.creator.clone().or(plan.tool).unwrap_or_else(|| {
            file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned())
        });
        let ids =
            plan.summary.applied_ids.iter().map(|(file, id)| (Some(file.clone()), id.clone())).collect();
        applied.push(Applied { target, ids, creator });
        report.files.push((file.clone(), plan.summary));
        report.changes.extend(plan.changes);
    }
    if request.dry_run {
        return Ok(report);
    }
    let mut transaction = Transaction::new(&project.root, &project.output_dir());
    xliff::stage_changes(&project.root, &report.changes, &mut transaction)?;
    learn_applied(project, checked.memory.take(), &applied, &mut report, &mut transaction)?;
    transaction.commit()?;
    Ok(report)
}

/// The project's target locale an XLIFF file translates into.
fn target_of(
    project: &Project,
    file: &Path,
    info: Option<xliff::FileInfo>,
    given: Option<&str>,
) -> Result<String> {
    let named = match (info.as_ref().and_then(|i| i.target_language.as_deref()), given) {
        (Some(named), Some(given)) if !lang_matches(given, named) => {
            return Err(Error::Refused(format!(
                "{}: the XLIFF translates into `{named}`, not `{given}` as --target says",
                file.display()
            )));
        }
        (Some(named), _) => named,
        (None, Some(given)) => given,
        (None, None) => {
            return Err(Error::Refused(format!(
                "{}: the XLIFF names no target language (XLIFF 1.2's target-language, 2.x's trgLang): \
                 name it with --target",
                file.display()
            )));
        }
    };
    let targets = &project.manifest.targets;
    targets.iter().find(|l| lang_matches(&l.tag, named)).map(|l| l.tag.clone()).ok_or_else(|| {
        let tags: Vec<&str> = targets.iter().map(|l| l.tag.as_str()).collect();
        Error::Refused(format!(
            "{}: the XLIFF translates into `{named}`, which is not a target locale of the project ({})",
            file.display(),
            tags.join(", ")
        ))
    })
}

/// Stages in `transaction` the project memory with the applied
/// translations learnt, made by the agency, as the `.ftl` files will hold
/// them once the report's changes are written: the project as it will be is
/// checked (in memory, with the `memory` already loaded) first, so that a
/// translation with errors is not learnt. A memory that cannot be read
/// learns nothing, with a warning.
fn learn_applied(
    project: &Project,
    memory: Option<Memory>,
    applied: &[Applied],
    report: &mut ImportReport,
    transaction: &mut Transaction,
) -> Result<()> {
    if applied.iter().all(|a| a.ids.is_empty()) {
        return Ok(());
    }
    let texts: Vec<(&str, &str)> =
        report.changes.iter().map(|c| (c.path.as_str(), c.after.as_str())).collect();
    let Some(memory) = memory else {
        let tm = &project.manifest.tm;
        report.warnings.push(format!("{tm} cannot be read; the memory did not learn the import"));
        return Ok(());
    };
    let imported = project.with_texts(&texts);
    let mut checked = Checked::with_memory(&imported, memory);
    for Applied { target, ids, creator } in applied.iter().filter(|a| !a.ids.is_empty()) {
        let stamp = Stamp { date: Date::now(), creator: creator.clone() };
        let learnt = checked.confirm(target, ids, &stamp, transaction)?;
        report
            .learnt
            .push(format!("{}: learnt {learnt} pair(s) in {target} from {creator}", project.manifest.tm));
    }
    Ok(())
}
