//! Any bytes as TMX: reading never panics, writing what was read never
//! panics, and when the writer says the units read back as they are
//! (`tmx::reads_back`, what the memory's cache relies on), they do: the
//! file written again is the same, byte for byte.
#![no_main]

use fluentpress::tm::tmx;
use libfuzzer_sys::fuzz_target;

const TARGETS: [&str; 2] = ["pl", "en"];

fuzz_target!(|data: &[u8]| {
    let Ok(read) = tmx::read(data, "fr", &TARGETS) else { return };
    // As the memory keeps them: one unit per pair, in memory order.
    let mut units = Vec::new();
    fluentpress::tm::merge(&mut units, read.units);
    let written = tmx::write(&units, "fr");
    if !tmx::reads_back(&units, "fr", &TARGETS) {
        return;
    }
    let again = tmx::read(written.as_bytes(), "fr", &TARGETS).expect("what fluentpress writes, it reads");
    assert_eq!(again.units, units, "what was written reads back as it was:\n{written}");
});
