//! XLIFF export and import of the Firefox corpus (fr → pl), fluentpress
//! against translate-toolkit's `fluent2po` then `po2xliff`, side by side in
//! one run.
//!
//! ```text
//! python3 -m pip install translate-toolkit
//! cargo bench --bench xliff            # BENCH_RUNS=10 for more runs
//! ```
//!
//! The corpus is laid out as a fluentpress project (`tests/common`): French
//! as the source, Polish as the target, about 200 files and 8,500 messages.
//! fluentpress runs `xliff export --target pl --all` (every unit, the
//! translations as targets) and `xliff import` of that file (every unit
//! read, checked against the project and found unchanged, so no file is
//! written). translate-toolkit converts the same files: `fluent2po -t fr -i pl`
//! (a PO file per `.ftl`), then `po2xliff` (an XLIFF 1.1 per PO file); its
//! figure is the sum of the two steps' wall times and the larger peak.
//! translate-toolkit has no converter back to Fluent, so only `xliff2po`,
//! the first half of an import, is shown for it.
//!
//! Each command runs `BENCH_RUNS` times (default 5), round robin, after one
//! untimed warm-up, as a child process: wall time around spawn and reap, peak
//! memory the child's `ru_maxrss` from `wait4` (see `benches/support`).

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{Run, Stats, fail, list, load_average, ms, own_peak_kib, run, tail};

fn main() {
    let runs = support::bench_runs();
    let tools: Vec<PathBuf> = ["fluent2po", "po2xliff", "xliff2po"]
        .iter()
        .map(|name| {
            support::find_python_tool(&format!("TTK_{}", name.to_uppercase()), name).unwrap_or_else(|| {
                fail(&format!("{name} was not found. Install translate-toolkit:\n    python3 -m pip install translate-toolkit"))
            })
        })
        .collect();
    let (fluent2po, po2xliff, xliff2po) = (&tools[0], &tools[1], &tools[2]);
    let fluentpress = PathBuf::from(env!("CARGO_BIN_EXE_fluentpress"));

    let temp = tempfile::tempdir().expect("a temporary directory");
    let project = temp.path().join("project");
    common::firefox_project(&project);
    // Polish only: the manifest the corpus project gets names pl and en.
    fs::write(project.join("fluentpress.toml"), "[locales]\nsource = \"fr\"\ntargets = [\"pl\"]\n").unwrap();
    let outputs = temp.path().join("outputs");
    fs::create_dir(&outputs).unwrap();
    let xliff = temp.path().join("fp.xlf");
    let (po, ttk_xliff, po_back) =
        (temp.path().join("po"), temp.path().join("ttk-xliff"), temp.path().join("po-back"));

    let export = || {
        let mut c = Command::new(&fluentpress);
        c.arg("--project")
            .arg(&project)
            .args(["xliff", "export", "--target", "pl", "--all", "-o"])
            .arg(&xliff);
        c
    };
    let import = || {
        let mut c = Command::new(&fluentpress);
        c.arg("--project").arg(&project).args(["xliff", "import"]).arg(&xliff);
        c
    };
    let quiet = ["--progress=none", "--errorlevel=message"];
    let to_po = || {
        let _ = fs::remove_dir_all(&po);
        let mut c = Command::new(fluent2po);
        c.args(quiet).arg("-t").arg(project.join("locales/fr")).arg("-i").arg(project.join("locales/pl"));
        c.arg("-o").arg(&po);
        c
    };
    let to_xliff = || {
        let _ = fs::remove_dir_all(&ttk_xliff);
        let mut c = Command::new(po2xliff);
        c.args(quiet).arg("-i").arg(&po).arg("-o").arg(&ttk_xliff);
        c
    };
    let back_to_po = || {
        let _ = fs::remove_dir_all(&po_back);
        let mut c = Command::new(xliff2po);
        c.args(quiet).arg("-i").arg(&ttk_xliff).arg("-o").arg(&po_back);
        c
    };

    println!("XLIFF export and import, Firefox corpus fr → pl: fluentpress vs translate-toolkit");
    println!("  fluentpress:       {}", fluentpress.display());
    if cfg!(debug_assertions) {
        println!("  WARNING: built with debug assertions; run `cargo bench` for release-like figures");
    }
    println!("  translate-toolkit: {} ({})", fluent2po.display(), ttk_version(fluent2po));
    println!("  runs:              {runs} per command, round robin, after one untimed warm-up each");
    println!("  load average:      {}", load_average());

    let steps: [(&str, &dyn Fn() -> Command); 5] = [
        ("fluentpress xliff export --all", &export),
        ("fluentpress xliff import", &import),
        ("fluent2po", &to_po),
        ("po2xliff", &to_xliff),
        ("xliff2po", &back_to_po),
    ];
    for (name, command) in &steps {
        expect_success(name, &run(&mut command(), &outputs, &format!("{name}-warmup").replace(' ', "_")));
    }
    let units_ours = fs::read_to_string(&xliff).unwrap_or_default().matches("<trans-unit ").count();
    let units_theirs = count_in(&ttk_xliff, "<trans-unit ");
    let import_report = run(&mut import(), &outputs, "import-report").stdout();

    let mut timed: Vec<Vec<Run>> = steps.iter().map(|_| Vec::new()).collect();
    for i in 0..runs {
        for (n, (name, command)) in steps.iter().enumerate() {
            let r = run(&mut command(), &outputs, &format!("{name}-{i}").replace(' ', "_"));
            expect_success(name, &r);
            timed[n].push(r);
        }
    }
    let floor_mib = own_peak_kib() as f64 / 1024.0;
    let stats: Vec<Stats> = timed.iter().map(|r| Stats::of(r)).collect();

    println!();
    println!("{:<32} {:>14} {:>11} {:>13}", "command", "median wall ms", "min wall ms", "peak RSS MiB");
    for ((name, _), s) in steps.iter().zip(&stats) {
        println!("{name:<32} {:>14.1} {:>11.1} {:>13.1}", ms(s.median), ms(s.min), s.max_rss_mib);
    }
    let ours = &stats[0];
    let (po_step, xliff_step) = (&stats[2], &stats[3]);
    let theirs_median = ms(po_step.median) + ms(xliff_step.median);
    let theirs_peak = po_step.max_rss_mib.max(xliff_step.max_rss_mib);
    println!();
    println!(
        "export: fluentpress {:.1} ms, {:.1} MiB; translate-toolkit fluent2po + po2xliff {theirs_median:.1} ms, \
         {theirs_peak:.1} MiB: {:.1}x faster, {:.2}x the memory",
        ms(ours.median),
        ours.max_rss_mib,
        theirs_median / ms(ours.median),
        ours.max_rss_mib / theirs_peak
    );
    println!(
        "import: fluentpress {:.1} ms, {:.1} MiB (read, check, plan; nothing to write); \
         translate-toolkit's xliff2po alone {:.1} ms, {:.1} MiB",
        ms(stats[1].median),
        stats[1].max_rss_mib,
        ms(stats[4].median),
        stats[4].max_rss_mib
    );
    println!();
    println!(
        "units: fluentpress {units_ours} trans-units (one per value, attribute and variant, plurals in pl's categories);"
    );
    println!(
        "       translate-toolkit {units_theirs} trans-units (one per message, attributes and selects as raw Fluent)"
    );
    println!("import summary: {}", import_report.lines().next().unwrap_or_default());
    for ((name, _), runs) in steps.iter().zip(&timed) {
        println!("per-run wall ms, {name}: {}", list(runs.iter().map(|r| ms(r.wall))));
    }
    println!("peak RSS floor (the bench's own peak, which a child inherits until exec): {floor_mib:.1} MiB");
    println!("load average after: {}", load_average());
}

fn expect_success(name: &str, run: &Run) {
    if run.code != 0 {
        fail(&format!("{name} exited with {}:\n{}\n{}", run.code, tail(&run.stdout()), tail(&run.stderr())));
    }
}

fn ttk_version(tool: &Path) -> String {
    Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// How often `needle` occurs in the files under `dir`.
fn count_in(dir: &Path, needle: &str) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                count_in(&p, needle)
            } else {
                fs::read_to_string(&p).unwrap_or_default().matches(needle).count()
            }
        })
        .sum()
}
