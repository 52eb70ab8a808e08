//! Helpers shared by the integration tests (and the benchmarks, which
//! include this file by path): the shared corpora and fixture projects.
#![allow(dead_code)]

pub mod pdf;
pub mod synthetic;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `../shared` beside the repository, or `$FLUENTPRESS_SHARED`.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("FLUENTPRESS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// A corpus folder under the shared material, with a clear failure when the
/// material is not there.
pub fn corpus(relative: &str) -> PathBuf {
    let dir = shared_dir().join(relative);
    assert!(dir.exists(), "{} is missing: set FLUENTPRESS_SHARED to the shared material", dir.display());
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fixture project under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A copy of a fixture to change and build in.
pub fn scratch(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name), dir.path());
    dir
}

/// Replaces the first `from` in a file by `to`; the file must hold it.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Copies a project's sources (manifest, locales, layouts) into `to`, so
/// that it can be built without touching the original's `out/`.
pub fn copy_project(from: &Path, to: &Path) {
    fs::copy(from.join("fluentpress.toml"), to.join("fluentpress.toml")).unwrap();
    copy_tree(&from.join("locales"), &to.join("locales"));
    copy_tree(&from.join("layouts"), &to.join("layouts"));
}

/// Lays out the Firefox corpus as a fluentpress project in `dest`: French as
/// the source, Polish and English as targets, no documents.
pub fn firefox_project(dest: &Path) {
    let corpus = corpus("corpora/ftl/firefox");
    for (from, to) in [("fr", "fr"), ("pl", "pl"), ("en-US", "en")] {
        copy_tree(&corpus.join(from), &dest.join("locales").join(to));
    }
    fs::write(dest.join("fluentpress.toml"), "[locales]\nsource = \"fr\"\ntargets = [\"pl\", \"en\"]\n")
        .unwrap();
}

/// The fluentpress binary, blind to the machine's Hunspell dictionaries so
/// that what a test sees does not depend on which are installed.
pub fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fluentpress"));
    command.env("DICPATH", "");
    command
}

/// Runs the fluentpress binary with `args` in the project `dir`.
pub fn fluentpress(dir: &Path, args: &[&str]) -> Output {
    binary().arg("--project").arg(dir).args(args).output().expect("the fluentpress binary runs")
}

/// Each diagnostic of `check --format json` as "severity code file:line:col message".
pub fn findings(out: &Output) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let at = match (d.get("line"), d.get("column")) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", d["file"].as_str().unwrap()),
                _ => d["file"].as_str().unwrap().to_string(),
            };
            let (severity, code) = (d["severity"].as_str().unwrap(), d["code"].as_str().unwrap());
            format!("{severity} {code} {at} {}", d["message"].as_str().unwrap())
        })
        .collect()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}
