//! `fluentpress tm`: the translation memory's commands.

use super::{Format, load_as};
use anyhow::Context;
use fluentpress::diff::{self, Change};
use fluentpress::error::Error;
use fluentpress::fsx::{Transaction, write_atomic};
use fluentpress::ops::{Checked, LEARNT_BY};
use fluentpress::segment;
use fluentpress::tm::fuzzy::Query;
use fluentpress::tm::leverage::Stamp;
use fluentpress::tm::{Date, Memory, tmx};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Merge a TMX file (1.1 to 1.4b, UTF-8 or UTF-16) into the project memory.
    #[command(after_help = "Every pair of the source language with a target language is kept, \
        whichever language the file names as srclang.\n\nExample:\n  fluentpress tm import dgt.tmx --creator DGT")]
    Import {
        /// The TMX file.
        file: PathBuf,
        /// Who made the units that do not say (creationid and changeid).
        #[arg(long, value_name = "NAME")]
        creator: Option<String>,
    },
    /// Write the project memory as TMX 1.4b.
    #[command(after_help = "Example:\n  fluentpress tm export -o kraków.tmx --target pl")]
    Export {
        /// Where to write: a file, or `-` for standard output.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Only the pairs of this target locale.
        #[arg(long, value_name = "LOCALE")]
        target: Option<String>,
    },
    /// Show the memory's best matches for a source text.
    #[command(after_help = "Placeables are written as in a .ftl file. Scores: 101 the same text and \
        message ID, 100 the same text, 95-99 only numbers, codes, punctuation or case differ. \
        Under a fuzzy match, `differs:` shows what sets the text apart from the match's source: \
        [-words it lacks-]{+words it adds+}.\n\n\
        Example:\n  fluentpress tm lookup --target pl \"Promotion de { -city(case: \\\"genitive\\\") }\"")]
    Lookup {
        #[arg(long, value_name = "LOCALE")]
        target: String,
        /// The lowest score shown.
        #[arg(long, default_value_t = 75, value_parser = clap::value_parser!(u8).range(1..=101))]
        min: u8,
        /// How many matches at most.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// The source text.
        text: String,
    },
    /// Record every current translation with its current source (stale ones excepted); `build` does this too.
    #[command(after_help = "Example:\n  fluentpress tm learn")]
    Learn {
        /// Who the memory says made the new pairs.
        #[arg(long, value_name = "NAME", default_value = LEARNT_BY)]
        creator: String,
    },
    /// Record stale translations a translator found still right against the current source.
    #[command(after_help = "An ID is a message (all its units), or one unit: msg.attr, msg[one].\n\n\
        Example:\n  fluentpress tm confirm --locale pl thematic-objective-7")]
    Confirm {
        #[arg(long, value_name = "LOCALE")]
        locale: String,
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// Who confirms.
        #[arg(long, value_name = "NAME", default_value = LEARNT_BY)]
        creator: String,
    },
}

/// A match `lookup` shows.
#[derive(serde::Serialize)]
struct Found<'m> {
    score: u8,
    source: String,
    target: String,
    id: Option<&'m str>,
    origin: &'m str,
    changed: Option<String>,
    /// From the match's source to the text looked up, word by word: what
    /// the match's translation needs changed.
    changes: Vec<Change>,
}

pub fn run(root: &Path, command: Command) -> anyhow::Result<ExitCode> {
    let writes = matches!(command, Command::Import { .. } | Command::Learn { .. } | Command::Confirm { .. });
    let loaded = load_as(root, writes)?;
    let project = &*loaded;
    let mut transaction = Transaction::new(&project.root, &project.output_dir());
    let manifest = &project.manifest;
    let source = manifest.source.tag.as_str();
    let targets: Vec<&str> = manifest.targets.iter().map(|l| l.tag.as_str()).collect();
    match command {
        Command::Import { file, creator } => {
            let read = tmx::read_file(&file, source, &targets).map_err(Error::from)?;
            let mut memory = Memory::for_project(project).map_err(Error::from)?;
            let imported = memory.import(read, creator.as_deref());
            memory.save(root, source, &mut transaction).map_err(Error::from)?;
            transaction.commit()?;
            for skip in &imported.skipped {
                eprintln!("{}:{}: skipped: {}", file.display(), skip.line, skip.reason);
            }
            let stats = imported.stats;
            println!(
                "{}: {} pair(s) from {} unit(s): {} added, {} updated, {} already known; {} skipped",
                manifest.tm,
                imported.pairs,
                imported.tu_count,
                stats.added,
                stats.updated,
                stats.unchanged,
                imported.skipped.len()
            );
        }
        Command::Export { output, target } => {
            if let Some(target) = &target {
                project.target(target)?;
            }
            let memory = Memory::load_project(root, &manifest.tm, source, &targets).map_err(Error::from)?;
            let units: Vec<_> = memory
                .project()
                .iter()
                .filter(|u| target.as_ref().is_none_or(|t| &u.target_lang == t))
                .cloned()
                .collect();
            let text = tmx::write(&units, source);
            if output.as_os_str() == "-" {
                std::io::stdout().write_all(text.as_bytes()).context("writing to standard output")?;
            } else {
                write_atomic(&output, text.as_bytes())?;
                eprintln!("wrote {} pair(s) to {}", units.len(), output.display());
            }
        }
        Command::Lookup { target, min, limit, format, text } => {
            project.target(&target)?;
            let memory = Memory::for_project(project).map_err(Error::from)?;
            let query_text = segment::from_fluent_text(&text, None);
            let query = Query {
                source: &query_text,
                fluent_id: None,
                fluent_file: None,
                target_lang: &target,
                min_score: min,
                limit,
            };
            let asked = query_text.plain_text();
            let found: Vec<Found<'_>> = memory
                .searcher()
                .lookup(&query)
                .into_iter()
                .map(|m| Found {
                    score: m.score,
                    changes: diff::words(&m.source, &asked),
                    source: m.source,
                    target: m.target,
                    id: m.unit.fluent_id.as_deref(),
                    origin: m.origin,
                    changed: m.unit.change_date.map(|d| d.to_string()),
                })
                .collect();
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&found)?),
                Format::Human if found.is_empty() => eprintln!("no match of {min}% or more"),
                Format::Human => {
                    let colour = super::colour(false);
                    for m in &found {
                        let id = m.id.map(|id| format!(", {id}")).unwrap_or_default();
                        println!("{}%  ({}{id})", m.score, m.origin);
                        println!("  {source}: {}", m.source);
                        println!("  {target}: {}", m.target);
                        if m.score < 100 {
                            let shown =
                                if colour { diff::coloured(&m.changes) } else { diff::markers(&m.changes) };
                            println!("  differs: {shown}");
                        }
                    }
                }
            }
        }
        Command::Learn { creator } => {
            let mut checked = Checked::run(project);
            let learnt = checked.learn(&Stamp { date: Date::now(), creator }, &mut transaction)?;
            transaction.commit()?;
            println!("{}: learnt {learnt} pair(s)", manifest.tm);
        }
        Command::Confirm { locale, ids, creator } => {
            let mut checked = Checked::run(project);
            // An ID on the command line names its units in every file.
            let ids: Vec<(Option<String>, String)> = ids.into_iter().map(|id| (None, id)).collect();
            let confirmed =
                checked.confirm(&locale, &ids, &Stamp { date: Date::now(), creator }, &mut transaction)?;
            transaction.commit()?;
            println!("{}: confirmed {confirmed} translation(s) in {locale}", manifest.tm);
        }
    }
    Ok(ExitCode::SUCCESS)
}
