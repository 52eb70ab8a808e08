//! A Hunspell dictionary that remembers its verdicts between runs.
//!
//! Parsing a dictionary is most of what spelling costs (Polish's 4.5 MB
//! `.dic` takes spellbook 160 ms), and a project asks about the same words
//! run after run. So each word's verdict is kept in a cache under the
//! project's `out/.cache/`, for these very `.aff` and `.dic` files (the
//! same sizes and content hashes); the dictionary is parsed only when a
//! word is not in it — or at once, when spelling is on and there is no
//! cache, so that a first run parses while the files are read. A cache that is missing, damaged, of
//! another version or for other files is never an error: it is not used,
//! and written again.
//!
//! The cache file, numbers little-endian:
//!
//! ```text
//! magic "FPSPELL1"; fluentpress's version (u32 length, UTF-8);
//! .aff size u64, hash u64; .dic size u64, hash u64
//! count u64; each word: verdict u8 (1 known, 0 not), length u32, UTF-8
//! the content hash (crate::hash) of all before, u64
//! ```

use crate::fsx::write_atomic_with;
use crate::hash::{ContentHasher, FastMap, Fingerprint};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

const MAGIC: &[u8; 8] = b"FPSPELL1";
/// The version that wrote a cache: another may bundle another spellbook,
/// whose verdicts may differ.
const WRITER: &str = env!("CARGO_PKG_VERSION");

pub struct Lexicon {
    /// The files' text, until it is parsed.
    raw: Mutex<Option<(Vec<u8>, Vec<u8>)>>,
    parsed: OnceLock<Result<spellbook::Dictionary, String>>,
    fingerprints: [Fingerprint; 2],
    /// The verdicts the cache had.
    cached: FastMap<String, bool>,
    /// The verdicts asked of the dictionary this run.
    learnt: Mutex<FastMap<String, bool>>,
    cache: Option<PathBuf>,
}

impl Lexicon {
    /// Opens the dictionary at `stem` (`.aff` and `.dic`), with its cache
    /// in `cache_dir`, if any. With `parse_now` and no cache, the dictionary
    /// is parsed now (a run that will ask it many words), and an error is
    /// returned if it cannot be; else it is parsed when a word is not in
    /// the cache, and a dictionary that cannot be parsed then knows no word.
    pub fn open(stem: &Path, cache_dir: Option<&Path>, parse_now: bool) -> Result<Lexicon, String> {
        let read = |ext: &str| std::fs::read(stem.with_extension(ext)).map_err(|e| format!("{ext}: {e}"));
        let (aff, dic) = (read("aff")?, read("dic")?);
        let fingerprint = |bytes: &[u8]| {
            let mut hasher = ContentHasher::new();
            hasher.update(bytes);
            hasher.finish()
        };
        let fingerprints = [fingerprint(&aff), fingerprint(&dic)];
        let cache = cache_dir.map(|dir| {
            let name = format!("spelling-{:016x}{:016x}.bin", fingerprints[0].hash, fingerprints[1].hash);
            dir.join(name)
        });
        let cached = cache.as_deref().and_then(|path| read_cache(path, &fingerprints)).unwrap_or_default();
        let lexicon = Lexicon {
            raw: Mutex::new(Some((aff, dic))),
            parsed: OnceLock::new(),
            fingerprints,
            cached,
            learnt: Mutex::new(FastMap::default()),
            cache,
        };
        if parse_now && lexicon.cached.is_empty() {
            lexicon.dictionary()?;
        }
        Ok(lexicon)
    }

    /// The parsed dictionary, parsed now if it is not yet.
    pub fn dictionary(&self) -> Result<&spellbook::Dictionary, String> {
        let parsed = self.parsed.get_or_init(|| {
            let raw = self.raw.lock().map_err(|_| "a thread failed while reading it".to_string())?.take();
            let (aff, dic) = raw.ok_or("it was read already")?;
            parse(&aff, &dic)
        });
        parsed.as_ref().map_err(Clone::clone)
    }

    /// Whether the dictionary knows a word, as Hunspell says.
    pub fn check(&self, word: &str) -> bool {
        if let Some(&known) = self.cached.get(word) {
            return known;
        }
        let learnt = |lexicon: &Self| lexicon.learnt.lock().ok().and_then(|l| l.get(word).copied());
        if let Some(known) = learnt(self) {
            return known;
        }
        // A dictionary that cannot be parsed knows no word, and teaches the
        // cache nothing.
        let Ok(dictionary) = self.dictionary() else { return false };
        let known = dictionary.check(word);
        if let Ok(mut learnt) = self.learnt.lock() {
            learnt.insert(word.to_string(), known);
        }
        known
    }

    /// Writes the cache again when this run learnt words it did not have.
    /// A cache that cannot be written is left: it only saves time.
    pub fn save(&self) {
        let (Some(path), Ok(learnt)) = (&self.cache, self.learnt.lock()) else { return };
        if learnt.is_empty() {
            return;
        }
        let mut words: Vec<(&String, &bool)> = self.cached.iter().chain(learnt.iter()).collect();
        words.sort();
        let mut out = Vec::with_capacity(words.len() * 12 + 64);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(WRITER.len() as u32).to_le_bytes());
        out.extend_from_slice(WRITER.as_bytes());
        for fingerprint in &self.fingerprints {
            out.extend_from_slice(&fingerprint.size.to_le_bytes());
            out.extend_from_slice(&fingerprint.hash.to_le_bytes());
        }
        out.extend_from_slice(&(words.len() as u64).to_le_bytes());
        for (word, &known) in words {
            out.push(u8::from(known));
            out.extend_from_slice(&(word.len() as u32).to_le_bytes());
            out.extend_from_slice(word.as_bytes());
        }
        let mut hasher = ContentHasher::new();
        hasher.update(&out);
        out.extend_from_slice(&hasher.finish().hash.to_le_bytes());
        let _ = write_atomic_with(path, false, |file| file.write_all(&out));
    }
}

/// The verdicts of a cache file written for these fingerprints; `None`
/// for anything else.
fn read_cache(path: &Path, fingerprints: &[Fingerprint; 2]) -> Option<FastMap<String, bool>> {
    let bytes = std::fs::read(path).ok()?;
    let (body, footer) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    let mut hasher = ContentHasher::new();
    hasher.update(body);
    if hasher.finish().hash.to_le_bytes() != footer {
        return None;
    }
    let mut at = Cursor(body.strip_prefix(MAGIC.as_slice())?);
    let writer = at.number(4).and_then(|n| at.take(usize::try_from(n).ok()?))?;
    if writer != WRITER.as_bytes() {
        return None;
    }
    for fingerprint in fingerprints {
        if (at.number(8)?, at.number(8)?) != (fingerprint.size, fingerprint.hash) {
            return None;
        }
    }
    let count = at.number(8)?;
    let mut verdicts =
        FastMap::with_capacity_and_hasher(usize::try_from(count).ok()?.min(1 << 20), Default::default());
    for _ in 0..count {
        let known = at.number(1)? == 1;
        let length = usize::try_from(at.number(4)?).ok()?;
        let word = std::str::from_utf8(at.take(length)?).ok()?;
        verdicts.insert(word.to_string(), known);
    }
    Some(verdicts)
}

/// The rest of a cache file, read from the front.
struct Cursor<'b>(&'b [u8]);

impl<'b> Cursor<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let (head, tail) = self.0.split_at_checked(n)?;
        self.0 = tail;
        Some(head)
    }

    /// A little-endian number of `n` bytes (at most 8).
    fn number(&mut self, n: usize) -> Option<u64> {
        let mut le = [0u8; 8];
        le[..n].copy_from_slice(self.take(n)?);
        Some(u64::from_le_bytes(le))
    }
}

/// Parses an `.aff`/`.dic` pair in the encoding the `.aff` names (`SET`;
/// Debian's Polish one is ISO 8859-2).
fn parse(aff: &[u8], dic: &[u8]) -> Result<spellbook::Dictionary, String> {
    let set = aff
        .split(|&b| b == b'\n')
        .find_map(|line| line.strip_prefix(b"SET "))
        .map(|name| String::from_utf8_lossy(name).trim().to_string());
    let encoding = set
        .as_deref()
        .map(|name| {
            encoding_rs::Encoding::for_label(name.as_bytes()).ok_or(format!("unknown encoding `SET {name}`"))
        })
        .transpose()?
        .unwrap_or(encoding_rs::UTF_8);
    // A byte-order mark is no part of the first line.
    let decode = |bytes: &[u8]| encoding.decode_with_bom_removal(bytes).0.into_owned();
    spellbook::Dictionary::new(&decode(aff), &decode(dic)).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const AFF: &str = "SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n";
    const DIC: &str = "2\npoint/S\nville\n";

    fn dictionary(dir: &Path) -> PathBuf {
        let stem = dir.join("fr");
        std::fs::write(stem.with_extension("aff"), AFF).unwrap();
        std::fs::write(stem.with_extension("dic"), DIC).unwrap();
        stem
    }

    #[test]
    fn verdicts_are_kept_for_the_next_run_and_the_dictionary_is_then_not_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let stem = dictionary(dir.path());
        let cache = dir.path().join("cache");
        let first = Lexicon::open(&stem, Some(&cache), true).unwrap();
        assert!(first.parsed.get().is_some(), "no cache: parsed at once");
        assert_eq!(
            (first.check("points"), first.check("villes"), first.check("pointz")),
            (true, false, false)
        );
        first.save();
        let second = Lexicon::open(&stem, Some(&cache), true).unwrap();
        assert!(second.parsed.get().is_none(), "the cache answers");
        assert_eq!(
            (second.check("points"), second.check("villes"), second.check("pointz")),
            (true, false, false)
        );
        assert!(second.parsed.get().is_none());
        // A word the cache lacks parses the dictionary, and is learnt.
        assert!(second.check("ville"));
        assert!(second.parsed.get().is_some());
        second.save();
        let third = Lexicon::open(&stem, Some(&cache), true).unwrap();
        assert_eq!(third.cached.len(), 4);
    }

    #[test]
    fn a_changed_dictionary_or_a_damaged_cache_is_not_believed() {
        let dir = tempfile::tempdir().unwrap();
        let stem = dictionary(dir.path());
        let cache = dir.path().join("cache");
        let first = Lexicon::open(&stem, Some(&cache), true).unwrap();
        first.check("villes");
        first.save();
        let file = std::fs::read_dir(&cache).unwrap().next().unwrap().unwrap().path();
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 9;
        bytes[last] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert!(Lexicon::open(&stem, Some(&cache), true).unwrap().cached.is_empty());
        // Another .dic: another cache, and "villes" is now a word.
        std::fs::write(stem.with_extension("dic"), "2\npoint/S\nville/S\n").unwrap();
        let changed = Lexicon::open(&stem, Some(&cache), true).unwrap();
        assert!(changed.cached.is_empty() && changed.check("villes"));
    }

    #[test]
    fn a_dictionary_that_cannot_be_parsed_knows_no_word_and_caches_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let stem = dictionary(dir.path());
        std::fs::write(stem.with_extension("aff"), "SET NO-SUCH-ENCODING\n").unwrap();
        let cache = dir.path().join("cache");
        assert!(Lexicon::open(&stem, Some(&cache), true).is_err(), "parsed now: the error is told");
        let lazy = Lexicon::open(&stem, Some(&cache), false).unwrap();
        assert!(!lazy.check("point"));
        lazy.save();
        assert!(!cache.exists());
    }
}
