//! 128-bit digests: how a rebuild tells that an article, a page's inputs
//! or a written file is what it was last time.
//!
//! XXH3-128 is not a cryptographic hash, and need not be: the inputs are
//! the editor's own files, and what a collision would cost is one page not
//! rendered again until the next edit. 128 bits make an accidental one
//! unthinkable, the digest is the same on every run (no random keys), and
//! it reads many gigabytes a second: a rebuild digests the page model of
//! every article. (Two SipHash streams, used before, took a tenth of a
//! 5,000-article rebuild.)

use xxhash_rust::xxh3::{xxh3_128, Xxh3};

/// A digest made a piece at a time: by `std::io::Write` (a page model
/// written by serde_json) or by `std::hash::Hasher` (a value that derives
/// `Hash`).
///
/// Both write in small pieces (a field name, a comma, a `usize`), and
/// XXH3's streaming state pays for each call: the pieces are gathered in
/// a small buffer and handed over in blocks. The digest is the same
/// either way, that of all the bytes in order.
#[derive(Clone)]
pub struct Digest {
    state: Xxh3,
    pending: [u8; PENDING],
    len: usize,
}

/// How many bytes a [`Digest`] gathers before it hashes them.
const PENDING: usize = 512;

impl Default for Digest {
    fn default() -> Self {
        Digest::new()
    }
}

impl Digest {
    pub fn new() -> Digest {
        Digest {
            state: Xxh3::new(),
            pending: [0; PENDING],
            len: 0,
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > PENDING {
            self.state.update(&self.pending[..self.len]);
            self.len = 0;
            if bytes.len() > PENDING {
                self.state.update(bytes);
                return;
            }
        }
        self.pending[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    /// The digest of everything written so far.
    pub fn finish128(&self) -> u128 {
        let mut state = self.state.clone();
        state.update(&self.pending[..self.len]);
        state.digest128()
    }
}

impl std::io::Write for Digest {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::hash::Hasher for Digest {
    fn write(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
    /// Half the digest; use [`Digest::finish128`].
    fn finish(&self) -> u64 {
        let mut state = self.state.clone();
        state.update(&self.pending[..self.len]);
        state.digest()
    }
}

/// The digest of some bytes.
pub fn of_bytes(bytes: &[u8]) -> u128 {
    xxh3_128(bytes)
}

/// The digest of a value, as its `Hash` implementation writes it.
pub fn of_value(value: &impl std::hash::Hash) -> u128 {
    let mut d = Digest::new();
    value.hash(&mut d);
    d.finish128()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn pieces_and_whole_agree_and_differ_from_other_bytes() {
        let mut d = Digest::new();
        d.write_all(b"hello ").unwrap();
        d.write_all(b"world").unwrap();
        assert_eq!(d.finish128(), of_bytes(b"hello world"));
        // Pieces past the buffer, and one larger than it, are all read.
        let long: Vec<u8> = (0..3000u32).map(|i| (i % 251) as u8).collect();
        let mut d = Digest::new();
        for piece in [&long[..7], &long[7..700], &long[700..705], &long[705..]] {
            d.write_all(piece).unwrap();
        }
        assert_eq!(d.finish128(), of_bytes(&long));
        assert_ne!(d.finish128(), of_bytes(&long[1..]));
        assert_ne!(of_bytes(b"hello world"), of_bytes(b"hello worle"));
        assert_ne!(of_value(&("a", "bc")), of_value(&("ab", "c")));
    }
}
