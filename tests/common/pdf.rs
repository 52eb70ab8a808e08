//! PDFs read back through poppler's `pdftotext -bbox-layout`: each word
//! with its box (tests that use it are ignored by default; `.ci/run`
//! installs poppler-utils).

use std::path::Path;
use std::process::Command;

/// A word and its box, on its page.
#[derive(Clone, Debug)]
pub struct Word {
    pub page: usize,
    pub x_min: f32,
    pub y_min: f32,
    pub x_max: f32,
    pub y_max: f32,
    pub text: String,
}

fn attribute(tag: &str, name: &str) -> f32 {
    let at = tag.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("{name} in {tag}")) + name.len() + 3;
    tag[at..tag[at..].find('"').unwrap() + at].parse().unwrap()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Every word of the PDF with its box, and each page's height.
pub fn words(pdf: &Path) -> (Vec<Word>, f32) {
    let out = Command::new("pdftotext")
        .args(["-bbox-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs: install poppler-utils");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let xhtml = String::from_utf8(out.stdout).unwrap();
    let (mut words, mut page, mut height) = (Vec::new(), 0, 0.0);
    for line in xhtml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
            height = attribute(line, "height");
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let (tag, text) = rest.split_once('>').unwrap();
            let text = unescape(text.strip_suffix("</word>").unwrap());
            let tag = format!(" {tag}");
            let at = |name| attribute(&tag, name);
            words.push(Word {
                page,
                x_min: at("xMin"),
                y_min: at("yMin"),
                x_max: at("xMax"),
                y_max: at("yMax"),
                text,
            });
        }
    }
    (words, height)
}
