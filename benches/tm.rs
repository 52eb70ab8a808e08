//! The translation memory at scale: TMX import, loading, and fuzzy lookup
//! in synthetic French → Polish memories of 20,000, 200,000 and 1,000,000
//! units, and translate-toolkit's matcher on the same memories and queries,
//! in one run.
//!
//! ```text
//! python3 -m pip install translate-toolkit rapidfuzz    # the peer; skipped if missing
//! cargo bench --bench tm
//! BENCH_RUNS=3 BENCH_TM_SIZES=20000,200000 BENCH_TM_PEER_SIZES=20000 cargo bench --bench tm
//! ```
//!
//! **The memory.** The real sentences of `../shared/corpora/parallel`
//! (NTREX-128, the Parallel UD treebanks, DGT-TM: about 5,500 French
//! sentences with their Polish translations), nine in ten of them: each once
//! as it is, then edited 1 to 4 words at a time (words replaced, dropped,
//! added, swapped, upper-cased, numbers and placeables put in) until the
//! memory has as many distinct sources as asked. Every unit has the dates and
//! user IDs a CAT tool writes, a third a Fluent ID, one in fifty a note. The
//! memory is written as TMX (`tmx::write`), generated once by a child process
//! and kept under `target/tm-bench/` (`BENCH_TM_DATA` elsewhere).
//!
//! **The queries.** 500 sentences: four in five from the memory's sentences
//! edited 0 to 3 words, one in five from the tenth of the corpus never put
//! in the memory, edited 0 to 2 words. Each asks for the top 5 at ≥ 50.
//!
//! **What is measured**, each step a child process (the binary, or this
//! bench run again with `FLUENTPRESS_TM_BENCH` set to the step: wall time
//! around spawn and reap, peak resident set from `wait4`, see
//! `benches/support`), `BENCH_RUNS` times (default 5) but the lookups:
//!
//! 1. Import: `fluentpress tm import memory.tmx` in a fresh project each
//!    run: `tmx::read_file` the TMX, `Memory::load_cached` the project's
//!    (missing) memory, `merge`, `save`, which writes `tm/project.tmx` and
//!    the cache of units and index under `out/.cache/`.
//! 2. Loading the imported memory and its index: parsed (`Memory::load`,
//!    then `index()`), and from the cache (`Memory::load_cached`, which
//!    hashes the TMX files, then `index()`).
//! 3. Lookups, in the process: `Memory::load_cached`, then `Index::search`
//!    for each query, top 5 at ≥ 50, each timed alone, after an untimed pass
//!    over them all. Every query's matches are checked against
//!    `Index::exhaustive`, which scores every unit (`BENCH_TM_ORACLE`
//!    queries, all by default).
//! 4. The peer, at 20,000 and 200,000 units (`BENCH_TM_PEER_SIZES`):
//!    `benches/tm_matcher.py` reads the same TMX with translate-toolkit and
//!    times its matcher (`translate.search.match`, RapidFuzz's Levenshtein,
//!    `max_length` raised to 100,000 characters so that long sentences are
//!    scored whole) on the same queries' text, and checks its results
//!    against an exhaustive scoring with its own similarity. Python is
//!    `$PYTHON` or `python3` on the PATH.
//!
//! The two tools score differently (words and placeables against
//! characters), so each one's recall is against its own exhaustive answer;
//! how far their matches agree is shown too.

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use common::synthetic::{Rng, edit, french_polish};
use fluentpress::segment::Segment;
use fluentpress::tm::fuzzy::{Match, Query};
use fluentpress::tm::{Date, Memory, Unit, tmx};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use support::{Run, Stats, fail, load_average, ms, own_peak_kib, run, tail};

/// Set, the bench runs one step in a child process: `generate`, `cold`,
/// `warm` or `lookup`, with its arguments on the command line.
const CHILD: &str = "FLUENTPRESS_TM_BENCH";
/// The generated data's version: data of another is generated again.
const DATA_VERSION: &str = "tm-bench 1";
const SOURCE: &str = "fr";
const TARGETS: &[&str] = &["pl"];
const PROJECT_TMX: &str = "tm/project.tmx";
const QUERIES: usize = 500;
const LIMIT: usize = 5;
const MIN_SCORE: u8 = 50;
/// The peer's `max_length`, in characters.
const PEER_MAX_LENGTH: usize = 100_000;

fn main() {
    if let Ok(step) = std::env::var(CHILD) {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let path = |i: usize| PathBuf::from(&args[i]);
        match step.as_str() {
            "generate" => generate(args[0].parse().expect("a count"), &path(1)),
            "cold" => cold(&path(0)),
            "warm" => warm(&path(0)),
            "lookup" => lookup(&path(0), &path(1), args[2].parse().expect("a count")),
            other => fail(&format!("unknown step {other}")),
        }
        return;
    }
    parent();
}

// ---------------------------------------------------------------------------
// The parent: the data, the steps as child processes, the tables.

fn sizes(var: &str, default: &[usize]) -> Vec<usize> {
    match std::env::var(var) {
        Ok(v) if v.trim() == "none" => Vec::new(),
        Ok(v) => v
            .split(',')
            .map(|s| s.trim().replace('_', "").parse().unwrap_or_else(|_| fail(&format!("{var}: {v:?}"))))
            .collect(),
        Err(_) => default.to_vec(),
    }
}

/// Each query's matches, `(score, source)`, best first.
type Results = Vec<Vec<(f64, String)>>;

/// What the bench found for one size.
struct Size {
    units: usize,
    tmx_bytes: u64,
    import: Vec<Run>,
    cold: Vec<Run>,
    warm: Vec<Run>,
    cache_bytes: u64,
    lookup: Run,
    ours: Value,
    peer: Option<(Run, Value, Results)>,
    our_results: Results,
}

fn parent() {
    let runs = support::bench_runs();
    let sizes_wanted = sizes("BENCH_TM_SIZES", &[20_000, 200_000, 1_000_000]);
    let peer_sizes = sizes("BENCH_TM_PEER_SIZES", &[20_000, 200_000]);
    let oracle_queries: usize = std::env::var("BENCH_TM_ORACLE")
        .ok()
        .map(|v| v.parse().unwrap_or_else(|_| fail(&format!("BENCH_TM_ORACLE: {v:?}"))))
        .unwrap_or(QUERIES);
    let data = std::env::var_os("BENCH_TM_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tm-bench"));
    let exe = std::env::current_exe().expect("the bench's own path");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/tm_matcher.py");
    let peer = if peer_sizes.is_empty() { None } else { find_peer() };

    println!(
        "Translation memory: import, load and top-{LIMIT} lookup at ≥ {MIN_SCORE}, synthetic fr → pl memories"
    );
    if cfg!(debug_assertions) {
        println!("  WARNING: built with debug assertions; run `cargo bench` for release-like figures");
    }
    println!("  data:         {} (generated once per size)", data.display());
    println!(
        "  runs:         {runs} per step (import, cold load, warm load); lookups: one timed pass after an untimed one"
    );
    match &peer {
        Some((python, version)) => println!("  peer:         {} ({version})", python.display()),
        None if peer_sizes.is_empty() => println!("  peer:         not asked for (BENCH_TM_PEER_SIZES=none)"),
        None => println!(
            "  peer:         SKIPPED: no Python with translate-toolkit and rapidfuzz ($PYTHON or python3 on the PATH).\n                \
             Install them with: python3 -m pip install translate-toolkit rapidfuzz"
        ),
    }
    println!("  load average: {}", load_average());
    println!();

    let mut results: Vec<Size> = Vec::new();
    for &units in &sizes_wanted {
        let dir = data.join(units.to_string());
        let outputs = dir.join("outputs");
        let _ = fs::remove_dir_all(&outputs);
        fs::create_dir_all(&outputs).expect("the outputs folder");
        let memory_tmx = dir.join("memory.tmx");
        let queries = dir.join("queries.txt");
        let stamp = dir.join("version");
        if fs::read_to_string(&stamp).ok().as_deref() != Some(DATA_VERSION) || !memory_tmx.exists() {
            print!("{units} units: generating… ");
            let generated = run(
                Command::new(&exe).env(CHILD, "generate").arg(units.to_string()).arg(&dir),
                &outputs,
                "generate",
            );
            expect_success("generating the memory", &generated);
            fs::write(&stamp, DATA_VERSION).expect("the stamp");
            println!("{:.1} s", generated.wall.as_secs_f64());
        }
        let tmx_bytes = fs::metadata(&memory_tmx).map(|m| m.len()).unwrap_or(0);
        let project = dir.join("project");

        let mut import = Vec::new();
        for i in 0..runs {
            let _ = fs::remove_dir_all(&project);
            fs::create_dir_all(project.join("locales/fr")).expect("the project");
            fs::write(project.join("fluentpress.toml"), "[locales]\nsource = \"fr\"\ntargets = [\"pl\"]\n")
                .expect("the manifest");
            let mut command = Command::new(env!("CARGO_BIN_EXE_fluentpress"));
            command.arg("--project").arg(&project).args(["tm", "import"]).arg(&memory_tmx);
            let r = run(&mut command, &outputs, &format!("import-{i}"));
            expect_success("import", &r);
            let imported = r.stdout();
            if !imported.contains(&format!("{units} pair(s) from {units} unit(s): {units} added")) {
                fail(&format!("the import did not give {units} units: {imported}"));
            }
            import.push(r);
        }
        let cache_bytes = fs::read_dir(project.join("out/.cache"))
            .map(|d| d.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum())
            .unwrap_or(0);
        let mut cold = Vec::new();
        let mut warm = Vec::new();
        for i in 0..runs {
            for (name, runs) in [("cold", &mut cold), ("warm", &mut warm)] {
                let r =
                    run(Command::new(&exe).env(CHILD, name).arg(&project), &outputs, &format!("{name}-{i}"));
                expect_success(name, &r);
                if name == "warm" && !r.stdout().contains("cache=read") {
                    fail(&format!("the warm load did not read the cache: {}", r.stdout()));
                }
                runs.push(r);
            }
        }
        let ours_path = outputs.join("ours.jsonl");
        let lookup = run(
            Command::new(&exe)
                .env(CHILD, "lookup")
                .arg(&project)
                .arg(&ours_path)
                .arg(oracle_queries.to_string()),
            &outputs,
            "lookup",
        );
        expect_success("lookup", &lookup);
        let ours: Value = serde_json::from_str(lookup.stdout().trim())
            .unwrap_or_else(|e| fail(&format!("the lookup's report: {e}\n{}", tail(&lookup.stdout()))));
        let our_results = read_results(&ours_path);

        let peer_run = match &peer {
            Some((python, _)) if peer_sizes.contains(&units) => {
                let tt_path = outputs.join("translate-toolkit.jsonl");
                let mut command = Command::new(python);
                command
                    .arg(&script)
                    .arg(&memory_tmx)
                    .arg(&queries)
                    .arg(&tt_path)
                    .args(["--limit", &LIMIT.to_string(), "--min", &MIN_SCORE.to_string()])
                    .args(["--max-length", &PEER_MAX_LENGTH.to_string(), "--oracle"]);
                let r = run(&mut command, &outputs, "translate-toolkit");
                expect_success("translate-toolkit's matcher", &r);
                let report: Value = serde_json::from_str(r.stdout().trim())
                    .unwrap_or_else(|e| fail(&format!("the peer's report: {e}\n{}", tail(&r.stdout()))));
                Some((r, report, read_results(&tt_path)))
            }
            _ => None,
        };
        let size = Size {
            units,
            tmx_bytes,
            import,
            cold,
            warm,
            cache_bytes,
            lookup,
            ours,
            peer: peer_run,
            our_results,
        };
        println!(
            "{units} units: import {:.2} s, cold load {:.2} s, warm load {:.2} s, lookup p50 {:.2} ms{}",
            Stats::of(&size.import).median.as_secs_f64(),
            Stats::of(&size.cold).median.as_secs_f64(),
            Stats::of(&size.warm).median.as_secs_f64(),
            percentile(&times(&size.ours["query_ms"]), 50),
            match &size.peer {
                Some((_, report, _)) => {
                    let tt: Vec<f64> = times(&report["query_s"]).iter().map(|s| s * 1000.0).collect();
                    format!(", translate-toolkit p50 {:.1} ms", percentile(&tt, 50))
                }
                None => String::new(),
            }
        );
        results.push(size);
    }
    let floor_mib = own_peak_kib() as f64 / 1024.0;
    report(&results, runs, oracle_queries, floor_mib, peer.as_ref().map(|(_, v)| v.as_str()));
}

fn report(results: &[Size], runs: usize, oracle_queries: usize, floor_mib: f64, peer: Option<&str>) {
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    println!();
    println!("Import: `fluentpress tm import` into a new project (TMX + cache written); median of {runs}");
    println!(
        "{:>9} {:>9} {:>10} {:>9} {:>13} {:>10}",
        "units", "TMX MiB", "median s", "min s", "peak RSS MiB", "cache MiB"
    );
    for s in results {
        let st = Stats::of(&s.import);
        println!(
            "{:>9} {:>9.0} {:>10.2} {:>9.2} {:>13.0} {:>10.0}",
            s.units,
            mib(s.tmx_bytes),
            st.median.as_secs_f64(),
            st.min.as_secs_f64(),
            st.max_rss_mib,
            mib(s.cache_bytes)
        );
    }
    println!();
    println!(
        "Load the memory and its index: parsed (Memory::load + index) vs cached (Memory::load_cached + index)"
    );
    println!(
        "{:>9} {:>13} {:>9} {:>13} {:>9} {:>9}",
        "units", "parsed s", "RSS MiB", "cached s", "RSS MiB", "speed-up"
    );
    for s in results {
        let (cold, warm) = (Stats::of(&s.cold), Stats::of(&s.warm));
        println!(
            "{:>9} {:>13.2} {:>9.0} {:>13.2} {:>9.0} {:>8.1}x",
            s.units,
            cold.median.as_secs_f64(),
            cold.max_rss_mib,
            warm.median.as_secs_f64(),
            warm.max_rss_mib,
            cold.median.as_secs_f64() / warm.median.as_secs_f64()
        );
    }
    println!();
    println!(
        "Lookup: top {LIMIT} at ≥ {MIN_SCORE}, {QUERIES} queries (4 in 5 edited memory sentences, 1 in 5 unseen), in process"
    );
    println!(
        "{:>9} {:>8} {:>8} {:>8} {:>8} {:>8}  {:<32} {:>8}",
        "units", "p50 ms", "p99 ms", "mean ms", "max ms", "matches", "recall vs exhaustive", "RSS MiB"
    );
    for s in results {
        let t = times(&s.ours["query_ms"]);
        let oracle = &s.ours["oracle"];
        println!(
            "{:>9} {:>8.3} {:>8.2} {:>8.3} {:>8.2} {:>8}  {:<32} {:>8.0}",
            s.units,
            percentile(&t, 50),
            percentile(&t, 99),
            t.iter().sum::<f64>() / t.len().max(1) as f64,
            t.iter().copied().fold(0.0, f64::max),
            s.ours["matches"],
            recall_text(oracle),
            s.lookup.max_rss_kib as f64 / 1024.0
        );
    }
    let with_peer: Vec<&Size> = results.iter().filter(|s| s.peer.is_some()).collect();
    if let Some(version) = peer {
        println!();
        println!(
            "Side by side: translate-toolkit's matcher ({version}, max_length {PEER_MAX_LENGTH}), same TMX and queries"
        );
        println!(
            "{:>9} {:<18} {:>8} {:>9} {:>9} {:>9} {:>9} {:>8}  recall vs own exhaustive",
            "units", "tool", "load s", "RSS MiB", "p50 ms", "p99 ms", "mean ms", "matches"
        );
        for s in &with_peer {
            let Some((run, report, theirs)) = &s.peer else { continue };
            let ours_t = times(&s.ours["query_ms"]);
            let tt: Vec<f64> = times(&report["query_s"]).iter().map(|s| s * 1000.0).collect();
            let warm = Stats::of(&s.warm);
            println!(
                "{:>9} {:<18} {:>8.2} {:>9.0} {:>9.3} {:>9.2} {:>9.3} {:>8}  {}",
                s.units,
                "fluentpress",
                warm.median.as_secs_f64(),
                s.lookup.max_rss_kib as f64 / 1024.0,
                percentile(&ours_t, 50),
                percentile(&ours_t, 99),
                mean(&ours_t),
                s.ours["matches"],
                recall_text(&s.ours["oracle"])
            );
            let load = report["load_s"].as_f64().unwrap_or(0.0) + report["matcher_s"].as_f64().unwrap_or(0.0);
            println!(
                "{:>9} {:<18} {:>8.2} {:>9.0} {:>9.1} {:>9.1} {:>9.1} {:>8}  {}",
                "",
                "translate-toolkit",
                load,
                run.max_rss_kib as f64 / 1024.0,
                percentile(&tt, 50),
                percentile(&tt, 99),
                mean(&tt),
                theirs.iter().map(Vec::len).sum::<usize>(),
                recall_text(&report["oracle"])
            );
            println!(
                "{:>9} {:<18} {:>8} {:>9} {:>8.0}x {:>8.0}x {:>8.0}x",
                "",
                "speed-up",
                "",
                "",
                percentile(&tt, 50) / percentile(&ours_t, 50),
                percentile(&tt, 99) / percentile(&ours_t, 99),
                mean(&tt) / mean(&ours_t)
            );
        }
        println!(
            "{:>9} load: fluentpress Memory::load_cached + index, process wall time; translate-toolkit reading \
             the TMX and building its matcher, in the process",
            ""
        );
        for s in &with_peer {
            let Some((_, _, theirs)) = &s.peer else { continue };
            let (mut shared, mut both_top) = (0usize, 0usize);
            let (ours_total, theirs_total) = (
                s.our_results.iter().map(Vec::len).sum::<usize>(),
                theirs.iter().map(Vec::len).sum::<usize>(),
            );
            let mut both_found = 0;
            for (ours, theirs) in s.our_results.iter().zip(theirs) {
                let mine: HashSet<&str> = ours.iter().map(|(_, s)| s.as_str()).collect();
                shared += theirs.iter().filter(|(_, s)| mine.contains(s.as_str())).count();
                if let (Some(a), Some(b)) = (ours.first(), theirs.first()) {
                    both_found += 1;
                    both_top += usize::from(a.1 == b.1);
                }
            }
            println!(
                "{:>9} agreement: {shared} sources in both tools' top {LIMIT} ({:.0}% of fluentpress's {ours_total}, \
                 {:.0}% of translate-toolkit's {theirs_total}); the same best match for {both_top} of the {both_found} \
                 queries both answer (word-level and character-level scores differ)",
                s.units,
                100.0 * shared as f64 / ours_total.max(1) as f64,
                100.0 * shared as f64 / theirs_total.max(1) as f64,
            );
        }
    }
    if let Some(big) = results.iter().find(|s| s.units == 1_000_000) {
        let import = Stats::of(&big.import);
        let t = times(&big.ours["query_ms"]);
        let peak = [&big.import, &big.cold, &big.warm]
            .iter()
            .map(|r| Stats::of(r).max_rss_mib)
            .fold(big.lookup.max_rss_kib as f64 / 1024.0, f64::max);
        let check = |ok: bool| if ok { "met" } else { "MISSED" };
        println!();
        println!("Targets at 1,000,000 units:");
        println!(
            "  import ≤ 10 s:           {:.2} s median ({})",
            import.median.as_secs_f64(),
            check(import.median.as_secs_f64() <= 10.0)
        );
        println!(
            "  lookup p50 ≤ 5 ms:       {:.3} ms ({})",
            percentile(&t, 50),
            check(percentile(&t, 50) <= 5.0)
        );
        println!(
            "  lookup p99 ≤ 50 ms:      {:.2} ms ({})",
            percentile(&t, 99),
            check(percentile(&t, 99) <= 50.0)
        );
        println!(
            "  peak memory ≤ 1.5 GB:    {:.0} MiB = {:.2} GB, the highest of import, loads and lookups ({})",
            peak,
            peak * 1024.0 * 1024.0 / 1e9,
            check(peak * 1024.0 * 1024.0 <= 1.5e9)
        );
    }
    println!();
    for s in results {
        println!(
            "per-run s, {} units: import {}; parsed load {}; cached load {}",
            s.units,
            seconds(&s.import),
            seconds(&s.cold),
            seconds(&s.warm),
        );
    }
    println!("peak RSS floor (the bench's own peak, which a child inherits until exec): {floor_mib:.1} MiB");
    println!("load average after: {}", load_average());
    println!();
    let sizes: Vec<String> = results.iter().map(|s| s.units.to_string()).collect();
    let peer_sizes: Vec<String> = with_peer.iter().map(|s| s.units.to_string()).collect();
    println!(
        "Reproduce: BENCH_RUNS={runs} BENCH_TM_SIZES={} BENCH_TM_PEER_SIZES={} BENCH_TM_ORACLE={oracle_queries} \
         cargo bench --bench tm",
        sizes.join(","),
        if peer_sizes.is_empty() { "none".to_string() } else { peer_sizes.join(",") }
    );
}

fn seconds(runs: &[Run]) -> String {
    runs.iter().map(|r| format!("{:.2}", r.wall.as_secs_f64())).collect::<Vec<_>>().join(" ")
}

fn recall_text(oracle: &Value) -> String {
    let (expected, found) = (oracle["expected"].as_u64().unwrap_or(0), oracle["found"].as_u64().unwrap_or(0));
    format!(
        "{:.4} ({found}/{expected}; {} same)",
        if expected == 0 { 1.0 } else { found as f64 / expected as f64 },
        oracle["identical_lists"].as_u64().unwrap_or(0)
    )
}

fn times(values: &Value) -> Vec<f64> {
    let mut t: Vec<f64> = values.as_array().into_iter().flatten().filter_map(Value::as_f64).collect();
    t.sort_by(f64::total_cmp);
    t
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: usize) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

/// Each query's matches from a file of `[score, source, …]` lists, a line each.
fn read_results(path: &Path) -> Results {
    let text = fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
    text.lines()
        .map(|line| {
            let found: Value =
                serde_json::from_str(line).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
            found
                .as_array()
                .into_iter()
                .flatten()
                .map(|m| (m[0].as_f64().unwrap_or(0.0), m[1].as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .collect()
}

fn expect_success(what: &str, run: &Run) {
    if run.code != 0 {
        fail(&format!("{what} exited with {}:\n{}\n{}", run.code, tail(&run.stdout()), tail(&run.stderr())));
    }
}

/// Python with translate-toolkit and RapidFuzz, and their versions: `$PYTHON`
/// or `python3` on the PATH, a pyenv shim resolved to the interpreter it runs.
fn find_peer() -> Option<(PathBuf, String)> {
    let python = match std::env::var_os("PYTHON") {
        Some(path) => PathBuf::from(path),
        None => {
            let found = std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths).map(|dir| dir.join("python3")).find(|p| p.is_file())
            })?;
            let shim = fs::read(&found)
                .is_ok_and(|b| b.starts_with(b"#!") && String::from_utf8_lossy(&b).contains("pyenv"));
            match Command::new("pyenv").args(["which", "python3"]).output() {
                Ok(out) if shim && out.status.success() => {
                    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
                }
                _ => found,
            }
        }
    };
    let probe = "import sys, rapidfuzz; from translate.__version__ import sver; \
                 print(f'Python {sys.version.split()[0]}, translate-toolkit {sver}, RapidFuzz {rapidfuzz.__version__}')";
    let out = Command::new(&python).args(["-c", probe]).output().ok()?;
    out.status.success().then(|| (python, String::from_utf8_lossy(&out.stdout).trim().to_string()))
}

// ---------------------------------------------------------------------------
// The steps, in child processes.

fn cache_dir(root: &Path) -> PathBuf {
    root.join("out/.cache")
}

/// Parsing the memory and building its index.
fn cold(root: &Path) {
    let memory = Memory::load(root, PROJECT_TMX, SOURCE, TARGETS).unwrap_or_else(|e| fail(&e.to_string()));
    let index = memory.index();
    println!("units={}", memory.units().len());
    drop(index);
}

/// The memory and its index from the cache.
fn warm(root: &Path) {
    let written = |root: &Path| {
        fs::read_dir(cache_dir(root))
            .map(|d| d.filter_map(|e| e.ok()?.metadata().ok()?.modified().ok()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let before = written(root);
    let memory = Memory::load_cached(root, PROJECT_TMX, SOURCE, TARGETS, &cache_dir(root))
        .unwrap_or_else(|e| fail(&e.to_string()));
    let index = memory.index();
    let read = !before.is_empty() && written(root) == before;
    println!("units={} cache={}", memory.units().len(), if read { "read" } else { "written" });
    drop(index);
}

/// The lookups: latencies, matches, and recall against the exhaustive scoring.
fn lookup(root: &Path, results: &Path, oracle_queries: usize) {
    let started = Instant::now();
    let memory = Memory::load_cached(root, PROJECT_TMX, SOURCE, TARGETS, &cache_dir(root))
        .unwrap_or_else(|e| fail(&e.to_string()));
    let index = memory.index();
    let loaded = started.elapsed();
    let queries = queries(&Corpus::load());
    let query = |source| Query {
        source,
        fluent_id: None,
        fluent_file: None,
        target_lang: "pl",
        min_score: MIN_SCORE,
        limit: LIMIT,
    };
    for source in &queries {
        index.search(&query(source));
    }
    let mut times: Vec<Duration> = Vec::with_capacity(queries.len());
    let mut found: Vec<Vec<Match>> = Vec::with_capacity(queries.len());
    for source in &queries {
        let start = Instant::now();
        let matches = index.search(&query(source));
        times.push(start.elapsed());
        found.push(matches);
    }
    let (mut expected_total, mut recalled, mut identical) = (0usize, 0usize, 0usize);
    for (source, matches) in queries.iter().zip(&found).take(oracle_queries) {
        let expected = index.exhaustive(&query(source));
        expected_total += expected.len();
        recalled += expected.iter().filter(|m| matches.contains(m)).count();
        identical += usize::from(expected == *matches);
    }
    let mut lines = String::new();
    for matches in &found {
        let shown: Vec<Value> = matches
            .iter()
            .map(|m| {
                let unit = &memory.units()[m.unit];
                json!([m.score, unit.source.plain_text(), unit.target.plain_text()])
            })
            .collect();
        lines.push_str(&Value::Array(shown).to_string());
        lines.push('\n');
    }
    fs::write(results, lines).unwrap_or_else(|e| fail(&format!("{}: {e}", results.display())));
    let report = json!({
        "units": memory.units().len(),
        "load_s": loaded.as_secs_f64(),
        "query_ms": times.iter().map(|t| ms(*t)).collect::<Vec<_>>(),
        "matches": found.iter().map(Vec::len).sum::<usize>(),
        "oracle": {
            "queries": oracle_queries.min(queries.len()),
            "expected": expected_total,
            "found": recalled,
            "identical_lists": identical,
        },
    });
    println!("{report}");
}

// ---------------------------------------------------------------------------
// The synthetic memory and the queries.

/// The corpus, split: every tenth pair is never put in a memory, so that
/// some queries are unseen sentences.
struct Corpus {
    pairs: Vec<(String, String)>,
}

impl Corpus {
    fn load() -> Corpus {
        Corpus { pairs: french_polish() }
    }

    fn seen(&self) -> Vec<&(String, String)> {
        self.pairs.iter().enumerate().filter(|(i, _)| i % 10 != 9).map(|(_, p)| p).collect()
    }

    fn unseen(&self) -> Vec<&(String, String)> {
        self.pairs.iter().enumerate().filter(|(i, _)| i % 10 == 9).map(|(_, p)| p).collect()
    }

    fn vocabulary(&self) -> Vec<&str> {
        let mut words: Vec<&str> = self.seen().into_iter().flat_map(|(f, _)| f.split_whitespace()).collect();
        words.sort_unstable();
        words.dedup();
        words
    }
}

/// `count` units with distinct sources: every seen sentence once as it is,
/// then edits of 1 to 4 words of seen sentences drawn at random, with the
/// bookkeeping a CAT tool writes.
fn memory_units(corpus: &Corpus, count: usize) -> Vec<Unit> {
    let seen = corpus.seen();
    let vocabulary = corpus.vocabulary();
    let mut rng = Rng(20_201_208);
    let mut sources: HashSet<String> = HashSet::with_capacity(count);
    let mut units = Vec::with_capacity(count);
    let mut attempt = 0usize;
    while units.len() < count {
        let first_pass = attempt < seen.len();
        let (fr, pl) = if first_pass { seen[attempt] } else { seen[rng.below(seen.len())] };
        let edits = if first_pass { 0 } else { 1 + rng.below(4) };
        attempt += 1;
        let source = edit(fr, edits, &vocabulary, &mut rng);
        if source.is_blank() || !sources.insert(source.plain_text()) {
            continue;
        }
        let i = units.len();
        let created = 1_500_000_000 + 97 * i as u64;
        units.push(Unit {
            source,
            target: Segment::from_text(pl),
            source_lang: SOURCE.into(),
            target_lang: TARGETS[0].into(),
            fluent_id: i.is_multiple_of(3).then(|| format!("doc-{}.para-{}", i % 211, i % 1009)),
            creation_date: Some(Date::from_unix_seconds(created)),
            creation_id: Some(format!("translator-{}", i % 17)),
            change_date: Some(Date::from_unix_seconds(created + 86_400 * (i % 400) as u64)),
            change_id: Some(format!("reviewer-{}", i % 5)),
            notes: if i.is_multiple_of(50) {
                vec![format!("Checked against source batch {}.", i % 97)]
            } else {
                Vec::new()
            },
            ..Unit::default()
        });
    }
    units
}

/// The lookups: four in five from the memory's sentences with 0 to 3 words
/// edited, one in five from unseen sentences with 0 to 2.
fn queries(corpus: &Corpus) -> Vec<Segment> {
    let (seen, unseen) = (corpus.seen(), corpus.unseen());
    let vocabulary = corpus.vocabulary();
    let mut rng = Rng(8_122_020);
    (0..QUERIES)
        .map(|i| {
            if i % 5 == 4 {
                let (fr, _) = unseen[rng.below(unseen.len())];
                edit(fr, rng.below(3), &vocabulary, &mut rng)
            } else {
                let (fr, _) = seen[rng.below(seen.len())];
                edit(fr, rng.below(4), &vocabulary, &mut rng)
            }
        })
        .collect()
}

/// Writes `dir/memory.tmx` and `dir/queries.txt` (a query's text a line).
fn generate(count: usize, dir: &Path) {
    fs::create_dir_all(dir).expect("the data folder");
    let corpus = Corpus::load();
    let units = memory_units(&corpus, count);
    let file = fs::File::create(dir.join("memory.tmx")).expect("the memory file");
    tmx::write_to(&units, SOURCE, std::io::BufWriter::new(file)).expect("written");
    let queries: Vec<String> = queries(&corpus).iter().map(Segment::plain_text).collect();
    assert!(queries.iter().all(|q| !q.contains('\n')));
    fs::write(dir.join("queries.txt"), queries.join("\n") + "\n").expect("the queries file");
}
