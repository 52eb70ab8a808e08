//! Any bytes as an agency's XLIFF: reading, import planning (with and
//! without --force) and the dry run's diff never panic, and what a plan
//! writes parses.
#![no_main]

use fluentpress::ftl::Catalog;
use fluentpress::project::in_memory;
use fluentpress::xliff::{ImportOptions, plan_import};
use libfuzzer_sys::fuzz_target;
use std::io::Cursor;

const MANIFEST: &str = "[locales]\nsource = \"fr\"\ntargets = [\"pl\"]\n";
const FR: &str = "a = Un { $n }\nb = { $n ->\n    [one] un\n   *[other] des\n}\nc = C\n    .t = T\n";
const PL: &str = "a = Jeden { $n }\nb = { NUMBER($n) ->\n    [one] jeden\n   *[many] wiele\n}\n";

fuzz_target!(|data: &[u8]| {
    let project =
        in_memory(MANIFEST, &[("locales/fr/m.ftl", FR), ("locales/pl/m.ftl", PL)]).expect("a manifest");
    let catalog = Catalog::parse(&project);
    for force in [false, true] {
        let options = ImportOptions { force, target_given: false };
        if let Ok(plan) = plan_import(&catalog, "pl", Cursor::new(data), &options) {
            for change in &plan.changes {
                let _ = change.diff();
                let parsed = fluent_syntax_parses(&change.after);
                assert!(parsed, "a plan wrote Fluent that does not parse:\n{}", change.after);
            }
        }
    }
});

/// Whether a file the import would write is Fluent without junk.
fn fluent_syntax_parses(text: &str) -> bool {
    fluentpress::ftl::parse_valid(text).is_some()
}
