//! Any Fluent text as the Polish of a small project: loading, `check` and
//! the exchange units never panic.
#![no_main]

use fluentpress::check::check;
use fluentpress::ftl::Catalog;
use fluentpress::project::in_memory;
use fluentpress::segment::Units;
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;

const MANIFEST: &str = "[locales]\nsource = \"fr\"\ntargets = [\"pl\"]\n";
const SOURCE: &str = "a = Un { $n }\nb = { $n ->\n    [one] un\n   *[other] des\n}\n-t = T\n    .g = f\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let project =
        in_memory(MANIFEST, &[("locales/fr/m.ftl", SOURCE), ("locales/pl/m.ftl", text)]).expect("a manifest");
    let catalog = Catalog::parse(&project);
    let _ = check(&catalog, &[]);
    let _ = Units::extract(&catalog, "pl", &HashMap::new());
});
