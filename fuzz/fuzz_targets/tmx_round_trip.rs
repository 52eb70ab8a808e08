//! Any bytes as TMX: reading never panics, and the memory fluentpress
//! writes from what it read reads back as the same memory: writing it again
//! gives the same file, byte for byte.
#![no_main]

use fluentpress::tm::tmx;
use libfuzzer_sys::fuzz_target;

const TARGETS: [&str; 2] = ["pl", "en"];

fuzz_target!(|data: &[u8]| {
    let Ok(read) = tmx::read(data, "fr", &TARGETS) else { return };
    let written = tmx::write(&read.units, "fr");
    let again = match tmx::read(written.as_bytes(), "fr", &TARGETS) {
        Ok(again) => again.units,
        // A memory of no pair of these languages is written as an empty one.
        Err(_) => return assert!(read.units.is_empty(), "what fluentpress writes, it reads:\n{written}"),
    };
    assert_eq!(tmx::write(&again, "fr"), written);
});
