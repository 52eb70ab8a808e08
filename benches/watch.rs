//! `fluentpress watch` on the resolution: the time from saving a Polish
//! message to the rewritten Polish PDF, beside a whole `fluentpress build`
//! (what a translator runs without the watch), in one run.
//!
//! ```text
//! cargo bench --bench watch            # BENCH_RUNS=20 for more saves (default 5 × 4)
//! ```
//!
//! The repository's project is copied to a scratch folder and watched;
//! each save toggles a word of `thematic-objective-4` in Polish, and the
//! bench reads `out/resolution.pl.pdf` every millisecond until its bytes
//! change, then waits for the round to end (the aligned edition written
//! too) before the next save. Spelling is on, as in the project: the
//! watch reads the dictionaries once, in its first round.

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use support::{Run, Stats, fail, list, load_average, ms, run};

const MESSAGE: &str = "thematic-objective-4 = Pobudzanie rozwoju turystyki";
const TOGGLED: &str = "thematic-objective-4 = Pobudzanie turystyki";

fn main() {
    let saves = support::bench_runs() * 4;
    let fluentpress = PathBuf::from(env!("CARGO_BIN_EXE_fluentpress"));
    let temp = tempfile::tempdir().expect("a temporary directory");
    let project = temp.path().join("project");
    std::fs::create_dir(&project).unwrap();
    common::copy_project(Path::new(env!("CARGO_MANIFEST_DIR")), &project);
    let outputs = temp.path().join("outputs");
    std::fs::create_dir(&outputs).unwrap();
    let ftl = project.join("locales/pl/resolution.ftl");
    let pdf = project.join("out/resolution.pl.pdf");

    println!("fluentpress watch on the resolution: from a save to the rewritten PDF");
    if cfg!(debug_assertions) {
        println!("  WARNING: built with debug assertions; run `cargo bench` for release-like figures");
    }
    println!("  saves:        {saves}, each waiting for the round before the next");
    println!("  load average: {}", load_average());

    let mut child = Command::new(&fluentpress)
        .arg("--project")
        .arg(&project)
        .arg("watch")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| fail(&format!("cannot start the watch: {e}")));
    let (send, lines) = mpsc::channel::<String>();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    let round_end = || loop {
        match lines.recv_timeout(Duration::from_secs(30)) {
            Ok(line) if line.starts_with("rebuilt ") => return line,
            Ok(_) => {}
            Err(_) => fail("the watch ended no round within 30 s"),
        }
    };
    println!("  first round:  {}", round_end());

    let mut latencies = Vec::new();
    let mut rounds = Vec::new();
    for save in 0..saves {
        let before = std::fs::read(&pdf).unwrap_or_else(|e| fail(&format!("{}: {e}", pdf.display())));
        let text = std::fs::read_to_string(&ftl).unwrap();
        let (from, to) = if save % 2 == 0 { (MESSAGE, TOGGLED) } else { (TOGGLED, MESSAGE) };
        if !text.contains(from) {
            fail(&format!("{} does not hold {from:?}", ftl.display()));
        }
        let saved = Instant::now();
        std::fs::write(&ftl, text.replacen(from, to, 1)).unwrap();
        while std::fs::read(&pdf).is_ok_and(|now| now == before) || !pdf.exists() {
            if saved.elapsed() > Duration::from_secs(30) {
                fail("the PDF did not change within 30 s");
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        latencies.push(saved.elapsed());
        let line = round_end();
        let own: f64 =
            line.split(" in ").nth(1).and_then(|r| r.split(' ').next()?.parse().ok()).unwrap_or(0.0);
        rounds.push(own);
    }
    #[cfg(unix)]
    // SAFETY: signals the child this bench started.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let _ = child.wait();

    // The peer: a whole build after each save, as without the watch.
    let builds: Vec<Run> = (0..saves / 4)
        .map(|i| {
            let mut build = Command::new(&fluentpress);
            build.arg("--project").arg(&project).arg("build");
            run(&mut build, &outputs, &format!("build-{i}"))
        })
        .collect();

    latencies.sort();
    let median = latencies[latencies.len() / 2];
    let max = *latencies.last().unwrap();
    rounds.sort_by(f64::total_cmp);
    let build = Stats::of(&builds);
    println!();
    println!("| | median | min | max |");
    println!("|---|---|---|---|");
    println!(
        "| save → rewritten PDF (watch) | {:.1} ms | {:.1} ms | {:.1} ms |",
        ms(median),
        ms(latencies[0]),
        ms(max)
    );
    println!(
        "| the watch's round (check, pl PDF and text, aligned) | {:.1} ms | {:.1} ms | {:.1} ms |",
        rounds[rounds.len() / 2],
        rounds[0],
        rounds[rounds.len() - 1]
    );
    let slowest = builds.iter().map(|r| r.wall).max().unwrap_or_default();
    println!(
        "| `fluentpress build` (peer: no watch) | {:.1} ms | {:.1} ms | {:.1} ms |",
        ms(build.median),
        ms(build.min),
        ms(slowest)
    );
    println!();
    println!("latencies (ms): {}", list(latencies.iter().map(|d| ms(*d))));
    println!(
        "median save → PDF is {:.1}× faster than a build; goal: at most 300 ms ({})",
        ms(build.median) / ms(median),
        if max <= Duration::from_millis(300) { "met by every save" } else { "NOT met by every save" }
    );
}
