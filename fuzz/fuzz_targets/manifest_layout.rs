//! Any text as a manifest and as a layout: parsing never panics.
#![no_main]

use fluentpress::check::LoadedLayout;
use fluentpress::manifest::{DocumentSpec, Manifest};
use fluentpress::project::{DocumentFile, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = Manifest::parse(text, "fluentpress.toml");
    let spec = DocumentSpec { name: "doc".into(), layout: "layouts/doc.toml".into(), layout_span: 0..0 };
    let layout = SourceFile::new("layouts/doc.toml".into(), "layouts/doc.toml".into(), text.into());
    let document = DocumentFile { spec, layout };
    let _ = LoadedLayout::parse(&document);
});
