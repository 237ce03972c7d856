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
#[derive(Clone, Default)]
pub struct Digest(Xxh3);

impl Digest {
    pub fn new() -> Digest {
        Digest(Xxh3::new())
    }

    /// The digest of everything written so far.
    pub fn finish128(&self) -> u128 {
        self.0.digest128()
    }
}

impl std::io::Write for Digest {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::hash::Hasher for Digest {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    /// Half the digest; use [`Digest::finish128`].
    fn finish(&self) -> u64 {
        self.0.digest()
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
        assert_ne!(of_bytes(b"hello world"), of_bytes(b"hello worle"));
        assert_ne!(of_value(&("a", "bc")), of_value(&("ab", "c")));
    }
}
