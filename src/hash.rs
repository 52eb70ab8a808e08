//! The hashes caches use: a fast hasher for keys no one chooses to collide
//! (merge keys, words of the index, cache names), and the content hash that
//! tells whether a file (a TMX file, a dictionary) is the one a cache was
//! written for.

use std::fs;
use std::hash::Hasher;
use std::io::{self, Read, Write};
use std::path::Path;

/// A fast hasher for keys that no one chooses to collide (the keys of a
/// merge, a project's own words and IDs): eight bytes at a time,
/// multiplied and rotated (as rustc's FxHasher).
#[derive(Default)]
pub(crate) struct FastHasher(u64);

/// A map and a set hashed with [`FastHasher`].
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;
pub(crate) type FastSet<T> = std::collections::HashSet<T, std::hash::BuildHasherDefault<FastHasher>>;

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
    /// Bytes hashed so far.
    pub(crate) size: u64,
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
