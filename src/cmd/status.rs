//! `fluentpress status`

use super::load;
use fluentpress::ops::Checked;
use fluentpress::status::Status;
use fluentpress::tm::leverage::{self, Analysis};
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// How to print the table.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// The leverage analysis instead: the source words still to translate
    /// (missing and stale) by memory match band, as agencies quote them.
    #[arg(long)]
    analysis: bool,
    /// With --analysis, only this target locale.
    #[arg(long, value_name = "LOCALE", requires = "analysis")]
    target: Option<String>,
}

#[derive(Clone, Copy, Default, clap::ValueEnum)]
enum Format {
    /// For people.
    #[default]
    Human,
    /// For tools.
    Json,
    /// For spreadsheets.
    Csv,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let project = load(root)?;
    let checked = Checked::run(&project);
    if !args.analysis {
        let approvals: Vec<_> = project.manifest.targets.iter().map(|t| checked.approvals(&t.tag)).collect();
        let status = Status::of(&checked.catalog, &checked.diagnostics, &approvals);
        match args.format {
            Format::Human => print!("{status}"),
            Format::Json => println!("{}", serde_json::to_string_pretty(&status)?),
            Format::Csv => {
                println!(
                    "locale,translated,missing,stale,errors,obsolete,words_to_do,qa_errors,qa_warnings,approved,unapproved"
                );
                for l in &status.locales {
                    let row = [
                        l.translated,
                        l.missing,
                        l.stale,
                        l.with_errors,
                        l.obsolete,
                        l.missing_words,
                        l.qa_errors,
                        l.qa_warnings,
                        l.approved,
                        l.unapproved,
                    ];
                    let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
                    println!("{},{}", l.locale, cells.join(","));
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let manifest = &project.manifest;
    let targets: Vec<&str> = match &args.target {
        Some(target) => {
            project.target(target)?;
            vec![target.as_str()]
        }
        None => manifest.targets.iter().map(|l| l.tag.as_str()).collect(),
    };
    let index = checked.memory()?.index();
    let analyses = targets
        .iter()
        .map(|target| Ok(leverage::analyse(checked.units(target)?, &index)))
        .collect::<anyhow::Result<Vec<Analysis>>>()?;
    match args.format {
        Format::Human => {
            for (n, analysis) in analyses.iter().enumerate() {
                if n > 0 {
                    println!();
                }
                print!("{analysis}");
            }
        }
        Format::Json => println!("{}", serde_json::to_string_pretty(&analyses)?),
        Format::Csv => {
            println!("source,target,band,segments,words");
            for a in &analyses {
                for band in a.bands.iter().chain([&a.total]) {
                    println!("{},{},{},{},{}", a.source, a.target, band.band, band.segments, band.words);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
