//! The module graph the README's code map draws, read from the code's own
//! `use` lines (and `crate::`/`super::` paths): no loop between files, and
//! every arrow between the library's top modules points down its layers.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The library's top modules, lowest layer first; a module may use only
/// modules of lower layers.
const LAYERS: &[&[&str]] = &[
    &["diff", "hash"],
    &["diagnostic", "intl"],
    &["error", "manifest"],
    &["fsx"],
    &["project"],
    &["ftl", "layout", "xml"],
    &["segment", "model", "glossary"],
    &["qa", "approval"],
    &["check", "tm", "xliff", "status", "ui"],
    &["typeset"],
    &["render"],
    &["ops"],
    &["cmd"],
];

type Module = Vec<String>;

/// Every source file's module path (`tm::fuzzy::index`), with its text
/// less comments and unit tests.
fn modules() -> BTreeMap<Module, String> {
    fn walk(dir: &Path, out: &mut BTreeMap<Module, String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("src")).unwrap();
                let mut module: Module =
                    relative.with_extension("").iter().map(|p| p.to_string_lossy().into_owned()).collect();
                if module.last().is_some_and(|m| m == "mod") {
                    module.pop();
                }
                if module == ["lib"] || module == ["main"] {
                    continue;
                }
                let text = fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
                let code: String =
                    code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
                out.insert(module, code);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

/// The modules each module refers to: through `crate::` and `super::`
/// paths (brace groups expanded; the binary's `fluentpress::` paths are the
/// library seen from `cmd`), and a folder module's private `use` of its own
/// children (a `pub use` re-exports, it does not depend).
fn edges(modules: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, code) in modules {
        let mut targets: Vec<Module> = Vec::new();
        for path in paths(code) {
            let (mut base, mut rest): (Module, &[String]) = match path[0].as_str() {
                "crate" | "fluentpress" => (Vec::new(), &path[1..]),
                "super" => (module.clone(), &path[..]),
                // `use child::…` in a folder module.
                _ => (module.clone(), &path[..]),
            };
            while let Some((head, tail)) = rest.split_first().filter(|(h, _)| *h == "super") {
                let _ = head;
                base.pop();
                rest = tail;
            }
            let mut target = base;
            target.extend(rest.iter().cloned());
            while !target.is_empty() && !modules.contains_key(&target) {
                target.pop();
            }
            targets.push(target);
        }
        for target in targets.into_iter().filter(|t| !t.is_empty() && t != module) {
            edges.entry(module.clone()).or_default().insert(target);
        }
    }
    edges
}

/// The module paths a file's code names: `crate::a::b`, `super::c`, and
/// the `use` lines (not `pub use`) of paths relative to the module, each
/// brace group expanded into its members.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for (start, _) in code.match_indices(|c: char| c.is_ascii_alphabetic()) {
        if start > 0
            && (bytes[start - 1].is_ascii_alphanumeric()
                || bytes[start - 1] == b'_'
                || bytes[start - 1] == b':')
        {
            continue;
        }
        let rest = &code[start..];
        let relative_use = {
            let line_start = code[..start].rfind('\n').map_or(0, |i| i + 1);
            code[line_start..start].trim() == "use"
        };
        if !["crate::", "super::", "fluentpress::"].iter().any(|p| rest.starts_with(p)) && !relative_use {
            continue;
        }
        expand(rest, Vec::new(), &mut out);
    }
    out
}

/// The paths of one `a::b::{c, d::e}` expression, after `prefix`.
fn expand(text: &str, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut rest = text;
    loop {
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if end > 0 {
            prefix.push(rest[..end].to_string());
        }
        rest = &rest[end..];
        if let Some(after) = rest.strip_prefix("::") {
            if let Some(group) = after.strip_prefix('{') {
                // Members split at top-level commas.
                let (mut depth, mut from) = (0, 0);
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => {
                            expand(group[from..i].trim(), prefix.clone(), out);
                            return;
                        }
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            expand(group[from..i].trim(), prefix.clone(), out);
                            from = i + 1;
                        }
                        _ => {}
                    }
                }
                return;
            }
            rest = after;
            continue;
        }
        break;
    }
    if !prefix.is_empty() {
        out.push(prefix);
    }
}

fn layer(module: &str) -> usize {
    LAYERS.iter().position(|l| l.contains(&module)).unwrap_or_else(|| panic!("`{module}` has no layer"))
}

#[test]
fn every_arrow_between_top_modules_points_down() {
    let modules = modules();
    let mut wrong = Vec::new();
    for (from, targets) in edges(&modules) {
        for to in targets {
            if from[0] != to[0] && layer(&to[0]) >= layer(&from[0]) {
                wrong.push(format!("{} -> {}", from.join("::"), to.join("::")));
            }
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let edges = edges(&modules());
    // Depth-first search for a cycle, reporting the first one met.
    fn visit(
        node: &Module,
        edges: &BTreeMap<Module, BTreeSet<Module>>,
        path: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(at) = path.iter().position(|m| m == node) {
            return Some(path[at..].to_vec());
        }
        if !done.insert(node.clone()) {
            return None;
        }
        path.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        let cycle = visit(node, &edges, &mut Vec::new(), &mut done);
        let shown: Option<Vec<String>> = cycle.map(|c| c.iter().map(|m| m.join("::")).collect());
        assert_eq!(shown, None, "an import loop");
    }
}

#[test]
fn one_module_builds_xml_readers() {
    let builders: Vec<String> = modules()
        .iter()
        .filter(|(_, code)| code.contains("quick_xml::Reader") || code.contains("Reader::from"))
        .map(|(m, _)| m.join("::"))
        .collect();
    assert_eq!(builders, ["xml"]);
}
