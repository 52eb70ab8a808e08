//! `approve` and `unapprove`: a person's sign-off on translations, recorded
//! in the target's approvals file (see [`crate::approval`]) all at once or
//! not at all.

use super::checked::Checked;
use crate::approval::{self, Approval, Approvals, Day, Verdict};
use crate::error::{Error, Result};
use crate::fsx::write_atomic;
use crate::ftl::EntryRef;
use crate::project::Project;

/// The messages a command names.
pub enum Selection {
    /// Every message of the source.
    All,
    Ids(Vec<String>),
}

/// What `approve` did.
#[derive(Debug, PartialEq, Eq)]
pub struct Approved {
    /// The messages approved now, in the order asked.
    pub approved: Vec<String>,
    /// The messages already approved as they stand, left as they were.
    pub unchanged: Vec<String>,
}

/// Records that `by` approved, on `date`, the current translation into
/// `target` of the current source of each selected message. Refuses them
/// all, naming each and why, if one is missing, unknown, or has errors.
pub fn approve(
    project: &Project,
    target: &str,
    selection: &Selection,
    by: &str,
    date: Day,
) -> Result<Approved> {
    project.target(target)?;
    if by.trim().is_empty() {
        return Err(Error::Refused("say who approves: --by NAME".to_string()));
    }
    // A source message with an error is not approved either.
    let checked = Checked::for_locales(project, &[&project.manifest.source.tag, target]);
    let source = checked.catalog.source();
    let ids: Vec<String> = match selection {
        Selection::All => source
            .resources
            .iter()
            .flat_map(|r| r.entries())
            .filter(|(_, e)| matches!(e, EntryRef::Message(_)))
            .map(|(_, e)| e.name().to_string())
            .collect(),
        Selection::Ids(ids) => ids.clone(),
    };
    let mut refused = Vec::new();
    let mut fingerprints = Vec::new();
    for id in &ids {
        if id.starts_with('-') {
            refused.push(format!("{id}: a term is approved with the messages that use it"));
            continue;
        }
        let locale = checked.catalog.locales.iter().find(|l| l.tag() == target);
        let (Some(source_print), Some(translation)) =
            (approval::fingerprint(source, id), locale.and_then(|l| approval::fingerprint(l, id)))
        else {
            refused.push(match source.get(crate::ftl::EntryId { term: false, name: id }) {
                None => format!("{id}: the source has no such message"),
                Some(_) => format!("{id}: not translated into {target}"),
            });
            continue;
        };
        let errors: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.id.as_deref() == Some(id.as_str()))
            .filter(|d| [Some(target), Some(source.tag())].contains(&d.locale.as_deref()))
            .map(|d| format!("error[{}] at {}: {}", d.code, d.location(), d.message))
            .collect();
        if !errors.is_empty() {
            refused.push(format!("{id}: `fluentpress check` finds {}", errors.join("; ")));
            continue;
        }
        fingerprints.push((id, source_print, translation));
    }
    if !refused.is_empty() {
        return Err(Error::Refused(format!(
            "nothing approved: {} message(s) cannot be approved in {target}:\n  {}",
            refused.len(),
            refused.join("\n  ")
        )));
    }
    let mut approvals = Approvals::load(&project.root, target)?;
    let mut done = Approved { approved: Vec::new(), unchanged: Vec::new() };
    for (id, source, translation) in fingerprints {
        if let Verdict::Approved(_) = approvals.verdict(id, &source, &translation) {
            done.unchanged.push(id.clone());
            continue;
        }
        let approval = Approval { by: by.trim().to_string(), date, source, translation };
        approvals.by_id.insert(id.clone(), approval);
        done.approved.push(id.clone());
    }
    if !done.approved.is_empty() {
        write_atomic(&approval::path(&project.root, target), approvals.to_toml(target).as_bytes())?;
    }
    Ok(done)
}

/// Withdraws the approvals of `ids` in `target`; refuses them all if one
/// has none.
pub fn unapprove(project: &Project, target: &str, ids: &[String]) -> Result<usize> {
    project.target(target)?;
    let mut approvals = Approvals::load(&project.root, target)?;
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    let absent: Vec<&str> =
        ids.iter().filter(|id| !approvals.by_id.contains_key(*id)).map(String::as_str).collect();
    if !absent.is_empty() {
        return Err(Error::Refused(format!(
            "nothing withdrawn: not approved in {target}: {}",
            absent.join(", ")
        )));
    }
    for id in &ids {
        approvals.by_id.remove(id);
    }
    write_atomic(&approval::path(&project.root, target), approvals.to_toml(target).as_bytes())?;
    Ok(ids.len())
}
