//! Writing TMX 1.4b: the same units give the same bytes, and what reading
//! would not give back is left out so that the file stays valid.

use super::super::unit::{FLUENT_ID_PROP, order_prefix};
use super::super::{Date, Unit, lang_matches, order};
use crate::segment::{CodeKind, Inline, Segment};
use crate::xml;
use std::io;

/// The memory as a TMX 1.4b document, valid against its DTD: units in
/// [memory order](order), one `<tu>` each, the Fluent ID as a `<prop>`,
/// dates as TMX writes them. The same units give the same bytes.
pub fn write(units: &[Unit], source_lang: &str) -> String {
    let mut out = String::with_capacity(256 + units.len() * 256);
    // Nothing is flushed: the whole document stays in `out`.
    let written = write_units(units, source_lang, &mut out, |_| Ok(()));
    debug_assert!(written.is_ok());
    out
}

/// Writes what [`write`] returns to `output`, a piece at a time, so that the
/// document is never held whole.
pub fn write_to(units: &[Unit], source_lang: &str, mut output: impl io::Write) -> io::Result<()> {
    const PIECE: usize = 1 << 16;
    let mut piece = String::with_capacity(2 * PIECE);
    write_units(units, source_lang, &mut piece, |piece| {
        if piece.len() >= PIECE {
            output.write_all(piece.as_bytes())?;
            piece.clear();
        }
        Ok(())
    })?;
    output.write_all(piece.as_bytes())?;
    output.flush()
}

/// Writes the document into `out`, calling `flush` after each unit, which
/// may take what `out` holds.
fn write_units(
    units: &[Unit],
    source_lang: &str,
    out: &mut String,
    mut flush: impl FnMut(&mut String) -> io::Result<()>,
) -> io::Result<()> {
    let mut sorted: Vec<&Unit> = units.iter().collect();
    // Most often the units are in memory order already, which this sees.
    sorted.sort_by(|a, b| order(a, b));
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n");
    out.push_str("<tmx version=\"1.4\">\n  <header creationtool=\"fluentpress\" creationtoolversion=\"");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str("\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"");
    write_text(out, source_lang, true);
    out.push_str("\" o-tmf=\"fluentpress\"/>\n  <body>\n");
    for unit in sorted {
        write_unit(out, unit, source_lang);
        flush(out)?;
    }
    out.push_str("  </body>\n</tmx>\n");
    Ok(())
}

/// Whether reading (with `source` and `targets`) what [`write`] writes of
/// `units` gives them back as they are, in this order: the units are in
/// memory order, have the languages and text that reading gives, and nothing
/// the writer leaves out or changes (characters XML cannot hold, unpaired
/// `<hi>` boundaries, begin and end codes without `i`, codes of other formats).
pub fn reads_back(units: &[Unit], source: &str, targets: &[&str]) -> bool {
    let mut previous: Option<(&Unit, u128)> = None;
    for unit in units {
        let prefix = order_prefix(unit);
        if let Some((before, before_prefix)) = previous {
            let in_order = before_prefix < prefix || (before_prefix == prefix && order(before, unit).is_le());
            if !in_order {
                return false;
            }
        }
        if !unit_reads_back(unit, source, targets) {
            return false;
        }
        previous = Some((unit, prefix));
    }
    true
}

fn unit_reads_back(unit: &Unit, source: &str, targets: &[&str]) -> bool {
    let kept = |text: &Option<String>| text.as_deref().is_none_or(xml::holds);
    unit.source_lang == source
        && targets.contains(&unit.target_lang.as_str())
        && targets.iter().filter(|t| lang_matches(t, &unit.target_lang)).count() == 1
        && !unit.source.is_blank()
        && !unit.target.is_blank()
        && segment_reads_back(&unit.source)
        && segment_reads_back(&unit.target)
        && [&unit.fluent_id, &unit.creation_id, &unit.change_id].into_iter().all(kept)
        && unit.props.iter().all(|(ty, value)| ty != FLUENT_ID_PROP && xml::holds(ty) && xml::holds(value))
        && unit.notes.iter().all(|note| xml::holds(note))
}

fn segment_reads_back(segment: &Segment) -> bool {
    let mut open_hi = 0usize;
    for inline in segment.inlines() {
        let code = match inline {
            Inline::Text(text) => {
                if !xml::holds(text) {
                    return false;
                }
                continue;
            }
            Inline::Code(code) => code,
            Inline::Foreign(_) => return false,
        };
        let texts =
            xml::holds(&code.id) && code.ty.as_deref().is_none_or(xml::holds) && xml::holds(&code.original);
        let shape = match code.kind {
            CodeKind::HiStart => {
                open_hi += 1;
                code.original.is_empty()
            }
            CodeKind::HiEnd if open_hi > 0 => {
                open_hi -= 1;
                code.id.is_empty() && code.ty.is_none() && code.original.is_empty()
            }
            CodeKind::HiEnd => false,
            CodeKind::Bpt => !code.id.is_empty(),
            CodeKind::Ept => !code.id.is_empty() && code.ty.is_none(),
            CodeKind::Ph | CodeKind::ItBegin | CodeKind::ItEnd => true,
        };
        if !(texts && shape) {
            return false;
        }
    }
    open_hi == 0
}

fn write_unit(out: &mut String, unit: &Unit, source_lang: &str) {
    out.push_str("    <tu");
    if !unit.source_lang.eq_ignore_ascii_case(source_lang) {
        attribute(out, "srclang", Some(&unit.source_lang));
    }
    let dates = [unit.creation_date, unit.change_date].map(|d| d.map(Date::compact));
    // The digits, `T` and `Z` are ASCII.
    let dates = dates.each_ref().map(|d| d.as_ref().and_then(|d| std::str::from_utf8(d).ok()));
    attribute(out, "creationdate", dates[0]);
    attribute(out, "creationid", unit.creation_id.as_deref());
    attribute(out, "changedate", dates[1]);
    attribute(out, "changeid", unit.change_id.as_deref());
    out.push_str(">\n");
    for note in &unit.notes {
        out.push_str("      <note>");
        write_text(out, note, false);
        out.push_str("</note>\n");
    }
    let fluent_id = unit.fluent_id.as_deref().map(|id| (FLUENT_ID_PROP, id));
    let props = fluent_id.into_iter().chain(unit.props.iter().map(|(t, v)| (t.as_str(), v.as_str())));
    for (ty, value) in props {
        out.push_str("      <prop");
        attribute(out, "type", Some(ty));
        out.push('>');
        write_text(out, value, false);
        out.push_str("</prop>\n");
    }
    for (lang, segment) in [(&unit.source_lang, &unit.source), (&unit.target_lang, &unit.target)] {
        out.push_str("      <tuv");
        attribute(out, "xml:lang", Some(lang));
        out.push_str("><seg>");
        write_segment(out, segment);
        out.push_str("</seg></tuv>\n");
    }
    out.push_str("    </tu>\n");
}

/// A segment's content. `<hi>` boundaries that do not pair are left out,
/// and `<bpt>`/`<ept>` without an `i` are written as `<it>`, so that the
/// output stays well-formed and valid whatever the segment holds.
fn write_segment(out: &mut String, segment: &Segment) {
    let mut open_hi = 0usize;
    for inline in segment.inlines() {
        let code = match inline {
            Inline::Text(text) => {
                write_text(out, text, false);
                continue;
            }
            Inline::Code(code) => code,
            // Only XLIFF files hold these, and the memory learns from Fluent.
            Inline::Foreign(_) => continue,
        };
        let (id, ty) = ((!code.id.is_empty()).then_some(code.id.as_str()), code.ty.as_deref());
        let (name, attributes): (&str, [(&str, Option<&str>); 3]) = match (code.kind, id) {
            (CodeKind::HiStart, _) => {
                out.push_str("<hi");
                attribute(out, "x", id);
                attribute(out, "type", ty);
                out.push('>');
                open_hi += 1;
                continue;
            }
            (CodeKind::HiEnd, _) => {
                if open_hi > 0 {
                    out.push_str("</hi>");
                    open_hi -= 1;
                }
                continue;
            }
            (CodeKind::Ph, _) => ("ph", [("x", id), ("type", ty), ("", None)]),
            (CodeKind::Bpt, Some(i)) => ("bpt", [("i", Some(i)), ("type", ty), ("", None)]),
            (CodeKind::Ept, Some(i)) => ("ept", [("i", Some(i)), ("", None), ("", None)]),
            (CodeKind::ItBegin, _) | (CodeKind::Bpt, None) => {
                ("it", [("pos", Some("begin")), ("x", id), ("type", ty)])
            }
            (CodeKind::ItEnd, _) | (CodeKind::Ept, None) => {
                ("it", [("pos", Some("end")), ("x", id), ("type", ty)])
            }
        };
        out.push('<');
        out.push_str(name);
        for (key, value) in attributes {
            attribute(out, key, value);
        }
        if code.original.is_empty() {
            out.push_str("/>");
        } else {
            out.push('>');
            write_text(out, &code.original, false);
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
    }
    for _ in 0..open_hi {
        out.push_str("</hi>");
    }
}

/// Escapes text for content or a double-quoted attribute value: characters
/// XML cannot hold are left out (which [`reads_back`] tells).
fn write_text(out: &mut String, text: &str, in_attribute: bool) {
    xml::escape(out, text, in_attribute, |_, _| {});
}

fn attribute(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        write_text(out, value, true);
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Code;
    use crate::tm::tmx::read;

    #[test]
    fn written_segments_read_back_the_same() {
        let tmx = r#"<tmx version="1.4"><header/><body><tu>
<tuv xml:lang="fr"><seg> a&#9;&#13;
 <bpt i="1" type="bold">&lt;b></bpt>b<ept i="1">&lt;/b></ept> <ph x="2" type="x-fluent">{ $n }</ph> <hi x="3" type="em">d <it pos="end" x="4">}</it></hi><ph/>&quot;&apos;&amp; </seg></tuv>
<tuv xml:lang="pl"><seg>t</seg></tuv></tu></body></tmx>"#;
        let first = read(tmx.as_bytes(), "fr", &["pl"]).expect("valid TMX");
        let written = write(&first.units, "fr");
        let again = read(written.as_bytes(), "fr", &["pl"]).expect("valid TMX");
        assert_eq!(again.units, first.units);
        assert!(written.contains(
            "<seg> a\t&#13;\n <bpt i=\"1\" type=\"bold\">&lt;b&gt;</bpt>b<ept i=\"1\">&lt;/b&gt;</ept> \
             <ph x=\"2\" type=\"x-fluent\">{ $n }</ph> <hi x=\"3\" type=\"em\">d \
             <it pos=\"end\" x=\"4\">}</it></hi><ph/>\"'&amp; </seg>"
        ));
    }

    #[test]
    fn unpaired_codes_are_written_valid() {
        let mut segment = Segment::default();
        segment.push_code(Code {
            kind: CodeKind::HiEnd,
            id: String::new(),
            ty: None,
            original: String::new(),
        });
        segment.push_code(Code { kind: CodeKind::Bpt, id: String::new(), ty: None, original: "<b>".into() });
        segment.push_code(Code {
            kind: CodeKind::HiStart,
            id: String::new(),
            ty: None,
            original: String::new(),
        });
        segment.push_text("x\u{1}\u{FFFF}");
        let mut out = String::new();
        write_segment(&mut out, &segment);
        assert_eq!(out, "<it pos=\"begin\">&lt;b&gt;</it><hi>x</hi>");
    }
}
