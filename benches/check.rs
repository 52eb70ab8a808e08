//! `fluentpress check` against Mozilla's compare-locales on the Firefox
//! corpus: wall time and peak memory of each tool, side by side, in one run.
//!
//! ```text
//! python3 -m pip install compare-locales
//! cargo bench --bench check            # BENCH_RUNS=10 for more runs
//! ```
//!
//! The corpus is laid out as a fluentpress project (`tests/common`): French
//! as the source, Polish and English as targets, about 200 files each, with
//! every check on, spelling included (Debian's `hunspell-fr`, `hunspell-pl`
//! and `hunspell-en-us` dictionaries, or `DICPATH`). Beside
//! it goes an `l10n.toml` that makes compare-locales compare the same files,
//! French as the reference, and each tool runs `BENCH_RUNS` times (default 5),
//! alternating, as a child process. Wall time is measured around spawn and
//! reap; peak memory is the child's `ru_maxrss` from `wait4`. Both tools print
//! their default human report, to a file. An untimed warm-up run of each
//! checks that they did the work and gives the finding counts shown at the end.
//! fluentpress is measured twice: as a translator runs it again and again
//! (the dictionaries' verdicts cached by the run before), and as a first
//! run, the verdicts' cache removed before each.
//!
//! A child's `ru_maxrss` starts at its parent's high-water mark (the image it
//! had before `exec`), so the bench keeps its own memory small: outputs stay
//! in files until the timed runs are over, and the floor (the bench's own
//! peak) is printed with the figures.
//!
//! compare-locales is `$COMPARE_LOCALES` or `compare-locales` on the PATH (a
//! pyenv shim is resolved to the script it runs, so that the shim's own start
//! is not counted against compare-locales).

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{Run, Stats, fail, list, load_average, ms, own_peak_kib, run, tail};

/// Makes compare-locales compare `locales/fr` (the reference) with
/// `{l10n_base}/pl` and `{l10n_base}/en`, `{l10n_base}` being `locales`.
const L10N_TOML: &str = r#"basepath = "."
locales = ["pl", "en"]

[[paths]]
reference = "locales/fr/**"
l10n = "{l10n_base}/{locale}/**"
"#;

const FLUENTPRESS: &str = "fluentpress";
const COMPARE_LOCALES: &str = "compare-locales";

fn main() {
    let runs = support::bench_runs();
    let Some(compare_locales) = support::find_python_tool("COMPARE_LOCALES", COMPARE_LOCALES) else {
        eprintln!(
            "compare-locales was not found: set COMPARE_LOCALES to its path or put it on the PATH.\n\
             Install it with:\n    python3 -m pip install compare-locales"
        );
        std::process::exit(1);
    };
    let fluentpress = PathBuf::from(env!("CARGO_BIN_EXE_fluentpress"));

    let temp = tempfile::tempdir().expect("a temporary directory");
    let project = temp.path().join("project");
    common::firefox_project(&project);
    // Every check on, spelling included (Debian's hunspell-fr, -pl, -en-us).
    let manifest = project.join("fluentpress.toml");
    let every_check = "\n[check]\ninconsistent = \"warning\"\nspelling = \"warning\"\n";
    fs::write(&manifest, fs::read_to_string(&manifest).unwrap() + every_check).unwrap();
    fs::write(project.join("l10n.toml"), L10N_TOML).unwrap();
    let outputs = temp.path().join("outputs");
    fs::create_dir(&outputs).unwrap();

    let source_files = count_files(&project.join("locales/fr"));
    let source_entries = count_entries(&project.join("locales/fr"));
    let version = Command::new(&compare_locales)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();

    let fp_command = || {
        let mut c = Command::new(&fluentpress);
        c.arg("--project").arg(&project).arg("check");
        c
    };
    let cl_command = || {
        let mut c = Command::new(&compare_locales);
        c.current_dir(&project).arg("l10n.toml").arg("locales").args(["pl", "en"]);
        c
    };

    println!("fluentpress check vs compare-locales, Firefox corpus");
    println!("  fluentpress:     {}", fluentpress.display());
    if cfg!(debug_assertions) {
        println!("  WARNING: built with debug assertions; run `cargo bench` for release-like figures");
    }
    println!("  compare-locales: {} ({version})", compare_locales.display());
    println!(
        "  project:         {} (fr source, {source_files} files, {source_entries} messages and terms; pl, en targets)",
        project.display()
    );
    println!("  runs:            {runs} per tool, alternating, after one untimed warm-up each");
    println!("  load average:    {}", load_average());

    // Warm-up: the page cache and Python's bytecode cache, and the counts.
    let fp_json = run(
        Command::new(&fluentpress).arg("--project").arg(&project).args(["check", "--format", "json"]),
        &outputs,
        "fluentpress-json",
    );
    expect_code(FLUENTPRESS, &fp_json);
    if fp_json.stdout().contains("spelling is not checked") {
        fail(
            "a Hunspell dictionary is missing: install hunspell-fr, hunspell-pl and hunspell-en-us (or set DICPATH)",
        );
    }
    let cl_warm = run(&mut cl_command(), &outputs, "compare-locales-warmup");
    expect_code(COMPARE_LOCALES, &cl_warm);

    let mut fp_runs = Vec::new();
    let mut cold_runs = Vec::new();
    let mut cl_runs = Vec::new();
    let cache = project.join("out/.cache");
    for i in 0..runs {
        // Alternate which tool goes first, so neither always follows the other.
        let order = if i % 2 == 0 { [0, 1, 2] } else { [2, 1, 0] };
        for tool in order {
            match tool {
                0 => {
                    let r = run(&mut fp_command(), &outputs, &format!("{FLUENTPRESS}-{i}"));
                    expect_code(FLUENTPRESS, &r);
                    fp_runs.push(r);
                }
                1 => {
                    let r = run(&mut cl_command(), &outputs, &format!("{COMPARE_LOCALES}-{i}"));
                    expect_code(COMPARE_LOCALES, &r);
                    cl_runs.push(r);
                }
                _ => {
                    // A first run: no dictionary verdicts cached yet (the
                    // memory's cache stays: its own bench measures it).
                    for entry in fs::read_dir(&cache).into_iter().flatten().flatten() {
                        if entry.file_name().to_string_lossy().starts_with("spelling-") {
                            fs::remove_file(entry.path()).unwrap();
                        }
                    }
                    let r = run(&mut fp_command(), &outputs, &format!("{FLUENTPRESS}-cold-{i}"));
                    expect_code(FLUENTPRESS, &r);
                    cold_runs.push(r);
                }
            }
        }
    }
    let floor_mib = own_peak_kib() as f64 / 1024.0;

    // Now the outputs can be read: did both tools do the work?
    let fp_counts = fluentpress_counts(&fp_json.stdout());
    let cl_text = cl_warm.stdout();
    let cl_counts = compare_locales_summary(&cl_text);
    let mut accounted = Vec::new();
    for locale in ["pl", "en"] {
        let Some(summary) = cl_counts.get(locale) else {
            fail(&format!(
                "compare-locales reported no summary for {locale}:\n{}{}",
                tail(&cl_text),
                tail(&cl_warm.stderr())
            ));
        };
        // Every source entry is missing, changed, unchanged or a key.
        let seen: u64 = ["missing", "changed", "unchanged", "keys"]
            .iter()
            .map(|k| summary.get(*k).copied().unwrap_or(0))
            .sum();
        if seen * 10 < source_entries * 9 {
            fail(&format!(
                "compare-locales accounted for {seen} of the {source_entries} source entries in {locale}: \
                 it did not compare the files"
            ));
        }
        accounted.push(format!("{locale} {seen}"));
    }

    let fp = Stats::of(&fp_runs);
    let cold = Stats::of(&cold_runs);
    let cl = Stats::of(&cl_runs);
    println!();
    println!("{:<26} {:>14} {:>11} {:>17}", "tool", "median wall ms", "min wall ms", "peak RSS MiB");
    let rows = [("fluentpress", &fp), ("fluentpress, first run", &cold), (COMPARE_LOCALES, &cl)];
    for (name, s) in rows {
        println!("{name:<26} {:>14.1} {:>11.1} {:>17.1}", ms(s.median), ms(s.min), s.max_rss_mib);
    }
    for (name, s) in [("ratio cl / fp", &fp), ("ratio cl / fp, first run", &cold)] {
        println!(
            "{name:<26} {:>13.1}x {:>10.1}x {:>16.1}x",
            ms(cl.median) / ms(s.median),
            ms(cl.min) / ms(s.min),
            cl.max_rss_mib / s.max_rss_mib
        );
    }
    println!();
    println!("per-run wall ms, fluentpress:     {}", list(fp_runs.iter().map(|r| ms(r.wall))));
    println!("per-run wall ms, first runs:      {}", list(cold_runs.iter().map(|r| ms(r.wall))));
    println!("per-run wall ms, compare-locales: {}", list(cl_runs.iter().map(|r| ms(r.wall))));
    println!(
        "per-run peak RSS MiB, fluentpress: {}, compare-locales: {}",
        list(fp_runs.iter().map(|r| r.max_rss_kib as f64 / 1024.0)),
        list(cl_runs.iter().map(|r| r.max_rss_kib as f64 / 1024.0))
    );
    println!("peak RSS floor (the bench's own peak, which a child inherits until exec): {floor_mib:.1} MiB");

    println!();
    println!("findings (per locale from the warm-up runs; summary line from the last timed run):");
    let fp_text = fp_runs.last().map(Run::stdout).unwrap_or_default();
    println!(
        "  fluentpress (exit {}): {}",
        fp_runs.last().map_or(-1, |r| r.code),
        fp_text.lines().last().unwrap_or_default()
    );
    for (locale, codes) in &fp_counts {
        let shown: Vec<String> = codes.iter().map(|(c, n)| format!("{c} {n}")).collect();
        println!("    {locale}: {}", shown.join(", "));
    }
    println!("  compare-locales (exit {}): {} lines of report", cl_warm.code, cl_text.lines().count());
    for (locale, summary) in &cl_counts {
        let shown: Vec<String> = summary.iter().map(|(k, n)| format!("{k} {n}")).collect();
        println!("    {locale}: {}", shown.join(", "));
    }
    println!(
        "    source entries accounted for (missing + changed + unchanged + keys): {} of {source_entries}",
        accounted.join(", ")
    );
    println!("  load average after: {}", load_average());
}

/// Both tools exit 1 when they find errors; anything else is a failure to run.
fn expect_code(tool: &str, run: &Run) {
    if run.code != 0 && run.code != 1 {
        fail(&format!("{tool} exited with {}:\n{}\n{}", run.code, tail(&run.stdout()), tail(&run.stderr())));
    }
}

/// fluentpress's JSON report as counts per locale and code.
fn fluentpress_counts(json: &str) -> BTreeMap<String, BTreeMap<String, u64>> {
    let report: serde_json::Value = serde_json::from_str(json)
        .unwrap_or_else(|e| fail(&format!("fluentpress --format json: {e}\n{}", tail(json))));
    let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().into_iter().flatten() {
        let locale = d["locale"].as_str().unwrap_or("-").to_string();
        let code =
            format!("{}[{}]", d["severity"].as_str().unwrap_or("?"), d["code"].as_str().unwrap_or("?"));
        *counts.entry(locale).or_default().entry(code).or_default() += 1;
    }
    counts
}

/// compare-locales' closing summary: a `<locale>:` line, then `key  value`
/// lines (`missing`, `changed`, `obsolete`, `errors`, `warnings`…).
fn compare_locales_summary(text: &str) -> BTreeMap<String, BTreeMap<String, u64>> {
    let mut summaries: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(locale) = line.strip_suffix(':').filter(|l| !l.contains(' ')) {
            current = Some(locale.to_string());
            continue;
        }
        let mut words = line.split_whitespace();
        match (current.as_ref(), words.next(), words.next(), words.next()) {
            (Some(locale), Some(key), Some(value), None) if !line.starts_with(' ') => {
                if let Ok(n) = value.parse() {
                    summaries.entry(locale.clone()).or_default().insert(key.to_string(), n);
                }
            }
            _ => current = None,
        }
    }
    summaries
}

fn count_files(dir: &Path) -> u64 {
    walk(dir).len() as u64
}

/// Messages and terms: lines that start with an identifier and `=`.
fn count_entries(dir: &Path) -> u64 {
    walk(dir)
        .iter()
        .map(|p| {
            fs::read_to_string(p)
                .unwrap_or_default()
                .lines()
                .filter(|line| {
                    let id = line.strip_prefix('-').unwrap_or(line);
                    let name_end = id
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                        .unwrap_or(id.len());
                    id.starts_with(|c: char| c.is_ascii_alphabetic())
                        && id[name_end..].trim_start().starts_with('=')
                })
                .count() as u64
        })
        .sum()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "ftl") {
            files.push(path);
        }
    }
    files
}
