//! `# fluentpress-allow: KIND[, KIND] -- REASON`: a comment attached to a
//! message or term that allows its findings of those kinds in its locale.
//! A reason is required; an allow that allows nothing is itself a warning,
//! so that allows do not outlive what they were for.

use crate::diagnostic::{Diagnostic, Level, Severity, qa_default, qa_kind_list};
use crate::ftl::{EntryRef, ParsedResource};
use crate::manifest::Manifest;
use std::ops::Range;

const PREFIX: &str = "fluentpress-allow:";

struct Allow {
    locale: String,
    id: String,
    kinds: Vec<String>,
    reason: String,
    /// The comment line, for the warning when it allows nothing.
    at: Diagnostic,
    used: bool,
}

#[derive(Default)]
pub struct Allows(Vec<Allow>);

impl Allows {
    /// Reads an entry's allows; a malformed one is an error in `out`.
    pub fn read(
        &mut self,
        resource: &ParsedResource<'_>,
        entry: &EntryRef<'_, '_>,
        tag: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let comment = match entry {
            EntryRef::Message(m) => m.comment.as_ref(),
            EntryRef::Term(t) => t.comment.as_ref(),
        };
        let id = entry.id().to_string();
        for line in comment.iter().flat_map(|c| &c.content) {
            let Some(rest) = line.trim_start().strip_prefix(PREFIX) else { continue };
            let span: Range<usize> = resource.span_of(line);
            let file = &resource.file;
            let at = Diagnostic::new(Severity::Error, "allow", "")
                .at(&file.path, &file.text, span)
                .locale(tag)
                .id(&id);
            let (kinds, reason) = match rest.split_once(" -- ") {
                Some((kinds, reason)) if !reason.trim().is_empty() => (kinds, reason.trim()),
                _ => {
                    out.push(Diagnostic {
                        message: "an allow needs a reason: `# fluentpress-allow: KIND -- REASON`".into(),
                        ..at
                    });
                    continue;
                }
            };
            let kinds: Vec<String> = kinds.split(',').map(|k| k.trim().to_string()).collect();
            if kinds.iter().any(String::is_empty) {
                out.push(Diagnostic {
                    message: "an allow names each kind it allows, between commas: `# fluentpress-allow: KIND, KIND -- REASON`".into(),
                    ..at
                });
                continue;
            }
            if let Some(unknown) = kinds.iter().find(|k| qa_default(k).is_none()) {
                out.push(Diagnostic {
                    message: format!(
                        "`{unknown}` is not a kind of check that can be allowed: use {}",
                        qa_kind_list()
                    ),
                    ..at
                });
                continue;
            }
            self.0.push(Allow {
                locale: tag.to_string(),
                id: id.clone(),
                kinds,
                reason: reason.to_string(),
                at,
                used: false,
            });
        }
    }

    /// Marks each finding an allow covers with its reason, and adds a
    /// warning for each allow of a kind that is on and covers nothing.
    pub fn apply(mut self, mut diagnostics: Vec<Diagnostic>, manifest: &Manifest) -> Vec<Diagnostic> {
        for d in &mut diagnostics {
            let allow = self.0.iter_mut().find(|a| {
                d.locale.as_deref() == Some(a.locale.as_str())
                    && d.id.as_deref() == Some(a.id.as_str())
                    && a.kinds.iter().any(|k| k == d.code)
            });
            if let Some(allow) = allow {
                allow.used = true;
                d.allowed = Some(allow.reason.clone());
            }
        }
        for allow in self.0.into_iter().filter(|a| !a.used) {
            let on: Vec<&String> = allow.kinds.iter().filter(|k| manifest.level(k) != Level::Off).collect();
            if !on.is_empty() {
                let kinds: Vec<String> = on.iter().map(|k| format!("`{k}`")).collect();
                diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    message: format!("this allow of {} allows nothing: remove it", kinds.join(", ")),
                    ..allow.at
                });
            }
        }
        diagnostics
    }
}
