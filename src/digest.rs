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

/// Writes `value`, as serde sees it, into `digest`: what a template
/// would read of it, without writing it as JSON first. A rebuild digests
/// every page model to tell which pages changed, and escaping and
/// formatting JSON was most of that work; this writes each string's bytes
/// and each number's as they are.
///
/// Every piece is tagged with its kind, and strings and byte strings with
/// their length, so that two different values of one type write different
/// bytes: `["a", "bc"]` is not `["ab", "c"]`, and a field left out is not
/// the next field's value. Values of different types may write the same
/// bytes; a digest only ever compares a page's model with the same page's.
/// False if the value's `Serialize` failed, as JSON would have failed too.
pub fn serialize_into<T: serde::Serialize + ?Sized>(digest: &mut Digest, value: &T) -> bool {
    value.serialize(digest).is_ok()
}

/// Why a value could not be digested: its own `Serialize` failed.
#[derive(Debug)]
pub struct SerializeError(String);

impl std::fmt::Display for SerializeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerializeError {}

impl serde::ser::Error for SerializeError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        SerializeError(msg.to_string())
    }
}

/// The tags of [`serialize_into`]: one byte before each piece.
mod tag {
    pub const BOOL: u8 = 1;
    pub const SIGNED: u8 = 2;
    pub const UNSIGNED: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const CHAR: u8 = 5;
    pub const STR: u8 = 6;
    pub const BYTES: u8 = 7;
    pub const NONE: u8 = 8;
    pub const SOME: u8 = 9;
    pub const UNIT: u8 = 10;
    pub const VARIANT: u8 = 11;
    pub const SEQ: u8 = 12;
    pub const MAP: u8 = 13;
    pub const STRUCT: u8 = 14;
    pub const END: u8 = 15;
}

impl Digest {
    fn tagged(&mut self, tag: u8, bytes: &[u8]) {
        self.update(&[tag]);
        self.update(bytes);
    }

    fn text(&mut self, tag: u8, bytes: &[u8]) {
        self.tagged(tag, &(bytes.len() as u64).to_le_bytes());
        self.update(bytes);
    }
}

/// `fn $method(v)`: `$wide(v.into())`.
macro_rules! widened {
    ($($method:ident($narrow:ty) => $wide:ident),*) => {$(
        fn $method(self, v: $narrow) -> Result<(), SerializeError> {
            self.$wide(v.into())
        }
    )*};
}

impl serde::Serializer for &mut Digest {
    type Ok = ();
    type Error = SerializeError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    // Narrower numbers are written as the widest of their kind.
    widened!(
        serialize_i8(i8) => serialize_i64,
        serialize_i16(i16) => serialize_i64,
        serialize_i32(i32) => serialize_i64,
        serialize_i64(i64) => serialize_i128,
        serialize_u8(u8) => serialize_u64,
        serialize_u16(u16) => serialize_u64,
        serialize_u32(u32) => serialize_u64,
        serialize_f32(f32) => serialize_f64
    );

    fn serialize_bool(self, v: bool) -> Result<(), SerializeError> {
        self.tagged(tag::BOOL, &[v as u8]);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), SerializeError> {
        self.tagged(tag::SIGNED, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), SerializeError> {
        self.tagged(tag::UNSIGNED, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), SerializeError> {
        self.tagged(tag::UNSIGNED, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), SerializeError> {
        // Equal bits, equal text; the rare unequal bits with equal text
        // (0.0 and -0.0) only render a page again.
        self.tagged(tag::FLOAT, &v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), SerializeError> {
        self.tagged(tag::CHAR, &u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), SerializeError> {
        self.text(tag::STR, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), SerializeError> {
        self.text(tag::BYTES, v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), SerializeError> {
        self.update(&[tag::NONE]);
        Ok(())
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(self, value: &T) -> Result<(), SerializeError> {
        self.update(&[tag::SOME]);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), SerializeError> {
        self.update(&[tag::UNIT]);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), SerializeError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), SerializeError> {
        // By name, as JSON writes it: a renamed variant reads differently.
        self.text(tag::VARIANT, variant.as_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), SerializeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), SerializeError> {
        self.text(tag::VARIANT, variant.as_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, SerializeError> {
        self.update(&[tag::SEQ]);
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self, SerializeError> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self, SerializeError> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, SerializeError> {
        self.text(tag::VARIANT, variant.as_bytes());
        self.serialize_seq(None)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, SerializeError> {
        self.update(&[tag::MAP]);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, SerializeError> {
        self.update(&[tag::STRUCT]);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, SerializeError> {
        self.text(tag::VARIANT, variant.as_bytes());
        self.serialize_struct("", 0)
    }
}

/// The compound parts of [`serialize_into`]: each element or field in
/// turn, then an end tag (a sequence's length is not always known first).
macro_rules! elements_then_end {
    ($($kind:ident :: {$($method:ident),*}),*) => {$(
        impl serde::ser::$kind for &mut Digest {
            type Ok = ();
            type Error = SerializeError;
            $(fn $method<T: serde::Serialize + ?Sized>(
                &mut self,
                value: &T,
            ) -> Result<(), SerializeError> {
                value.serialize(&mut **self)
            })*
            fn end(self) -> Result<(), SerializeError> {
                self.update(&[tag::END]);
                Ok(())
            }
        }
    )*};
}

// A map's keys and values go in as elements, in turn.
elements_then_end!(
    SerializeSeq::{serialize_element},
    SerializeTuple::{serialize_element},
    SerializeTupleStruct::{serialize_field},
    SerializeTupleVariant::{serialize_field},
    SerializeMap::{serialize_key, serialize_value}
);

/// Struct fields go in with their names, since fields may be left out.
macro_rules! named_fields_then_end {
    ($($kind:ident),*) => {$(
        impl serde::ser::$kind for &mut Digest {
            type Ok = ();
            type Error = SerializeError;
            fn serialize_field<T: serde::Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), SerializeError> {
                self.text(tag::STR, key.as_bytes());
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), SerializeError> {
                self.update(&[tag::END]);
                Ok(())
            }
        }
    )*};
}

named_fields_then_end!(SerializeStruct, SerializeStructVariant);

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

    #[test]
    fn serialized_values_differ_where_their_json_does() {
        #[derive(serde::Serialize)]
        struct Page {
            #[serde(skip_serializing_if = "Option::is_none")]
            a: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            b: Option<String>,
            list: Vec<String>,
            n: f64,
        }
        let of = |p: &Page| {
            let mut d = Digest::new();
            assert!(serialize_into(&mut d, p));
            d.finish128()
        };
        let page = |a: Option<&str>, b: Option<&str>, list: &[&str], n: f64| Page {
            a: a.map(str::to_string),
            b: b.map(str::to_string),
            list: list.iter().map(|s| s.to_string()).collect(),
            n,
        };
        let base = page(Some("x"), None, &["a", "bc"], 1.5);
        assert_eq!(of(&base), of(&page(Some("x"), None, &["a", "bc"], 1.5)));
        for other in [
            page(None, Some("x"), &["a", "bc"], 1.5),
            page(Some("x"), None, &["ab", "c"], 1.5),
            page(Some("x"), None, &["a", "bc", ""], 1.5),
            page(Some("x"), None, &["a", "bc"], 2.5),
            page(Some("X"), None, &["a", "bc"], 1.5),
        ] {
            assert_ne!(of(&base), of(&other));
        }
    }
}
