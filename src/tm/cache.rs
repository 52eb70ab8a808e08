//! The memory's binary cache: its units and its index's tables, written
//! under the project's `out/.cache/` and read back instead of the TMX files
//! while those have the same content (the same size and hash of their
//! bytes). A cache file that is missing, cut short, damaged, of another
//! version or for other files is never an error: the memory is read from its
//! TMX files again, and the cache rewritten.
//!
//! The file, all numbers little-endian, is made of sections, each with its
//! content hash in the footer, so that they are read at once, each by a
//! thread of its own:
//!
//! ```text
//! header:  magic "FPTMCACH", version u32, source str, targets (u32 count, str each),
//!          files: u32 count; each: path str, size u64, hash u64, end u64 (one past its last unit)
//!          languages: u32 count, str each (the units' language tags); units u64
//! units:   (a few sections) u64 count; each unit:
//!          source, target: segment (u32 count; each inline: u8 0 text str | 1 code
//!            u8 kind, id str, type opt, original str | 2 foreign str)
//!          source and target language: u32 index into languages
//!          fluent ID, creation ID, change ID: opt; creation and change date: u64 (0: none)
//!          props: u32 count, (str, str) each; notes: u32 count, str each
//! tables:  words (u32 count, str each, by ID), then as u64 count and values:
//!          tokens u32, starts u64, levels u32, offsets u64, postings u32, empty u32,
//!          languages (u32 count, str each), language_of u32
//! footer:  each section's offset u64, length u64 and content hash u64;
//!          u32 section count; u64 content hash of the footer so far; magic "FPTMFOOT"
//! ```
//!
//! A `str` is a u32 byte length and UTF-8; an `opt` is a u8 (0 none, 1 some)
//! and a `str`. Files' content is hashed with [`super::hash`].

use super::fuzzy::Tables;
use super::{Date, Unit};
use crate::error::Result;
use crate::fsx::write_atomic_with;
use crate::hash::{ContentHasher, Fingerprint};
use crate::segment::{Code, CodeKind, Inline, Segment};
use std::fs;
use std::io::{self, Read, Seek, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

const MAGIC: &[u8; 8] = b"FPTMCACH";
/// The format's version: a cache of another is rebuilt.
const VERSION: u32 = 1;

/// A TMX file of the memory, as the cache records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CachedFile {
    /// Relative to the project root, as the memory names it.
    pub(crate) path: String,
    pub(crate) fingerprint: Fingerprint,
    /// One past its last unit.
    pub(crate) end: usize,
}

/// What the cache holds beside the files it is for.
pub(crate) struct Contents {
    pub(crate) units: Vec<Unit>,
    pub(crate) files: Vec<CachedFile>,
    pub(crate) tables: Tables,
}

const FOOTER_MAGIC: &[u8; 8] = b"FPTMFOOT";
/// How many sections the units are written in, so many threads to read them.
const UNIT_SECTIONS: usize = 4;

/// Writes the cache of a memory loaded with `source` and `targets`; the
/// index's tables are asked for once the units are written.
pub(crate) fn write<'t>(
    path: &Path,
    source: &str,
    targets: &[&str],
    files: &[CachedFile],
    units: &[Unit],
    tables: impl FnOnce() -> &'t Tables,
) -> Result<()> {
    write_atomic_with(path, false, |out| {
        let mut out = Output {
            out,
            bytes: Vec::with_capacity(Output::PIECE + 1024),
            hasher: ContentHasher::new(),
            offset: 0,
        };
        let mut sections = Vec::new();
        out.bytes.extend_from_slice(MAGIC);
        out.u32(VERSION);
        out.str(source)?;
        out.len32(targets.len())?;
        for target in targets {
            out.str(target)?;
        }
        out.len32(files.len())?;
        for file in files {
            out.str(&file.path)?;
            out.u64(file.fingerprint.size);
            out.u64(file.fingerprint.hash);
            out.u64(file.end as u64);
        }
        let mut languages: Vec<&str> = Vec::new();
        for unit in units {
            for lang in [&unit.source_lang, &unit.target_lang] {
                if !languages.contains(&lang.as_str()) {
                    languages.push(lang);
                }
            }
        }
        out.len32(languages.len())?;
        for lang in &languages {
            out.str(lang)?;
        }
        out.u64(units.len() as u64);
        sections.push(out.section()?);
        for part in units.chunks(units.len().div_ceil(UNIT_SECTIONS).max(1)) {
            out.u64(part.len() as u64);
            for unit in part {
                out.unit(unit, &languages)?;
                out.flush_full()?;
            }
            sections.push(out.section()?);
        }
        out.tables(tables())?;
        sections.push(out.section()?);
        for (offset, length, hash) in &sections {
            out.u64(*offset);
            out.u64(*length);
            out.u64(*hash);
        }
        out.len32(sections.len())?;
        let footer = out.section()?;
        out.out.write_all(&footer.2.to_le_bytes())?;
        out.out.write_all(FOOTER_MAGIC)
    })
}

/// The cache at `path` if it is one, of this version, for the files
/// `fingerprints` gives, loaded with `source` and `targets`, whole and
/// undamaged. Its sections are read by threads of their own, and the files
/// fingerprinted beside them (an error fingerprinting them is returned).
pub(crate) fn read<E: Send>(
    path: &Path,
    source: &str,
    targets: &[&str],
    fingerprints: impl FnOnce() -> std::result::Result<Vec<(String, Fingerprint)>, E> + Send,
) -> std::result::Result<Option<Contents>, E> {
    let Ok((sections, header)) = header(path, source, targets) else {
        return Ok(None);
    };
    let stale = AtomicBool::new(false);
    let (present, contents) = std::thread::scope(|scope| {
        let expected = &header.files;
        let stale = &stale;
        let present = scope.spawn(move || {
            let present = fingerprints();
            let same = present.as_ref().is_ok_and(|present| {
                present.len() == expected.len()
                    && present
                        .iter()
                        .zip(expected)
                        .all(|((path, fingerprint), f)| f.path == *path && f.fingerprint == *fingerprint)
            });
            if !same {
                stale.store(true, Ordering::Relaxed);
            }
            present
        });
        let contents = body(path, &sections, &header, stale);
        let present = present.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (present, contents)
    });
    present?;
    Ok(contents.filter(|_| !stale.load(Ordering::Relaxed)))
}

/// A section of the file: where it starts, how long it is, its content hash.
type Section = (u64, u64, u64);

/// What the header says.
struct Header {
    files: Vec<CachedFile>,
    languages: Vec<String>,
    units: usize,
}

/// The footer's sections and the header, checked.
fn header(path: &Path, source: &str, targets: &[&str]) -> Parsed<(Vec<Section>, Header)> {
    let mut file = fs::File::open(path)?;
    let size = file.metadata()?.len();
    let end = size.checked_sub(20).ok_or(Invalid)?;
    file.seek(io::SeekFrom::Start(end))?;
    let mut tail = [0u8; 20];
    file.read_exact(&mut tail)?;
    let count = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]) as usize;
    let footer_hash = u64::from_le_bytes(tail[4..12].try_into().map_err(|_| Invalid)?);
    if &tail[12..] != FOOTER_MAGIC || !(2..=1 + UNIT_SECTIONS + 1).contains(&count) {
        return Err(Invalid);
    }
    let length = 24 * count as u64 + 4;
    let start = end.checked_sub(24 * count as u64).ok_or(Invalid)?;
    let mut footer = Input::section(path, (start, length, footer_hash))?;
    let sections: Vec<Section> =
        (0..count).map(|_| Ok((footer.u64()?, footer.u64()?, footer.u64()?))).collect::<Parsed<_>>()?;
    if footer.len32()? != count {
        return Err(Invalid);
    }
    footer.finish()?;
    // The sections follow one another up to the footer.
    let mut next = 0;
    for &(offset, length, _) in &sections {
        if offset != next {
            return Err(Invalid);
        }
        next = offset.checked_add(length).ok_or(Invalid)?;
    }
    if next != start {
        return Err(Invalid);
    }
    let mut input = Input::section(path, sections[0])?;
    if input.take(8)? != MAGIC
        || input.u32()? != VERSION
        || input.text()? != source
        || input.strings()? != targets
    {
        return Err(Invalid);
    }
    let mut files = Vec::new();
    for _ in 0..input.len32()? {
        let path = input.string()?;
        let fingerprint = Fingerprint { size: input.u64()?, hash: input.u64()? };
        files.push(CachedFile { path, fingerprint, end: input.usize()? });
    }
    let languages = input.strings()?;
    let units = input.usize()?;
    input.finish()?;
    let ends_fit =
        files.windows(2).all(|w| w[0].end <= w[1].end) && files.last().is_none_or(|f| f.end == units);
    if !ends_fit {
        return Err(Invalid);
    }
    Ok((sections, Header { files, languages, units }))
}

/// The units and tables of the sections after the header, each read by a
/// thread of its own, until `stale` says the cache is not for these files.
fn body(path: &Path, sections: &[Section], header: &Header, stale: &AtomicBool) -> Option<Contents> {
    let (unit_sections, tables_section) = (&sections[1..sections.len() - 1], sections[sections.len() - 1]);
    let (parts, tables) = std::thread::scope(|scope| {
        let parts: Vec<_> = unit_sections
            .iter()
            .map(|&section| {
                scope.spawn(move || -> Parsed<Vec<Unit>> {
                    let mut input = Input::section(path, section)?;
                    let count = input.count(1)?;
                    let mut units = Vec::with_capacity(count);
                    for i in 0..count {
                        if i % 4096 == 0 && stale.load(Ordering::Relaxed) {
                            return Err(Invalid);
                        }
                        units.push(input.unit(&header.languages)?);
                    }
                    input.finish()?;
                    Ok(units)
                })
            })
            .collect();
        let tables = (|| -> Parsed<Tables> {
            let mut input = Input::section(path, tables_section)?;
            let tables = input.tables()?;
            input.finish()?;
            Ok(tables)
        })();
        let parts: Vec<Parsed<Vec<Unit>>> = parts
            .into_iter()
            .map(|part| part.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect();
        (parts, tables)
    });
    let mut units: Vec<Unit> = Vec::with_capacity(header.units);
    for part in parts {
        units.extend(part.ok()?);
    }
    let tables = tables.ok()?;
    (units.len() == header.units && tables.fits(&units)).then(|| Contents {
        units,
        files: header.files.clone(),
        tables,
    })
}

/// What the cache writes: values serialized into a buffer, hashed and
/// written a piece at a time.
struct Output<'w> {
    out: &'w mut dyn Write,
    bytes: Vec<u8>,
    /// The hash of the current section's bytes written so far.
    hasher: ContentHasher,
    /// Bytes written so far.
    offset: u64,
}

impl Output<'_> {
    const PIECE: usize = 1 << 16;

    fn flush(&mut self) -> io::Result<()> {
        self.hasher.update(&self.bytes);
        self.out.write_all(&self.bytes)?;
        self.offset += self.bytes.len() as u64;
        self.bytes.clear();
        Ok(())
    }

    /// Ends a section: its offset, length and hash.
    fn section(&mut self) -> io::Result<Section> {
        let start = self.offset - self.hasher.size;
        self.flush()?;
        let hash = std::mem::replace(&mut self.hasher, ContentHasher::new()).finish();
        Ok((start, hash.size, hash.hash))
    }

    fn flush_full(&mut self) -> io::Result<()> {
        if self.bytes.len() >= Self::PIECE { self.flush() } else { Ok(()) }
    }

    fn u8(&mut self, n: u8) {
        self.bytes.push(n);
    }

    fn u32(&mut self, n: u32) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    fn u64(&mut self, n: u64) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    fn len32(&mut self, n: usize) -> io::Result<()> {
        let n = u32::try_from(n).map_err(|_| io::Error::other("too many items for the memory's cache"))?;
        self.u32(n);
        Ok(())
    }

    fn str(&mut self, text: &str) -> io::Result<()> {
        self.len32(text.len())?;
        self.bytes.extend_from_slice(text.as_bytes());
        Ok(())
    }

    fn opt(&mut self, text: Option<&str>) -> io::Result<()> {
        match text {
            Some(text) => {
                self.u8(1);
                self.str(text)
            }
            None => {
                self.u8(0);
                Ok(())
            }
        }
    }

    fn segment(&mut self, segment: &Segment) -> io::Result<()> {
        self.len32(segment.inlines().len())?;
        for inline in segment.inlines() {
            match inline {
                Inline::Text(text) => {
                    self.u8(0);
                    self.str(text)?;
                }
                Inline::Code(code) => {
                    self.u8(1);
                    self.u8(code_kind_number(code.kind));
                    self.str(&code.id)?;
                    self.opt(code.ty.as_deref())?;
                    self.str(&code.original)?;
                }
                Inline::Foreign(name) => {
                    self.u8(2);
                    self.str(name)?;
                }
            }
        }
        Ok(())
    }

    fn unit(&mut self, unit: &Unit, languages: &[&str]) -> io::Result<()> {
        self.segment(&unit.source)?;
        self.segment(&unit.target)?;
        for lang in [&unit.source_lang, &unit.target_lang] {
            self.len32(languages.iter().position(|l| l == lang).unwrap_or_default())?;
        }
        self.opt(unit.fluent_id.as_deref())?;
        self.opt(unit.creation_id.as_deref())?;
        self.opt(unit.change_id.as_deref())?;
        self.u64(unit.creation_date.map_or(0, Date::pack));
        self.u64(unit.change_date.map_or(0, Date::pack));
        self.len32(unit.props.len())?;
        for (ty, value) in &unit.props {
            self.str(ty)?;
            self.str(value)?;
        }
        self.len32(unit.notes.len())?;
        for note in &unit.notes {
            self.str(note)?;
        }
        Ok(())
    }

    fn u32s(&mut self, values: &[u32]) -> io::Result<()> {
        self.u64(values.len() as u64);
        for chunk in values.chunks(Self::PIECE / 4) {
            self.bytes.extend(chunk.iter().flat_map(|v| v.to_le_bytes()));
            self.flush_full()?;
        }
        Ok(())
    }

    fn u64s(&mut self, values: &[usize]) -> io::Result<()> {
        self.u64(values.len() as u64);
        for chunk in values.chunks(Self::PIECE / 8) {
            self.bytes.extend(chunk.iter().flat_map(|&v| (v as u64).to_le_bytes()));
            self.flush_full()?;
        }
        Ok(())
    }

    fn tables(&mut self, tables: &Tables) -> io::Result<()> {
        let mut words: Vec<&str> = vec![""; tables.words.len()];
        for (word, &id) in &tables.words {
            words[id as usize] = word;
        }
        self.len32(words.len())?;
        for word in words {
            self.str(word)?;
            self.flush_full()?;
        }
        self.u32s(&tables.tokens)?;
        self.u64s(&tables.starts)?;
        self.u32s(&tables.levels)?;
        self.u64s(&tables.offsets)?;
        self.u32s(&tables.postings)?;
        self.u32s(&tables.empty)?;
        self.len32(tables.languages.len())?;
        for lang in &tables.languages {
            self.str(lang)?;
        }
        self.u32s(&tables.language_of)
    }
}

fn code_kind_number(kind: CodeKind) -> u8 {
    match kind {
        CodeKind::Ph => 0,
        CodeKind::Bpt => 1,
        CodeKind::Ept => 2,
        CodeKind::ItBegin => 3,
        CodeKind::ItEnd => 4,
        CodeKind::HiStart => 5,
        CodeKind::HiEnd => 6,
    }
}

const CODE_KINDS: [CodeKind; 7] = [
    CodeKind::Ph,
    CodeKind::Bpt,
    CodeKind::Ept,
    CodeKind::ItBegin,
    CodeKind::ItEnd,
    CodeKind::HiStart,
    CodeKind::HiEnd,
];

/// Why a cache cannot be read; never shown, the cache is rebuilt.
#[derive(Debug)]
struct Invalid;

impl From<io::Error> for Invalid {
    fn from(_: io::Error) -> Invalid {
        Invalid
    }
}

type Parsed<T> = std::result::Result<T, Invalid>;

/// A section of the cache file, read a buffer at a time, hashed.
struct Input {
    file: fs::File,
    buffer: Vec<u8>,
    at: usize,
    end: usize,
    /// Bytes of the section not read into the buffer yet.
    unread: u64,
    hasher: ContentHasher,
    /// The section's hash, as the footer gives it.
    expected: u64,
}

impl Input {
    fn section(path: &Path, (offset, length, hash): Section) -> Parsed<Input> {
        let mut file = fs::File::open(path)?;
        file.seek(io::SeekFrom::Start(offset))?;
        let buffer = vec![0; usize::try_from(length).unwrap_or(usize::MAX).min(1 << 20)];
        Ok(Input {
            file,
            buffer,
            at: 0,
            end: 0,
            unread: length,
            hasher: ContentHasher::new(),
            expected: hash,
        })
    }

    /// Whether the whole section was read and has the hash the footer gives.
    fn finish(self) -> Parsed<()> {
        let whole = self.unread == 0 && self.at == self.end;
        if whole && self.hasher.finish().hash == self.expected { Ok(()) } else { Err(Invalid) }
    }

    /// The next `n` bytes, which must be in the section.
    fn take(&mut self, n: usize) -> Parsed<&[u8]> {
        if self.end - self.at < n {
            if (n - (self.end - self.at)) as u64 > self.unread {
                return Err(Invalid);
            }
            self.buffer.copy_within(self.at..self.end, 0);
            self.end -= self.at;
            self.at = 0;
            if self.buffer.len() < n {
                self.buffer.resize(n, 0);
            }
            while self.end < n {
                let room =
                    (self.buffer.len() - self.end).min(usize::try_from(self.unread).unwrap_or(usize::MAX));
                let read = self.file.read(&mut self.buffer[self.end..self.end + room])?;
                if read == 0 {
                    return Err(Invalid);
                }
                self.hasher.update(&self.buffer[self.end..self.end + read]);
                self.end += read;
                self.unread -= read as u64;
            }
        }
        let bytes = &self.buffer[self.at..self.at + n];
        self.at += n;
        Ok(bytes)
    }

    fn array<const N: usize>(&mut self) -> Parsed<[u8; N]> {
        let mut array = [0u8; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    fn u8(&mut self) -> Parsed<u8> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Parsed<u32> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Parsed<u64> {
        self.array().map(u64::from_le_bytes)
    }

    fn len32(&mut self) -> Parsed<usize> {
        self.u32().map(|n| n as usize)
    }

    fn usize(&mut self) -> Parsed<usize> {
        usize::try_from(self.u64()?).map_err(|_| Invalid)
    }

    fn text(&mut self) -> Parsed<&str> {
        let n = self.len32()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| Invalid)
    }

    fn string(&mut self) -> Parsed<String> {
        self.text().map(String::from)
    }

    fn opt(&mut self) -> Parsed<Option<String>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            _ => Err(Invalid),
        }
    }

    fn segment(&mut self) -> Parsed<Segment> {
        let mut segment = Segment::default();
        for _ in 0..self.len32()? {
            match self.u8()? {
                0 => segment.push_text(self.text()?),
                1 => {
                    let kind = *CODE_KINDS.get(usize::from(self.u8()?)).ok_or(Invalid)?;
                    let id = self.string()?;
                    let ty = self.opt()?;
                    let original = self.string()?;
                    segment.push_code(Code { kind, id, ty, original });
                }
                2 => segment.push(Inline::Foreign(self.string()?)),
                _ => return Err(Invalid),
            }
        }
        // A copy is allocated to its size: a segment built by pushes has
        // room for more inlines than most have.
        Ok(segment.clone())
    }

    fn date(&mut self) -> Parsed<Option<Date>> {
        match self.u64()? {
            0 => Ok(None),
            packed => Date::unpack(packed).map(Some).ok_or(Invalid),
        }
    }

    fn unit(&mut self, languages: &[String]) -> Parsed<Unit> {
        let source = self.segment()?;
        let target = self.segment()?;
        let mut lang = || languages.get(self.len32()?).cloned().ok_or(Invalid);
        let (source_lang, target_lang) = (lang()?, lang()?);
        let fluent_id = self.opt()?;
        let creation_id = self.opt()?;
        let change_id = self.opt()?;
        let creation_date = self.date()?;
        let change_date = self.date()?;
        let props =
            (0..self.len32()?).map(|_| Ok((self.string()?, self.string()?))).collect::<Parsed<Vec<_>>>()?;
        let notes = (0..self.len32()?).map(|_| self.string()).collect::<Parsed<Vec<_>>>()?;
        Ok(Unit {
            source,
            target,
            source_lang,
            target_lang,
            fluent_id,
            creation_date,
            creation_id,
            change_date,
            change_id,
            props,
            notes,
        })
    }

    fn count(&mut self, size: usize) -> Parsed<usize> {
        let n = self.usize()?;
        // No more values than bytes left: a damaged count allocates nothing.
        if (n as u64).saturating_mul(size as u64) > self.unread + (self.end - self.at) as u64 {
            return Err(Invalid);
        }
        Ok(n)
    }

    fn u32s(&mut self) -> Parsed<Vec<u32>> {
        let n = self.count(4)?;
        let mut values = Vec::with_capacity(n);
        while values.len() < n {
            let piece = (n - values.len()).min(1 << 16);
            let bytes = self.take(piece * 4)?;
            values.extend(bytes.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
        }
        Ok(values)
    }

    fn u64s(&mut self) -> Parsed<Vec<usize>> {
        let n = self.count(8)?;
        let mut values = Vec::with_capacity(n);
        while values.len() < n {
            let piece = (n - values.len()).min(1 << 15);
            for bytes in self.take(piece * 8)?.chunks_exact(8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(bytes);
                values.push(usize::try_from(u64::from_le_bytes(word)).map_err(|_| Invalid)?);
            }
        }
        Ok(values)
    }

    fn strings(&mut self) -> Parsed<Vec<String>> {
        let n = self.len32()?;
        let mut strings = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            strings.push(self.string()?);
        }
        Ok(strings)
    }

    fn tables(&mut self) -> Parsed<Tables> {
        let words = self.strings()?;
        let mut tables = Tables {
            words: Default::default(),
            tokens: self.u32s()?,
            starts: self.u64s()?,
            levels: self.u32s()?,
            offsets: self.u64s()?,
            postings: self.u32s()?,
            empty: self.u32s()?,
            languages: self.strings()?,
            language_of: self.u32s()?,
        };
        let count = words.len();
        tables.words.reserve(count);
        for (id, word) in (0u32..).zip(words) {
            tables.words.insert(word.into_boxed_str(), id);
        }
        if tables.words.len() != count {
            return Err(Invalid);
        }
        Ok(tables)
    }
}
