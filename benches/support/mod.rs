//! What the benchmarks share: running a command as a child process and
//! measuring it (wall time around spawn and reap, peak resident set from
//! `wait4`), the statistics of a series of runs, and small helpers.
//!
//! A child's `ru_maxrss` starts at its parent's high-water mark (the image it
//! had before `exec`), so a bench should keep its own memory small while it
//! measures, and print [`own_peak_kib`] (the floor) with its figures.
#![allow(dead_code)]

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One measured run of a child process.
pub struct Run {
    pub wall: Duration,
    /// KiB on Linux.
    pub max_rss_kib: u64,
    pub code: i32,
    pub stdout: PathBuf,
    pub stderr: PathBuf,
}

impl Run {
    pub fn stdout(&self) -> String {
        fs::read_to_string(&self.stdout).unwrap_or_default()
    }

    pub fn stderr(&self) -> String {
        fs::read_to_string(&self.stderr).unwrap_or_default()
    }
}

/// `BENCH_RUNS`, a positive number of timed runs, 5 by default.
pub fn bench_runs() -> usize {
    match std::env::var("BENCH_RUNS") {
        Ok(v) => v
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .unwrap_or_else(|| fail(&format!("BENCH_RUNS must be a positive number, not {v:?}"))),
        Err(_) => 5,
    }
}

/// Spawns the command with its output going to files, waits for it with
/// `wait4` and returns the wall time and the child's peak resident set.
pub fn run(command: &mut Command, outputs: &Path, name: &str) -> Run {
    let out_path = outputs.join(format!("{name}.stdout"));
    let err_path = outputs.join(format!("{name}.stderr"));
    command
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).unwrap())
        .stderr(File::create(&err_path).unwrap());
    let start = Instant::now();
    let child = command.spawn().unwrap_or_else(|e| fail(&format!("cannot run {command:?}: {e}")));
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data, valid when zeroed.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: the pointers are to live locals; `pid` is our unreaped child.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            fail(&format!("wait4 on {command:?}: {error}"));
        }
    }
    let wall = start.elapsed();
    // Reaped already: the handle must not be waited on again.
    drop(child);
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -libc::WTERMSIG(status) };
    Run { wall, max_rss_kib: usage.ru_maxrss as u64, code, stdout: out_path, stderr: err_path }
}

/// A series of runs: median and minimum wall time, highest peak memory.
pub struct Stats {
    pub median: Duration,
    pub min: Duration,
    pub max_rss_mib: f64,
}

impl Stats {
    pub fn of(runs: &[Run]) -> Stats {
        let walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
        Stats {
            median: median(walls.clone()),
            min: walls.iter().copied().min().unwrap_or_default(),
            max_rss_mib: runs.iter().map(|r| r.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0,
        }
    }
}

/// The median of durations (of the middle two, for an even count).
pub fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    let n = values.len();
    match n {
        0 => Duration::ZERO,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2,
    }
}

/// The bench process's own peak resident set (VmHWM), in KiB.
pub fn own_peak_kib() -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

pub fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn list(values: impl Iterator<Item = f64>) -> String {
    values.map(|v| format!("{v:.1}")).collect::<Vec<_>>().join(" ")
}

/// The last 20 lines of a text.
pub fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

pub fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}

/// A Python tool: the path in the environment variable `var`, else `name`
/// on the PATH. A pyenv shim is resolved to the script it runs, so that the
/// shim's own start is not counted against the tool.
pub fn find_python_tool(var: &str, name: &str) -> Option<PathBuf> {
    let found = match std::env::var_os(var) {
        Some(path) => Some(PathBuf::from(path)),
        None => std::env::var_os("PATH")
            .and_then(|paths| std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|p| p.is_file())),
    }?;
    // A pyenv shim is a shell script that runs `pyenv exec`: ask pyenv for
    // the script it would run instead. (Only the head of the file is read,
    // to keep the bench's own memory, the floor of every reading, small.)
    let mut head = Vec::new();
    if let Ok(file) = File::open(&found) {
        let _ = std::io::Read::read_to_end(&mut std::io::Read::take(file, 4096), &mut head);
    }
    if head.starts_with(b"#!")
        && String::from_utf8_lossy(&head).contains("pyenv\" exec")
        && let Ok(out) = Command::new("pyenv").args(["which", name]).output()
    {
        let real = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && real.is_file() {
            return Some(real);
        }
    }
    Some(found)
}
