//! The memory's binary cache: its units and its index's tables, written
//! under the project's `out/.cache/` and read back instead of the TMX files
//! while those have the same content (the same size and hash of their
//! bytes). A cache file that is missing, cut short, damaged, of another
//! version or for other files is never an error: the memory is read from its
//! TMX files again, and the cache rewritten.
//!
//! The file, all numbers little-endian:
//!
//! ```text
//! magic "FPTMCACH", version u32
//! source: str; targets: u32 count, str each
//! files: u32 count; each: path str, size u64, hash u64, end u64 (one past its last unit)
//! languages: u32 count, str each (the units' language tags)
//! units: u64 count; each unit:
//!   source, target: segment (u32 count; each inline: u8 0 text str | 1 code
//!     u8 kind, id str, type opt, original str | 2 foreign str)
//!   source and target language: u32 index into languages
//!   fluent ID, creation ID, change ID: opt; creation and change date: u64 (0: none)
//!   props: u32 count, (str, str) each; notes: u32 count, str each
//! tables: words (u32 count, str each, by ID), then as u64 count and values:
//!   tokens u32, starts u64, levels u32, offsets u64, postings u32, empty u32,
//!   languages (u32 count, str each), language_of u32
//! checksum u64: the content hash of everything before it
//! ```
//!
//! A `str` is a u32 byte length and UTF-8; an `opt` is a u8 (0 none, 1 some)
//! and a `str`. Also here: the content hash, a fast hasher for merge keys, and
//! writing a large file atomically without holding it whole.

use super::fuzzy::Tables;
use super::{Date, Unit};
use crate::error::{Error, Result};
use crate::segment::{Code, CodeKind, Inline, Segment};
use std::fs;
use std::hash::Hasher;
use std::io::{self, Read, Write};
use std::path::Path;

/// A fast hasher for keys that no one chooses to collide (the keys of a
/// merge): eight bytes at a time, multiplied and rotated (as rustc's FxHasher).
#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(Self::K).rotate_left(26);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ (rest.len() as u64) << 59);
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The high bits, which hash tables use first, from all the others.
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }
}

/// Writes a file as [`crate::fsx::write_atomic`] does (a temporary file in
/// the same directory, synced, then renamed), from a writer rather than
/// bytes, so that a large file is never held whole. A file that need not be
/// `durable` is not synced: the cache, which a checksum guards.
pub(crate) fn write_atomic_with(
    path: &Path,
    durable: bool,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = io::BufWriter::with_capacity(1 << 16, fs::File::create(&tmp)?);
        write(&mut file)?;
        let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        if durable {
            file.sync_all()?;
        }
        fs::rename(&tmp, path)
    })();
    written.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

const MAGIC: &[u8; 8] = b"FPTMCACH";
/// The format's version: a cache of another is rebuilt.
const VERSION: u32 = 1;

/// A file's content as the cache knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    pub(crate) size: u64,
    pub(crate) hash: u64,
}

/// A 64-bit hash of bytes, given in pieces of any size: four lanes of
/// little-endian words, each xored in, multiplied and rotated, then mixed
/// with the length. Fast (a few hundredths of a second for the TMX of a
/// million units), and any one changed word changes it; it is not meant to
/// resist files made to collide.
#[derive(Clone)]
pub(crate) struct ContentHasher {
    lanes: [u64; 4],
    block: [u8; 32],
    filled: usize,
    size: u64,
}

impl ContentHasher {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    pub(crate) fn new() -> ContentHasher {
        ContentHasher {
            lanes: [
                0x243F_6A88_85A3_08D3,
                0x1319_8A2E_0370_7344,
                0xA409_3822_299F_31D0,
                0x082E_FA98_EC4E_6C89,
            ],
            block: [0; 32],
            filled: 0,
            size: 0,
        }
    }

    fn blocks(&mut self, blocks: &[u8]) {
        for block in blocks.chunks_exact(32) {
            for (lane, word) in self.lanes.iter_mut().zip(block.chunks_exact(8)) {
                let mut bytes = [0u8; 8];
                bytes.copy_from_slice(word);
                *lane = (*lane ^ u64::from_le_bytes(bytes)).wrapping_mul(Self::K).rotate_left(31);
            }
        }
    }

    pub(crate) fn update(&mut self, mut bytes: &[u8]) {
        self.size += bytes.len() as u64;
        if self.filled > 0 {
            let n = bytes.len().min(32 - self.filled);
            self.block[self.filled..self.filled + n].copy_from_slice(&bytes[..n]);
            self.filled += n;
            bytes = &bytes[n..];
            if self.filled < 32 {
                return;
            }
            let block = self.block;
            self.blocks(&block);
            self.filled = 0;
        }
        let whole = bytes.len() / 32 * 32;
        self.blocks(&bytes[..whole]);
        self.block[..bytes.len() - whole].copy_from_slice(&bytes[whole..]);
        self.filled = bytes.len() - whole;
    }

    pub(crate) fn finish(&self) -> Fingerprint {
        let mut last = self.clone();
        last.block[last.filled..].fill(0);
        let block = last.block;
        last.blocks(&block);
        let mut hash = self.size.wrapping_mul(Self::K);
        for (i, lane) in last.lanes.iter().enumerate() {
            hash = (hash ^ lane.rotate_left(16 * i as u32)).wrapping_mul(Self::K).rotate_left(29);
        }
        // SplitMix64's finalizer.
        hash = (hash ^ (hash >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        hash = (hash ^ (hash >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Fingerprint { size: self.size, hash: hash ^ (hash >> 31) }
    }
}

/// A reader or writer that hashes what passes through it.
pub(crate) struct Hashing<T> {
    pub(crate) inner: T,
    pub(crate) hasher: ContentHasher,
}

impl<T> Hashing<T> {
    pub(crate) fn new(inner: T) -> Hashing<T> {
        Hashing { inner, hasher: ContentHasher::new() }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.hasher.update(&out[..n]);
        Ok(n)
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The fingerprint of a file's content, or None if there is no such file.
pub(crate) fn fingerprint(path: &Path) -> io::Result<Option<Fingerprint>> {
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut reader = Hashing::new(file);
    let mut buffer = vec![0u8; 1 << 16];
    while reader.read(&mut buffer)? > 0 {}
    Ok(Some(reader.hasher.finish()))
}

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

/// Writes the cache of a memory loaded with `source` and `targets`.
pub(crate) fn write(
    path: &Path,
    source: &str,
    targets: &[&str],
    files: &[CachedFile],
    units: &[Unit],
    tables: &Tables,
) -> Result<()> {
    write_atomic_with(path, false, |out| {
        let mut out =
            Output { out, bytes: Vec::with_capacity(Output::PIECE + 1024), hasher: ContentHasher::new() };
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
        for unit in units {
            out.unit(unit, &languages)?;
            out.flush_full()?;
        }
        out.tables(tables)?;
        out.flush()?;
        let checksum = out.hasher.finish().hash;
        out.out.write_all(&checksum.to_le_bytes())
    })
}

/// The cache at `path` if it is one, of this version, for these files
/// loaded with `source` and `targets`, whole and undamaged.
pub(crate) fn read(
    path: &Path,
    source: &str,
    targets: &[&str],
    files: &[(String, Fingerprint)],
) -> Option<Contents> {
    let file = fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut input = Input::new(file, size.checked_sub(8)?);
    let contents = input.contents(source, targets, files).ok()?;
    input.verify().ok()?;
    Some(contents)
}

/// What the cache writes: values serialized into a buffer, hashed and
/// written a piece at a time.
struct Output<'w> {
    out: &'w mut dyn Write,
    bytes: Vec<u8>,
    hasher: ContentHasher,
}

impl Output<'_> {
    const PIECE: usize = 1 << 16;

    fn flush(&mut self) -> io::Result<()> {
        self.hasher.update(&self.bytes);
        self.out.write_all(&self.bytes)?;
        self.bytes.clear();
        Ok(())
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

/// The cache file read a buffer at a time, hashed up to its checksum.
struct Input {
    file: fs::File,
    buffer: Vec<u8>,
    at: usize,
    end: usize,
    /// Bytes before the checksum not read into the buffer yet.
    unread: u64,
    hasher: ContentHasher,
}

impl Input {
    fn new(file: fs::File, payload: u64) -> Input {
        Input { file, buffer: vec![0; 1 << 20], at: 0, end: 0, unread: payload, hasher: ContentHasher::new() }
    }

    /// The next `n` bytes, which must be there before the checksum.
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

    fn contents(
        &mut self,
        source: &str,
        targets: &[&str],
        expected: &[(String, Fingerprint)],
    ) -> Parsed<Contents> {
        if self.take(8)? != MAGIC || self.u32()? != VERSION || self.text()? != source {
            return Err(Invalid);
        }
        if self.strings()? != targets {
            return Err(Invalid);
        }
        let mut files = Vec::new();
        for _ in 0..self.len32()? {
            let path = self.string()?;
            let fingerprint = Fingerprint { size: self.u64()?, hash: self.u64()? };
            files.push(CachedFile { path, fingerprint, end: self.usize()? });
        }
        let same = files.len() == expected.len()
            && files
                .iter()
                .zip(expected)
                .all(|(f, (path, fingerprint))| f.path == *path && f.fingerprint == *fingerprint);
        if !same {
            return Err(Invalid);
        }
        let languages = self.strings()?;
        let count = self.count(1)?;
        let mut units = Vec::with_capacity(count);
        for _ in 0..count {
            units.push(self.unit(&languages)?);
        }
        let ends_fit = files.windows(2).all(|w| w[0].end <= w[1].end)
            && files.last().is_none_or(|f| f.end == units.len());
        if !ends_fit {
            return Err(Invalid);
        }
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
        if tables.words.len() != count || !tables.fits(&units) {
            return Err(Invalid);
        }
        Ok(Contents { units, files, tables })
    }

    /// Whether the checksum is that of what was read, and nothing is left.
    fn verify(&mut self) -> Parsed<()> {
        if self.unread != 0 || self.at != self.end {
            return Err(Invalid);
        }
        let mut checksum = [0u8; 8];
        self.file.read_exact(&mut checksum)?;
        let mut rest = [0u8; 1];
        if self.file.read(&mut rest)? != 0 || u64::from_le_bytes(checksum) != self.hasher.finish().hash {
            return Err(Invalid);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_hash_does_not_depend_on_how_bytes_are_cut() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut whole = ContentHasher::new();
        whole.update(&bytes);
        let expected = whole.finish();
        assert_eq!(expected.size, 1000);
        for piece in [1, 3, 31, 32, 33, 64, 999] {
            let mut hasher = ContentHasher::new();
            for chunk in bytes.chunks(piece) {
                hasher.update(chunk);
            }
            assert_eq!(hasher.finish(), expected, "pieces of {piece}");
        }
        // Any one byte changed, or one more zero byte, changes it.
        for at in [0, 31, 32, 500, 999] {
            let mut changed = bytes.clone();
            changed[at] ^= 1;
            let mut hasher = ContentHasher::new();
            hasher.update(&changed);
            assert_ne!(hasher.finish().hash, expected.hash, "byte {at}");
        }
        let mut longer = ContentHasher::new();
        longer.update(&bytes);
        longer.update(&[0]);
        assert_ne!(longer.finish().hash, expected.hash);
        assert_ne!(ContentHasher::new().finish().hash, 0);
    }
}
