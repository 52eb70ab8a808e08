//! Our Fluent parser against the reference implementation's Python parser
//! (`fluent.syntax`): on our own files, the fixtures and the real corpora,
//! both must see the same entries and the same Junk. (The spec's own
//! fixtures are compared with the spec's JSON in `conformance.rs`: the Python
//! parser lags the spec on `leading_dots.ftl`.)

mod common;

use fluent_syntax::ast::Entry;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Per file, the entries in order: `Message id`, `Term -id`, `Junk`, comments.
type Outline = BTreeMap<String, Vec<String>>;

const PYTHON_OUTLINE: &str = r#"
import json, sys
from fluent.syntax import parse, ast
out = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8", newline="") as f:
        resource = parse(f.read())
    rows = []
    for e in resource.body:
        if isinstance(e, ast.Message): rows.append("Message " + e.id.name)
        elif isinstance(e, ast.Term): rows.append("Term -" + e.id.name)
        else: rows.append(type(e).__name__)
    out[path] = rows
json.dump(out, sys.stdout)
"#;

fn rust_outline(paths: &[PathBuf]) -> Outline {
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let resource = match fluent_syntax::parser::parse(text.as_str()) {
                Ok(r) | Err((r, _)) => r,
            };
            let rows = resource
                .body
                .iter()
                .map(|e| match e {
                    Entry::Message(m) => format!("Message {}", m.id.name),
                    Entry::Term(t) => format!("Term -{}", t.id.name),
                    Entry::Comment(_) => "Comment".to_string(),
                    Entry::GroupComment(_) => "GroupComment".to_string(),
                    Entry::ResourceComment(_) => "ResourceComment".to_string(),
                    Entry::Junk { .. } => "Junk".to_string(),
                })
                .collect();
            (path.display().to_string(), rows)
        })
        .collect()
}

fn python_outline(paths: &[PathBuf]) -> Outline {
    let out =
        Command::new("python3").arg("-c").arg(PYTHON_OUTLINE).args(paths).output().expect("python3 runs");
    assert!(out.status.success(), "python3 fluent.syntax failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ftl_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ftl_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ftl") {
            out.push(path);
        }
    }
}

fn assert_same_outline(paths: Vec<PathBuf>) {
    assert!(!paths.is_empty());
    let ours = rust_outline(&paths);
    let reference = python_outline(&paths);
    let differing: Vec<_> =
        ours.iter().filter(|(path, rows)| reference.get(*path) != Some(rows)).map(|(p, _)| p).collect();
    assert!(differing.is_empty(), "{} of {} files differ: {differing:#?}", differing.len(), paths.len());
}

#[test]
#[ignore = "needs python3 with fluent.syntax"]
fn our_locales_and_fixtures_parse_as_the_reference_parses_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    ftl_files(&root.join("locales"), &mut paths);
    ftl_files(&root.join("tests/fixtures"), &mut paths);
    let reference = python_outline(&paths);
    for (path, rows) in &reference {
        let planted = path.ends_with("fixtures/faults/locales/pl/notice.ftl");
        assert_eq!(rows.iter().any(|r| r == "Junk"), planted, "{path}: {rows:?}");
    }
    assert_same_outline(paths);
}

#[test]
#[ignore = "needs python3 with fluent.syntax and ../shared corpora"]
fn the_real_corpora_parse_as_the_reference_parses_them() {
    let mut paths = Vec::new();
    ftl_files(&common::corpus("corpora/ftl"), &mut paths);
    paths.sort();
    assert_same_outline(paths);
}
