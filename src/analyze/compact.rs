//! Small sorted collections for the many facts a large dossier holds.
//!
//! A figure or date keeps a handful of words (its frame, places, people,
//! time anchors). As `BTreeSet`s each of those allocated a whole B-tree
//! node, about 1.5 KB per fact: 600 MB for the 390,000 facts of a
//! 10,000-article dossier. A sorted, deduplicated boxed slice holds the
//! same words in the same order (so every output stays the same) in a
//! tenth of the space.

/// The items two sorted iterators both yield, in order: one pass over
/// each, no allocation.
pub(crate) fn common<T: Ord>(
    a: impl Iterator<Item = T>,
    b: impl Iterator<Item = T>,
) -> impl Iterator<Item = T> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || loop {
        match a.peek()?.cmp(b.peek()?) {
            std::cmp::Ordering::Less => {
                a.next();
            }
            std::cmp::Ordering::Greater => {
                b.next();
            }
            std::cmp::Ordering::Equal => {
                b.next();
                return a.next();
            }
        }
    })
}

/// A sorted set without duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SortedSet<T>(Box<[T]>);

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet(Box::new([]))
    }
}

impl<T: Ord> SortedSet<T> {
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The elements both hold, in order.
    pub fn intersection<'a>(&'a self, other: &'a SortedSet<T>) -> impl Iterator<Item = &'a T> {
        common(self.0.iter(), other.0.iter())
    }
    pub fn is_disjoint(&self, other: &SortedSet<T>) -> bool {
        self.intersection(other).next().is_none()
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut v: Vec<T> = iter.into_iter().collect();
        v.sort();
        v.dedup();
        SortedSet(v.into_boxed_slice())
    }
}

impl<'a, T> IntoIterator for &'a SortedSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A sorted map from words (stems) to the form the text wrote them in:
/// a fact's frame. Iterating it gives the words.
///
/// Held as one string, `word\0form\0word\0form…` (words never contain
/// NUL: they are cut from text at every character that is not a letter,
/// digit or hyphen): one allocation for a fact's ten or so words instead
/// of twenty, which was half the memory of a large build.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SortedMap(Box<str>);

impl SortedMap {
    fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        // Cut by a plain loop over the bytes: the words are a few letters
        // long, and `split('\0')` set up a `memchr` search for each, which
        // was a fifth of comparing a large dossier's figures.
        fn cut(s: &str) -> (&str, &str) {
            match s.bytes().position(|b| b == 0) {
                Some(i) => (&s[..i], &s[i + 1..]),
                None => (s, ""),
            }
        }
        let mut rest = &*self.0;
        std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let (word, after) = cut(rest);
            let (form, after) = cut(after);
            rest = after;
            Some((word, form))
        })
    }
    /// The form the text wrote `key` in.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.pairs().map(|(k, _)| k)
    }
    /// The words both hold, in order.
    pub fn intersection<'a>(&'a self, other: &'a SortedMap) -> impl Iterator<Item = &'a str> {
        common(self.iter(), other.iter())
    }
}

impl From<std::collections::BTreeMap<String, String>> for SortedMap {
    fn from(map: std::collections::BTreeMap<String, String>) -> Self {
        map.into_iter().collect()
    }
}

impl FromIterator<(String, String)> for SortedMap {
    /// The first form given for a word is kept.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut v: Vec<(String, String)> = iter.into_iter().collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v.dedup_by(|later, first| later.0 == first.0);
        let mut text = String::new();
        for (k, form) in &v {
            debug_assert!(!k.contains('\0') && !form.contains('\0'));
            if !text.is_empty() {
                text.push('\0');
            }
            text.push_str(k);
            text.push('\0');
            text.push_str(form);
        }
        SortedMap(text.into_boxed_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_keep_order_and_find_common_elements() {
        let a: SortedSet<&str> = ["vote", "budget", "vote", "city"].into_iter().collect();
        let b: SortedSet<&str> = ["city", "tax", "vote"].into_iter().collect();
        assert_eq!(
            a.iter().copied().collect::<Vec<_>>(),
            ["budget", "city", "vote"]
        );
        assert_eq!(
            a.intersection(&b).copied().collect::<Vec<_>>(),
            ["city", "vote"]
        );
        let c: SortedSet<&str> = ["tax"].into_iter().collect();
        assert!(a.is_disjoint(&c) && !b.is_disjoint(&c));
        assert!(SortedSet::<&str>::default().is_disjoint(&a));
    }

    #[test]
    fn maps_keep_the_first_form_of_each_word() {
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        let a: SortedMap = [
            pair("vote", "votes"),
            pair("city", "City"),
            pair("vote", "voting"),
        ]
        .into_iter()
        .collect();
        assert_eq!(a.iter().collect::<Vec<_>>(), ["city", "vote"]);
        assert_eq!(a.get("vote"), Some("votes"));
        assert_eq!(a.get("tax"), None);
        let b: SortedMap = [pair("tax", "taxes"), pair("vote", "vote")]
            .into_iter()
            .collect();
        assert_eq!(a.intersection(&b).collect::<Vec<_>>(), ["vote"]);
        assert_eq!(a.intersection(&SortedMap::default()).count(), 0);
    }
}
