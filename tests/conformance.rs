mod common;

// Conformance of the Fluent parsing `check` relies on (fluent-syntax's full
// parser, split into entries and Junk as `fluent.syntax` splits them: see
// `ftl::recover`) against the reference parser's fixtures and real Mozilla
// files, and `check` on the real Firefox corpus.
//
// Every test reads `../shared` and is ignored by default; CI runs them with
// `cargo test -- --include-ignored`.

use fluent_syntax::ast::{
    CallArguments, Comment, Entry, Expression, Identifier, InlineExpression, Pattern, PatternElement,
    Resource, VariantKey,
};
use fluent_syntax::{parser, serializer};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------
// Our AST in the reference parser's JSON shape
// ---------------------------------------------------------------------------

fn resource_json(resource: &Resource<&str>) -> Value {
    json!({
        "type": "Resource",
        "body": resource.body.iter().map(entry_json).collect::<Vec<_>>(),
    })
}

fn entry_json(entry: &Entry<&str>) -> Value {
    match entry {
        Entry::Message(m) => json!({
            "type": "Message",
            "id": identifier_json(&m.id),
            "value": m.value.as_ref().map_or(Value::Null, pattern_json),
            "attributes": m.attributes.iter().map(|a| json!({
                "type": "Attribute",
                "id": identifier_json(&a.id),
                "value": pattern_json(&a.value),
            })).collect::<Vec<_>>(),
            "comment": m.comment.as_ref().map_or(Value::Null, |c| comment_json("Comment", c)),
        }),
        Entry::Term(t) => json!({
            "type": "Term",
            "id": identifier_json(&t.id),
            "value": pattern_json(&t.value),
            "attributes": t.attributes.iter().map(|a| json!({
                "type": "Attribute",
                "id": identifier_json(&a.id),
                "value": pattern_json(&a.value),
            })).collect::<Vec<_>>(),
            "comment": t.comment.as_ref().map_or(Value::Null, |c| comment_json("Comment", c)),
        }),
        Entry::Comment(c) => comment_json("Comment", c),
        Entry::GroupComment(c) => comment_json("GroupComment", c),
        Entry::ResourceComment(c) => comment_json("ResourceComment", c),
        Entry::Junk { content } => json!({
            "type": "Junk",
            "annotations": [],
            "content": content,
        }),
    }
}

/// The reference keeps a comment's lines as one string joined with `\n`.
fn comment_json(kind: &str, comment: &Comment<&str>) -> Value {
    json!({ "type": kind, "content": comment.content.join("\n") })
}

fn identifier_json(id: &Identifier<&str>) -> Value {
    json!({ "type": "Identifier", "name": id.name })
}

/// fluent-rs cuts text into one element per line (slices of the input); the
/// reference joins adjacent text into a single `TextElement`.
fn pattern_json(pattern: &Pattern<&str>) -> Value {
    let mut elements = Vec::new();
    let mut text: Option<String> = None;
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => {
                text.get_or_insert_with(String::new).push_str(value);
            }
            PatternElement::Placeable { expression } => {
                if let Some(text) = text.take() {
                    elements.push(json!({ "type": "TextElement", "value": text }));
                }
                elements.push(json!({
                    "type": "Placeable",
                    "expression": expression_json(expression),
                }));
            }
        }
    }
    if let Some(text) = text {
        elements.push(json!({ "type": "TextElement", "value": text }));
    }
    json!({ "type": "Pattern", "elements": elements })
}

fn expression_json(expression: &Expression<&str>) -> Value {
    match expression {
        Expression::Inline(inline) => inline_json(inline),
        Expression::Select { selector, variants } => json!({
            "type": "SelectExpression",
            "selector": inline_json(selector),
            "variants": variants.iter().map(|v| json!({
                "type": "Variant",
                "key": match &v.key {
                    VariantKey::Identifier { name } => json!({ "type": "Identifier", "name": name }),
                    VariantKey::NumberLiteral { value } => json!({ "type": "NumberLiteral", "value": value }),
                },
                "value": pattern_json(&v.value),
                "default": v.default,
            })).collect::<Vec<_>>(),
        }),
    }
}

fn inline_json(inline: &InlineExpression<&str>) -> Value {
    match inline {
        InlineExpression::StringLiteral { value } => {
            json!({ "type": "StringLiteral", "value": value })
        }
        InlineExpression::NumberLiteral { value } => {
            json!({ "type": "NumberLiteral", "value": value })
        }
        InlineExpression::FunctionReference { id, arguments } => json!({
            "type": "FunctionReference",
            "id": identifier_json(id),
            "arguments": arguments_json(arguments),
        }),
        InlineExpression::MessageReference { id, attribute } => json!({
            "type": "MessageReference",
            "id": identifier_json(id),
            "attribute": attribute.as_ref().map_or(Value::Null, identifier_json),
        }),
        InlineExpression::TermReference { id, attribute, arguments } => json!({
            "type": "TermReference",
            "id": identifier_json(id),
            "attribute": attribute.as_ref().map_or(Value::Null, identifier_json),
            "arguments": arguments.as_ref().map_or(Value::Null, arguments_json),
        }),
        InlineExpression::VariableReference { id } => json!({
            "type": "VariableReference",
            "id": identifier_json(id),
        }),
        InlineExpression::Placeable { expression } => json!({
            "type": "Placeable",
            "expression": expression_json(expression),
        }),
    }
}

fn arguments_json(arguments: &CallArguments<&str>) -> Value {
    json!({
        "type": "CallArguments",
        "positional": arguments.positional.iter().map(inline_json).collect::<Vec<_>>(),
        "named": arguments.named.iter().map(|n| json!({
            "type": "NamedArgument",
            "name": identifier_json(&n.name),
            "value": inline_json(&n.value),
        })).collect::<Vec<_>>(),
    })
}

// ---------------------------------------------------------------------------
// Comparing JSON
// ---------------------------------------------------------------------------

/// The expected AST as we compare it: without `span` keys anywhere, and with
/// Junk annotations emptied (fluent-rs does not produce annotations).
fn normalize_expected(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("span");
            if map.get("type").and_then(Value::as_str) == Some("Junk") {
                map.insert("annotations".into(), json!([]));
            }
            map.values_mut().for_each(normalize_expected);
        }
        Value::Array(items) => items.iter_mut().for_each(normalize_expected),
        _ => {}
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 160 {
        format!("{}…", text.chars().take(160).collect::<String>())
    } else {
        text
    }
}

/// The first place where `ours` and `expected` differ, as a JSON path and what
/// each side holds there.
fn first_difference(path: &str, ours: &Value, expected: &Value) -> Option<String> {
    match (ours, expected) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            // Compare the node kinds first: a differing type explains the rest.
            if a.get("type") != b.get("type") {
                return Some(format!(
                    "{path}.type: ours {} ≠ expected {}\n    ours:     {}\n    expected: {}",
                    short(a.get("type").unwrap_or(&Value::Null)),
                    short(b.get("type").unwrap_or(&Value::Null)),
                    short(ours),
                    short(expected),
                ));
            }
            keys.into_iter().find_map(|key| match (a.get(key), b.get(key)) {
                (Some(x), Some(y)) => first_difference(&format!("{path}.{key}"), x, y),
                (x, y) => Some(format!(
                    "{path}.{key}: ours {} ≠ expected {}",
                    x.map_or("<missing>".to_string(), short),
                    y.map_or("<missing>".to_string(), short),
                )),
            })
        }
        (Value::Array(a), Value::Array(b)) => {
            let common = a
                .iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| first_difference(&format!("{path}[{i}]"), x, y));
            common.or_else(|| {
                (a.len() != b.len()).then(|| {
                    let n = a.len().min(b.len());
                    format!(
                        "{path}: ours has {} items ≠ expected {}; first extra: {}",
                        a.len(),
                        b.len(),
                        short(a.get(n).or(b.get(n)).unwrap()),
                    )
                })
            })
        }
        _ if ours == expected => None,
        _ => Some(format!("{path}: ours {} ≠ expected {}", short(ours), short(expected))),
    }
}

/// What a known deviation is still checked on: the kind of every entry and
/// the ID of every message and term, in order.
fn outline(resource: &Value) -> Vec<String> {
    resource["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            let kind = entry["type"].as_str().unwrap();
            match entry["id"]["name"].as_str() {
                Some(id) => format!("{kind} {id}"),
                None => kind.to_string(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// 1. The reference parser's fixtures
// ---------------------------------------------------------------------------

/// Fixtures where fluent-rs 0.12 disagrees with the reference parser, with
/// why. They are compared on their outline (entry kinds and IDs) and in full
/// once the expected patterns are trimmed the way fluent-rs trims them (see
/// [`trim_like_fluent_rs`]), and must still disagree in the plain full
/// comparison, so the list cannot go stale.
const KNOWN_DEVIATIONS: &[(&str, &str)] = &[
    (
        "cr_multikey",
        "a bare CR is not a line ending in Fluent, so the whole CR-only file is one message whose \
         value is text up to the end; the reference keeps the file's final CR in that text, \
         fluent-rs trims trailing ' ', CR and LF from a pattern's last text element and drops it",
    ),
    (
        "cr_multilinevalue",
        "same as cr_multikey: the single value of the CR-only file ends in a bare CR, which the \
         reference keeps and fluent-rs trims as if it were whitespace",
    ),
];

/// Fixtures where the spec's own parser (the JSON's `bin/parse.js`) keeps a
/// message whose attribute is broken and junks only that line, while
/// `fluent.syntax` (compare-locales' and Pontoon's parser, which `check`
/// follows: see `ftl::recover`) junks the whole message, its comment then
/// standing alone. Given with those messages; every other entry must match
/// in full.
const RECOVERY_AS_FLUENT_SYNTAX: &[(&str, &[&str])] = &[("leading_dots", &["key07"])];

/// The spec's outline with each of `junked` made Junk as `fluent.syntax`
/// makes it: its comment, then one Junk for it and the broken line.
fn outline_junking(expected: &Value, junked: &[&str]) -> Vec<String> {
    let mut rows = Vec::new();
    let mut merge_next_junk = false;
    for (row, entry) in outline(expected).into_iter().zip(expected["body"].as_array().unwrap()) {
        let id = entry["id"]["name"].as_str();
        if id.is_some_and(|id| junked.contains(&id)) {
            if !entry["comment"].is_null() {
                rows.push("Comment".to_string());
            }
            rows.push("Junk".to_string());
            merge_next_junk = true;
        } else if !(merge_next_junk && row == "Junk") {
            rows.push(row);
            merge_next_junk = false;
        } else {
            merge_next_junk = false;
        }
    }
    rows
}

/// The reference's patterns as fluent-rs ends them: the last text element of
/// every pattern loses its trailing spaces, CRs and LFs (fluent-syntax's
/// `Slice::trim`), where the reference keeps a bare CR as text.
fn trim_like_fluent_rs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("Pattern")
                && let Some(last) = map["elements"].as_array_mut().unwrap().last_mut()
                && last["type"] == "TextElement"
            {
                let text = last["value"].as_str().unwrap();
                last["value"] = text.trim_end_matches([' ', '\r', '\n']).into();
            }
            map.values_mut().for_each(trim_like_fluent_rs);
        }
        Value::Array(items) => items.iter_mut().for_each(trim_like_fluent_rs),
        _ => {}
    }
}

/// What `check` reads: fluent-syntax's AST, split into entries and Junk as
/// the reference parser splits them.
fn parse_lenient(text: &str) -> Resource<&str> {
    fluentpress::ftl::parse(text).0
}

fn fixtures() -> Vec<(String, PathBuf, PathBuf)> {
    let dir = common::corpus("corpora/fluent-spec/fluent-spec/test/fixtures");
    let mut found: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .filter(|p| p.with_extension("json").is_file())
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let json = p.with_extension("json");
            (name, p, json)
        })
        .collect();
    found.sort();
    found
}

#[test]
#[ignore = "needs ../shared corpora"]
fn fluent_spec_reference_fixtures() {
    let fixtures = fixtures();
    assert_eq!(fixtures.len(), 39, "the reference suite has 39 fixture pairs");
    for (name, _) in KNOWN_DEVIATIONS {
        assert!(fixtures.iter().any(|(n, _, _)| n == name), "known deviation `{name}` is not a fixture");
    }

    let mut failures = Vec::new();
    let mut stale = Vec::new();
    let mut junk_fixtures = 0;
    let mut junk_entries = 0;
    for (name, ftl, json_path) in &fixtures {
        let text = fs::read_to_string(ftl).unwrap();
        let resource = parse_lenient(&text);
        let ours = resource_json(&resource);
        let mut expected: Value = serde_json::from_str(&fs::read_to_string(json_path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", json_path.display()));
        normalize_expected(&mut expected);

        // Junk is a verbatim slice of the input, in input order.
        let mut last_end = 0;
        let mut junk = 0;
        for entry in &resource.body {
            if let Entry::Junk { content } = entry {
                junk += 1;
                let start = (content.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
                if !text.contains(content) {
                    failures.push(format!("{name}.ftl: junk {content:?} is not in the input"));
                } else if start < last_end
                    || text.get(start..start.saturating_add(content.len())) != Some(*content)
                {
                    failures.push(format!(
                        "{name}.ftl: junk {content:?} is not the input at byte {start}, after the previous junk"
                    ));
                } else {
                    last_end = start + content.len();
                }
            }
        }
        for entry in expected["body"].as_array().unwrap() {
            if entry["type"] == "Junk" && !text.contains(entry["content"].as_str().unwrap()) {
                failures.push(format!(
                    "{name}.ftl: the reference's junk {} is not in the input as read",
                    entry["content"]
                ));
            }
        }
        if junk > 0 {
            junk_fixtures += 1;
            junk_entries += junk;
        }

        if let Some((_, junked)) = RECOVERY_AS_FLUENT_SYNTAX.iter().find(|(n, _)| n == name) {
            let (a, b) = (outline(&ours), outline_junking(&expected, junked));
            if a != b {
                failures.push(format!("{name}.ftl differs from fluent.syntax's recovery:\n    ours:     {a:?}\n    expected: {b:?}"));
            }
            let by_id = |v: &Value| -> BTreeMap<String, Value> {
                v["body"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|e| Some((e["id"]["name"].as_str()?.to_string(), e.clone())))
                    .collect()
            };
            let (ours_by_id, mut expected_by_id) = (by_id(&ours), by_id(&expected));
            expected_by_id.retain(|id, _| !junked.contains(&id.as_str()));
            if ours_by_id != expected_by_id {
                failures.push(format!("{name}.ftl: the entries both keep differ"));
            }
            continue;
        }
        let difference = first_difference("$", &ours, &expected);
        match KNOWN_DEVIATIONS.iter().find(|(n, _)| n == name) {
            None => {
                if let Some(difference) = difference {
                    failures.push(format!("{name}.ftl: {difference}"));
                }
            }
            Some((_, reason)) => {
                if difference.is_none() {
                    stale.push(format!(
                        "{name}.ftl now matches the reference in full: remove it from KNOWN_DEVIATIONS ({reason})"
                    ));
                }
                let (a, b) = (outline(&ours), outline(&expected));
                if a != b {
                    failures.push(format!(
                        "{name}.ftl (known deviation) differs even in its outline:\n    ours:     {a:?}\n    expected: {b:?}"
                    ));
                }
                let mut trimmed = expected.clone();
                trim_like_fluent_rs(&mut trimmed);
                if let Some(difference) = first_difference("$", &ours, &trimmed) {
                    failures.push(format!(
                        "{name}.ftl (known deviation) differs beyond fluent-rs's trimming: {difference}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty() && stale.is_empty(),
        "{} of {} fixtures disagree with the reference parser:\n{}\n{} stale known deviations:\n{}",
        failures.len(),
        fixtures.len(),
        failures.join("\n"),
        stale.len(),
        stale.join("\n"),
    );
    // The junk checks above ran on every fixture the reference has junk in.
    assert_eq!((junk_fixtures, junk_entries), (27, 104));
}

// ---------------------------------------------------------------------------
// 2. Real files: parse and round-trip
// ---------------------------------------------------------------------------

fn ftl_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ftl_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ftl") {
            out.push(path);
        }
    }
}

#[test]
#[ignore = "needs ../shared corpora"]
fn firefox_and_mozilla_org_corpus_round_trips() {
    let root = common::corpus("corpora/ftl");
    let mut per_locale: BTreeMap<String, usize> = BTreeMap::new();
    let mut files = Vec::new();
    ftl_files(&root, &mut files);
    files.sort();

    let mut failures = Vec::new();
    let mut entries = 0;
    for path in &files {
        let shown = path.strip_prefix(&root).unwrap().display().to_string();
        let locale: Vec<_> = shown.splitn(3, '/').take(2).collect();
        *per_locale.entry(locale.join("/")).or_default() += 1;
        let text = fs::read_to_string(path).unwrap();
        let ast = match parser::parse(text.as_str()) {
            Ok(ast) => ast,
            Err((_, errors)) => {
                failures.push(format!("{shown}: does not parse: {errors:?}"));
                continue;
            }
        };
        entries += ast.body.len();
        let serialized = serializer::serialize(&ast);
        match parser::parse(serialized.as_str()) {
            Ok(again) if again == ast => {}
            Ok(again) => {
                let difference = first_difference("$", &resource_json(&again), &resource_json(&ast))
                    .unwrap_or_else(|| "the ASTs differ in text element boundaries".into());
                failures.push(format!("{shown}: the round trip changes the AST: {difference}"));
            }
            Err((_, errors)) => {
                failures.push(format!("{shown}: the serialized text does not parse: {errors:?}"));
            }
        }
    }
    let counts: Vec<_> = per_locale.iter().map(|(l, n)| format!("{l}: {n}")).collect();
    println!("{} files, {entries} entries ({})", files.len(), counts.join(", "));
    let expected_counts: BTreeMap<String, usize> = [
        ("firefox/en-US", 203),
        ("firefox/fr", 203),
        ("firefox/pl", 203),
        ("mozilla-org/en", 128),
        ("mozilla-org/fr", 128),
        ("mozilla-org/pl", 128),
    ]
    .into_iter()
    .map(|(l, n)| (l.to_string(), n))
    .collect();
    assert_eq!(per_locale, expected_counts);
    assert!(
        failures.is_empty(),
        "{} of {} files fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// 3. `check` on the Firefox corpus
// ---------------------------------------------------------------------------

/// The one diagnostic that has every field of `wanted`, with a listing of the
/// diagnostics of the same file when there is none.
fn finding<'a>(diagnostics: &'a [Value], wanted: &Value) -> &'a Value {
    let wanted = wanted.as_object().unwrap();
    let matches: Vec<&Value> =
        diagnostics.iter().filter(|d| wanted.iter().all(|(k, v)| d.get(k) == Some(v))).collect();
    if matches.len() != 1 {
        let same_file: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.get("file") == wanted.get("file"))
            .map(|d| d.to_string())
            .collect();
        panic!(
            "expected exactly one diagnostic with {}, found {}:\n{}\nall diagnostics of that file:\n{}",
            Value::Object(wanted.clone()),
            matches.len(),
            matches.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"),
            same_file.join("\n"),
        );
    }
    matches[0]
}

#[test]
#[ignore = "needs ../shared corpora"]
fn check_on_the_firefox_corpus_reports_real_findings() {
    let project = tempfile::tempdir().unwrap();
    common::firefox_project(project.path());
    let output = common::fluentpress(project.path(), &["check", "--format", "json"]);
    let stderr = common::stderr(&output);
    assert!(!stderr.contains("panicked"), "check panicked:\n{stderr}");
    assert_eq!(output.status.code(), Some(1), "check must fail on the Firefox corpus; stderr:\n{stderr}");
    let report: Value =
        serde_json::from_str(&common::stdout(&output)).unwrap_or_else(|e| panic!("stdout is not JSON: {e}"));
    let diagnostics = report["diagnostics"].as_array().expect("the report has a `diagnostics` array");
    let errors = report["errors"].as_u64().expect("the report counts `errors`");
    let warnings = report["warnings"].as_u64().expect("the report counts `warnings`");
    let severity_count = |s: &str| diagnostics.iter().filter(|d| d["severity"] == s).count() as u64;
    assert_eq!(errors, severity_count("error"));
    assert_eq!(warnings, severity_count("warning"));
    let notes = report["notes"].as_u64().expect("the report counts `notes`");
    assert_eq!(notes, severity_count("note"));
    assert_eq!(errors + warnings + notes, diagnostics.len() as u64, "nothing is allowed in Mozilla's files");
    assert!(errors > 0);

    let mut by_code: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for d in diagnostics {
        let counts = by_code.entry(d["code"].as_str().unwrap()).or_default();
        if d["severity"] == "error" {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
    }
    println!("{} diagnostics: {errors} errors, {warnings} warnings", diagnostics.len());
    for (code, (e, w)) in &by_code {
        println!("  {code:<22} {:>4}  ({e} errors, {w} warnings)", e + w);
    }

    // Every file parses, and the three locales have the same 203 files.
    for code in ["syntax", "missing-file", "obsolete-file", "missing-locale"] {
        assert!(!by_code.contains_key(code), "unexpected `{code}` diagnostics");
    }

    // Translation QA: Firefox's French says HDCP "2.0" where the message
    // (and English and Polish) say 2.2; the English closes a quotation with
    // `“` ("Invalid value “{ $v }“").
    finding(
        diagnostics,
        &json!({
            "severity": "error",
            "code": "number",
            "locale": "en",
            "id": "media-hdcp-22-compatible",
            "file": "locales/en/toolkit/toolkit/about/aboutSupport.ftl",
            "line": 208,
            "column": 33,
            "message": "`2.2` here, where the source has `2`",
        }),
    );
    finding(
        diagnostics,
        &json!({
            "severity": "error",
            "code": "brackets",
            "locale": "en",
            "file": "locales/en/toolkit/toolkit/about/aboutLogging.ftl",
            "line": 65,
            "column": 53,
            "message": "`“` closes the quotation: write `”`",
        }),
    );

    // pl lacks a message of the French shopping.ftl (checked by hand: the ID
    // is in fr and en-US at line 96 and nowhere in pl).
    finding(
        diagnostics,
        &json!({
            "severity": "error",
            "code": "missing-message",
            "locale": "pl",
            "id": "powered-by-fakespot",
            "file": "locales/fr/browser/browser/shopping.ftl",
            "line": 96,
            "column": 1,
            "message": "`powered-by-fakespot` is not translated into pl",
            "notes": ["add it to locales/pl/browser/browser/shopping.ftl"],
        }),
    );
    // en-US renamed overflow-scroll-button-up/-down to -backwards/-forwards;
    // the French source still has the old IDs.
    finding(
        diagnostics,
        &json!({
            "severity": "error",
            "code": "missing-message",
            "locale": "en",
            "id": "overflow-scroll-button-down",
            "file": "locales/fr/toolkit/toolkit/global/arrowscrollbox.ftl",
            "line": 20,
            "column": 1,
            "notes": ["add it to locales/en/toolkit/toolkit/global/arrowscrollbox.ftl"],
        }),
    );
    // The French [one] variant says `{ $amount }` where pl (and en-US) use
    // only `$quantity`.
    finding(
        diagnostics,
        &json!({
            "severity": "error",
            "code": "missing-variable",
            "locale": "pl",
            "id": "migration-wizard-progress-success-bookmarks",
            "file": "locales/pl/browser/browser/migrationWizard.ftl",
            "line": 209,
            "column": 1,
            "message": "`migration-wizard-progress-success-bookmarks` drops the variable `$amount` that the source uses",
        }),
    );
    // pl names the site with `{ $host }`; fr and en-US have no variable.
    finding(
        diagnostics,
        &json!({
            "severity": "error",
            "code": "unknown-variable",
            "locale": "pl",
            "id": "protections-panel-cookie-banner-blocker-view-turn-on-for-site",
            "file": "locales/pl/browser/browser/protectionsPanel.ftl",
            "line": 141,
            "column": 124,
            "message": "`protections-panel-cookie-banner-blocker-view-turn-on-for-site` uses the variable `$host`, which the source does not provide",
        }),
    );
    // A real upstream bug: newtab.ftl refers to the term
    // `-newtab-wallpaper-feature-highlight-header`, but only a message of that
    // name (without `-`) exists, in every locale.
    for (locale, line) in [("fr", 344), ("pl", 348), ("en", 363)] {
        finding(
            diagnostics,
            &json!({
                "severity": "error",
                "code": "unresolved-reference",
                "locale": locale,
                "id": "feature-highlight-wallpaper",
                "file": format!("locales/{locale}/browser/browser/newtab/newtab.ftl"),
                "line": line,
                "column": 16,
                "message": format!("term `-newtab-wallpaper-feature-highlight-header` does not exist in {locale}"),
            }),
        );
    }
    // Cross-file duplicates: toolkit's aboutAddons.ftl redefines help-button.
    finding(
        diagnostics,
        &json!({
            "severity": "error",
            "code": "duplicate",
            "locale": "fr",
            "id": "help-button",
            "file": "locales/fr/toolkit/toolkit/about/aboutAddons.ftl",
            "line": 29,
            "column": 1,
            "notes": ["first defined at locales/fr/browser/browser/pageInfo.ftl:120:1"],
        }),
    );
    // `NUMBER($mem, maxFractionalUnits: 2)`: not an Intl.NumberFormat option.
    let unknown_option = finding(
        diagnostics,
        &json!({
            "severity": "error",
            "code": "function-option",
            "locale": "fr",
            "id": "about-unloads-memory-in-mb",
            "file": "locales/fr/browser/browser/aboutUnloads.ftl",
            "line": 34,
            "column": 45,
        }),
    );
    assert!(unknown_option["message"].as_str().unwrap().contains("`maxFractionalUnits`"), "{unknown_option}");
}
