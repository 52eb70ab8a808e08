//! Our Fluent parser against the reference implementation's Python parser
//! (`fluent.syntax`): on our own files, the fixtures and the real corpora,
//! both must see the same entries and the same Junk; on real files damaged
//! at random (seeded), the same entries and the errors at the same places.
//! (The spec's own fixtures are compared with the spec's JSON in
//! `conformance.rs`, where `leading_dots.ftl` shows the one way the spec's
//! own parser recovers differently from `fluent.syntax`.)

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

fn rows(body: &[Entry<&str>]) -> Vec<String> {
    body.iter()
        .map(|e| match e {
            Entry::Message(m) => format!("Message {}", m.id.name),
            Entry::Term(t) => format!("Term -{}", t.id.name),
            Entry::Comment(_) => "Comment".to_string(),
            Entry::GroupComment(_) => "GroupComment".to_string(),
            Entry::ResourceComment(_) => "ResourceComment".to_string(),
            Entry::Junk { .. } => "Junk".to_string(),
        })
        .collect()
}

fn rust_outline(paths: &[PathBuf]) -> Outline {
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            (path.display().to_string(), rows(&fluentpress::ftl::parse(&text).0.body))
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

const PYTHON_ERRORS: &str = r#"
import json, sys
from fluent.syntax import parse, ast
out = {}
for path in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    resource = parse(text)
    rows, errors = [], []
    for e in resource.body:
        if isinstance(e, ast.Message): rows.append("Message " + e.id.name)
        elif isinstance(e, ast.Term): rows.append("Term -" + e.id.name)
        else: rows.append(type(e).__name__)
        for a in getattr(e, "annotations", []):
            errors.append([a.code, len(text[:a.span.start].encode("utf-8"))])
    out[path] = [rows, errors]
json.dump(out, sys.stdout)
"#;

/// The reference's entries of a file, and its errors: code and byte offset.
type Verdict = (Vec<String>, Vec<(String, usize)>);

/// A seeded generator, so that a failure names a case that can be rerun.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// A window of up to 60 lines of a real file (LF or CRLF), damaged two to six times
/// the way hands and tools damage files: a character lost, doubled or
/// swapped, a line lost or doubled, a syntax character or a CR slipped in.
fn damaged(text: &str, rng: &mut Lcg) -> String {
    const SLIPS: &[&str] = &[
        "{", "}", "[", "]", "*", ".", "=", "-", "#", "$", "\"", "\\", "\n", "(", ")", ",", ":", " ", "\t",
        "\r", ">", "x", "A", "1", "é",
    ];
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let first = rng.below(lines.len().max(1));
    let mut out: String = lines.iter().skip(first).take(60).copied().collect();
    // One file in four as saved on Windows.
    if rng.below(4) == 0 {
        out = out.replace('\n', "\r\n");
    }
    for _ in 0..2 + rng.below(5) {
        let boundaries: Vec<usize> = out.char_indices().map(|(i, _)| i).chain([out.len()]).collect();
        let at = boundaries[rng.below(boundaries.len())];
        let next = boundaries.iter().copied().find(|&b| b > at).unwrap_or(at);
        let line_start = out[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = out[at..].find('\n').map_or(out.len(), |i| at + i + 1);
        match rng.below(6) {
            0 => out.replace_range(at..next, ""),
            1 => {
                let doubled = out[at..next].to_string();
                out.insert_str(at, &doubled);
            }
            2 if next < out.len() => {
                let after = boundaries.iter().copied().find(|&b| b > next).unwrap_or(out.len());
                let (a, b) = (out[at..next].to_string(), out[next..after].to_string());
                out.replace_range(at..after, &(b + &a));
            }
            3 => out.replace_range(line_start..line_end, ""),
            4 => {
                let doubled = out[line_start..line_end].to_string();
                out.insert_str(line_start, &doubled);
            }
            _ => out.insert_str(at, SLIPS[rng.below(SLIPS.len())]),
        }
    }
    out
}

#[test]
#[ignore = "needs python3 with fluent.syntax and ../shared corpora"]
fn damaged_real_files_split_into_the_reference_parsers_entries_with_errors_at_its_positions() {
    let mut sources = Vec::new();
    ftl_files(&common::corpus("corpora/ftl"), &mut sources);
    sources.sort();
    let texts: Vec<String> = sources.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Lcg(20_201_208);
    let cases: Vec<(PathBuf, String)> = (0..10_000)
        .map(|i| {
            let text = damaged(&texts[rng.below(texts.len())], &mut rng);
            let path = dir.path().join(format!("{i:05}.ftl"));
            std::fs::write(&path, &text).unwrap();
            (path, text)
        })
        .collect();
    let list = dir.path().join("list.txt");
    let names: Vec<String> = cases.iter().map(|(p, _)| p.display().to_string()).collect();
    std::fs::write(&list, names.join("\n")).unwrap();
    let out = Command::new("python3").arg("-c").arg(PYTHON_ERRORS).arg(&list).output().expect("python3 runs");
    assert!(out.status.success(), "python3 fluent.syntax failed: {}", String::from_utf8_lossy(&out.stderr));
    let reference: BTreeMap<String, Verdict> = serde_json::from_slice(&out.stdout).unwrap();

    let (mut same_entries, mut library_same_entries, mut errors) = (0, 0, 0);
    let (mut differing, mut misplaced) = (Vec::new(), Vec::new());
    for (path, text) in &cases {
        let (want_rows, want_errors) = &reference[&path.display().to_string()];
        let (resource, ours) = fluentpress::ftl::parse(text);
        let library = match fluent_syntax::parser::parse(text.as_str()) {
            Ok(r) | Err((r, _)) => r,
        };
        library_same_entries += usize::from(rows(&library.body) == *want_rows);
        if rows(&resource.body) == *want_rows {
            same_entries += 1;
        } else {
            differing.push(path.display().to_string());
        }
        errors += want_errors.len();
        let ours: Vec<(String, usize)> = ours.iter().map(|e| (e.kind.code().to_string(), e.at)).collect();
        if ours != *want_errors {
            misplaced.push(path.display().to_string());
        }
    }
    eprintln!(
        "{} damaged files: the same entries in {same_entries} (fluent-syntax alone: {library_same_entries}); \
         {errors} errors, the same codes at the same places in all but {} files",
        cases.len(),
        misplaced.len()
    );
    assert!(
        differing.is_empty(),
        "{} files split differently, e.g. {:?}",
        differing.len(),
        &differing[..differing.len().min(5)]
    );
    assert!(errors > 5_000, "the damage must give the parsers work: {errors} errors");
    assert!(
        misplaced.is_empty(),
        "{} files with other errors, e.g. {:?}",
        misplaced.len(),
        &misplaced[..misplaced.len().min(5)]
    );
}
