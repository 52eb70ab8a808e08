//! Any bytes as a TBX file: reading never panics, and what is written of
//! what was read reads back, the same from the second round on (writing
//! normalises once: IDs become XML names, spaces collapse).
#![no_main]

use fluentpress::glossary::tbx::{self, TbxVersion};
use fluentpress::glossary::Glossary;
use libfuzzer_sys::fuzz_target;

/// The glossary written and read back, its read-only origins aside.
fn round(glossary: &Glossary, version: TbxVersion) -> Glossary {
    let written = tbx::write(glossary, version, "fr", None, "fuzz");
    let mut again = tbx::read(written.as_bytes()).expect("what fluentpress writes, it reads");
    for concept in &mut again.concepts {
        concept.origin.clear();
    }
    again
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut glossary) = tbx::read(data) else { return };
    for concept in &mut glossary.concepts {
        concept.origin.clear();
    }
    for version in [TbxVersion::V2008, TbxVersion::V3] {
        let once = round(&glossary, version);
        assert_eq!(round(&once, version), once, "a second round changes the glossary");
    }
});
