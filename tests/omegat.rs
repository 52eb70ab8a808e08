//! A real CAT tool in the loop: OmegaT (Debian's `omegat`, console mode)
//! translates our XLIFF 1.2 with our TMX as its memory, and fluentpress
//! imports what it writes. Ignored by default; `.ci/run` installs OmegaT.
//!
//! OmegaT's XLIFF filter translates the text of `<target>`, so the file is
//! exported with `--copy-source`; exact matches from `tm/auto/` fill the
//! segments. Two settings make our placeables match the memory: the
//! preferences read TMX `<ph>` as OmegaT tags (`ext_tmx_show_level2`,
//! `ext_tmx_use_slash`), and the filters keep a placeable that ends a unit
//! inside its segment (`removeTags="false"`).

mod common;

use common::{copy_tree, fluentpress, stderr, stdout};
use std::fs;
use std::path::Path;
use std::process::Command;

const OMEGAT_JAR: &str = "/usr/share/omegat/OmegaT.jar";

fn project_file(source: &str, target: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>{source}</source_lang>
        <target_lang>{target}</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"#
    )
}

const FILTERS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters removeTags="false" removeSpacesNonseg="true" preserveSpaces="false" ignoreFileContext="false">
    <filter className="org.omegat.filters3.xml.xliff.XLIFFFilter" enabled="true">
        <files sourceFilenameMask="*.xlf" targetFilenamePattern="${filename}"/>
    </filter>
</filters>
"#;

const PREFERENCES: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<omegat>
  <preference version="1.0">
    <ext_tmx_show_level2>true</ext_tmx_show_level2>
    <ext_tmx_use_slash>true</ext_tmx_use_slash>
  </preference>
</omegat>
"#;

/// Translates `xliff` in a new OmegaT project with `memory` in `tm/auto/`;
/// the translated file's text.
fn omegat_translate(work: &Path, xliff: &Path, memory: &Path) -> String {
    let project = work.join("omegat-project");
    for dir in ["source", "target", "tm/auto", "omegat", "glossary", "dictionary", ".config"] {
        fs::create_dir_all(project.join(dir)).unwrap();
    }
    fs::write(project.join("omegat.project"), project_file("fr", "pl")).unwrap();
    fs::write(project.join("omegat/filters.xml"), FILTERS).unwrap();
    fs::write(project.join(".config/omegat.prefs"), PREFERENCES).unwrap();
    fs::copy(xliff, project.join("source/resolution.xlf")).unwrap();
    fs::copy(memory, project.join("tm/auto/memory.tmx")).unwrap();
    // The `omegat` launcher passes its arguments unquoted and without
    // headless mode, in which a mistyped option opens the GUI: call Java.
    let out = Command::new("java")
        .env_remove("DISPLAY")
        .arg("-Djava.awt.headless=true")
        .args(["-jar", OMEGAT_JAR])
        .arg(&project)
        .arg("--mode=console-translate")
        .arg(format!("--config-dir={}", project.join(".config").display()))
        .args(["--disable-project-locking", "--no-team", "--quiet", "--tag-validation=abort"])
        .output()
        .expect("java runs OmegaT");
    assert!(out.status.success(), "OmegaT failed:\n{}{}", stdout(&out), stderr(&out));
    fs::read_to_string(project.join("target/resolution.xlf")).expect("OmegaT wrote the translated file")
}

#[test]
#[ignore = "needs omegat"]
fn omegat_translates_our_xliff_from_our_memory_and_the_result_imports_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["fluentpress.toml", "layouts", "locales"] {
        let from = root.join(part);
        if from.is_dir() {
            copy_tree(&from, &dir.path().join(part));
        } else {
            fs::copy(&from, dir.path().join(part)).unwrap();
        }
    }
    let fr = dir.path().join("locales/fr/resolution.ftl");
    let pl = dir.path().join("locales/pl/resolution.ftl");
    let en = dir.path().join("locales/en/resolution.ftl");
    // A message with a placeable, so that codes make the trip too.
    for (path, line) in [
        (&fr, "\ncountries = Pays partenaires : { $count }\n"),
        (&pl, "\ncountries = Kraje partnerskie: { $count }\n"),
        (&en, "\ncountries = Partner countries: { $count }\n"),
    ] {
        let text = fs::read_to_string(path).unwrap();
        fs::write(path, format!("{text}{line}")).unwrap();
    }
    let learn = fluentpress(dir.path(), &["tm", "learn"]);
    assert_eq!(learn.status.code(), Some(0), "{}", stderr(&learn));
    let translated = fs::read_to_string(&pl).unwrap();

    // The translator's messages are lost; the memory still has them.
    let removed = [
        "thematic-objective-2 = Rozwój gospodarczy miasta, zwłaszcza w dziedzinie wysokich technologii i turystyki\n",
        "thematic-objective-3 = Przyciąganie inwestycji zagranicznych\n",
        "thematic-objective-13 = Podtrzymywanie więzi kulturowych i tradycyjnych w obrębie Europy Środkowej i Wschodniej oraz ze społecznościami polonijnymi za granicą\n",
        "\ncountries = Kraje partnerskie: { $count }\n",
    ];
    let mut text = translated.clone();
    for line in removed {
        assert!(text.contains(line), "{line}");
        text = text.replacen(line, "", 1);
    }
    fs::write(&pl, &text).unwrap();

    let xliff = dir.path().join("resolution.fr-pl.xlf");
    let memory = dir.path().join("memory.tmx");
    let export = fluentpress(
        dir.path(),
        &["xliff", "export", "--target", "pl", "--copy-source", "-o", xliff.to_str().unwrap()],
    );
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let tm = fluentpress(dir.path(), &["tm", "export", "--target", "pl", "-o", memory.to_str().unwrap()]);
    assert_eq!(tm.status.code(), Some(0), "{}", stderr(&tm));

    let back = dir.path().join("back.xlf");
    fs::write(&back, omegat_translate(dir.path(), &xliff, &memory)).unwrap();
    let import = fluentpress(dir.path(), &["xliff", "import", "--creator", "OmegaT", back.to_str().unwrap()]);
    assert_eq!(import.status.code(), Some(0), "{}{}", stdout(&import), stderr(&import));
    assert!(
        stdout(&import).starts_with(&format!(
            "{}: applied 4, unchanged 0, conflicts 0, rejected 0, skipped 0\n",
            back.display()
        )),
        "{}",
        stdout(&import)
    );
    // Every message is back where it was, byte for byte.
    assert_eq!(fs::read_to_string(&pl).unwrap(), translated);
    let check = fluentpress(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}
