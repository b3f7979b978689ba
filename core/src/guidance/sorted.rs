//! The two small collections in [`super::Answers`]: the context answers
//! (question id → option id) and the special cases flagged (ids), each a
//! sorted `Vec` with unique keys.
//!
//! Why not `BTreeMap` and `BTreeSet`, which behave the same here: a
//! practitioner gives a handful of each, and the B-tree's code was 16 KB of
//! the widget's wasm (about 5 KB brotli, docs/performance.md). Iteration is
//! in key order and the serialised forms (a JSON object and a JSON array,
//! the compact session encoding) are those the B-tree types had, so saved
//! drafts and sessions read as before.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::protocol::compact::{Compact, Reader};

/// Text keys to text values, in key order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextMap(Vec<(String, String)>);

impl TextMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; the value it replaces, if any.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// Takes `key` out; its value, if it had one.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    /// Keeps the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut String) -> bool) {
        self.0.retain_mut(|(k, v)| keep(k, v));
    }

    /// The entries, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, String)> for TextMap {
    /// A later value for the same key wins, as with `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(entries: I) -> Self {
        let mut map = Self::new();
        for (k, v) in entries {
            map.insert(k, v);
        }
        map
    }
}

impl<const N: usize> From<[(String, String); N]> for TextMap {
    fn from(entries: [(String, String); N]) -> Self {
        entries.into_iter().collect()
    }
}

/// Distinct texts, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSet(Vec<String>);

impl TextSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, item: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|x| x.as_str().cmp(item))
    }

    /// Adds `item`; false if it was there already.
    pub fn insert(&mut self, item: String) -> bool {
        match self.find(&item) {
            Ok(_) => false,
            Err(i) => {
                self.0.insert(i, item);
                true
            }
        }
    }

    /// Takes `item` out; false if it was not there.
    pub fn remove(&mut self, item: &str) -> bool {
        self.find(item).map(|i| self.0.remove(i)).is_ok()
    }

    /// Whether `item` is in the set.
    pub fn contains(&self, item: &str) -> bool {
        self.find(item).is_ok()
    }

    /// The first item in order.
    pub fn first(&self) -> Option<&String> {
        self.0.first()
    }

    /// Empties the set.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The items, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a TextSet {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl FromIterator<String> for TextSet {
    fn from_iter<I: IntoIterator<Item = String>>(items: I) -> Self {
        let mut set = Self::new();
        for item in items {
            set.insert(item);
        }
        set
    }
}

impl<const N: usize> From<[String; N]> for TextSet {
    fn from(items: [String; N]) -> Self {
        items.into_iter().collect()
    }
}

impl Serialize for TextMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for TextMap {
    /// Read as a `BTreeMap` reads (a repeated key: the last value), in the
    /// on-demand module that reads drafts; the widget never deserialises.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<String, String>::deserialize(d)?;
        Ok(Self(map.into_iter().collect()))
    }
}

impl Serialize for TextSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for TextSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let set = std::collections::BTreeSet::<String>::deserialize(d)?;
        Ok(Self(set.into_iter().collect()))
    }
}

// The session encoding of `BTreeMap` and `BTreeSet` (protocol::compact):
// the length, then the entries in order.
impl Compact for TextMap {
    fn enc(&self, out: &mut String) {
        self.0.enc(out);
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        Vec::<(String, String)>::dec(r).into_iter().collect()
    }
}

impl Compact for TextSet {
    fn enc(&self, out: &mut String) {
        self.0.enc(out);
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        Vec::<String>::dec(r).into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// A small deterministic sequence of operations on keys "a".."e".
    fn ops(seed: u64, n: usize) -> Vec<(u8, String, String)> {
        let mut r = case_resolution_test_support::rng::Rng::new(seed);
        (0..n)
            .map(|i| {
                let key = ((b'a' + r.below(5) as u8) as char).to_string();
                (r.below(4) as u8, key, format!("v{i}"))
            })
            .collect()
    }

    #[test]
    fn the_map_does_what_a_btreemap_does() {
        for seed in 0..200 {
            let (mut ours, mut theirs) = (TextMap::new(), BTreeMap::new());
            for (op, k, v) in ops(seed, 40) {
                match op {
                    0 | 1 => assert_eq!(ours.insert(k.clone(), v.clone()), theirs.insert(k, v)),
                    2 => assert_eq!(ours.remove(&k), theirs.remove(&k)),
                    _ => {
                        ours.retain(|key, _| key != &k);
                        theirs.retain(|key, _| key != &k);
                    }
                }
                assert_eq!(ours.get("c"), theirs.get("c"));
                assert_eq!(ours.contains_key("a"), theirs.contains_key("a"));
                assert_eq!(ours.len(), theirs.len());
                assert!(ours.iter().eq(theirs.iter()), "seed {seed}");
            }
        }
    }

    #[test]
    fn the_set_does_what_a_btreeset_does() {
        for seed in 0..200 {
            let (mut ours, mut theirs) = (TextSet::new(), BTreeSet::new());
            for (op, k, _) in ops(seed, 40) {
                match op {
                    0 | 1 => assert_eq!(ours.insert(k.clone()), theirs.insert(k)),
                    2 => assert_eq!(ours.remove(&k), theirs.remove(&k)),
                    _ => assert_eq!(ours.contains(&k), theirs.contains(&k)),
                }
                assert_eq!(ours.first(), theirs.first());
                assert!(ours.iter().eq(theirs.iter()), "seed {seed}");
            }
        }
    }

    #[test]
    fn serialised_as_the_btree_types_were() {
        let map = TextMap::from([("b".into(), "2".into()), ("a".into(), "1".into())]);
        let old = BTreeMap::from([("b", "2"), ("a", "1")]);
        assert_eq!(
            serde_json::to_string(&map).unwrap(),
            serde_json::to_string(&old).unwrap()
        );
        let read: TextMap = serde_json::from_str(r#"{"z":"1","a":"2","z":"3"}"#).unwrap();
        assert_eq!(
            read,
            TextMap::from([("a".into(), "2".into()), ("z".into(), "3".into())])
        );

        let set = TextSet::from(["y".to_string(), "x".to_string(), "y".to_string()]);
        assert_eq!(serde_json::to_string(&set).unwrap(), r#"["x","y"]"#);
        let read: TextSet = serde_json::from_str(r#"["q","p","q"]"#).unwrap();
        assert_eq!(read, TextSet::from(["p".to_string(), "q".to_string()]));

        let (mut ours, mut theirs) = (String::new(), String::new());
        map.enc(&mut ours);
        BTreeMap::from([
            ("b".to_string(), "2".to_string()),
            ("a".to_string(), "1".to_string()),
        ])
        .enc(&mut theirs);
        assert_eq!(ours, theirs);
    }
}
