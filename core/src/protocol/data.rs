//! Compiled protocol data files: what the widget loads at run time.
//!
//! The build (`tools/src/bin/protocol-data.rs`) compiles each file in `protocols/`
//! into `dist/protocols/<id>.txt` and writes `dist/protocols/index.json` for
//! the partnership picker; the demo page's "Download the compiled protocol
//! file" makes the same file in the browser (the checker module). The widget's
//! code holds no protocol: adding a partnership is adding a file.
//!
//! A data file is one header line, `case-resolution protocol <format>`, then
//! the protocol in the [`super::compact`] encoding. The format number changes
//! whenever the encoding does (a field added to the model, say), so that a
//! widget never misreads a file compiled by another release: it says which
//! release to recompile with instead. `tests/fixtures/data/` keeps a file of
//! the current format; when the format changes, that test fails until the
//! number is bumped and the fixture compiled again.

use serde::Serialize;

use super::compact;
use super::model::Protocol;

/// The data file format this release writes and reads.
pub const FORMAT: u32 = 8;
/// The first word of the header line.
const MAGIC: &str = "case-resolution protocol ";
/// The data files' directory, relative to the widget's own files.
pub const DIR: &str = "protocols/";
/// The picker's index, in [`DIR`].
pub const INDEX: &str = "index.json";

/// A data file's name: the protocol id and `.txt` (a type every web server
/// already serves; an unknown extension is refused by some, IIS for one).
pub fn file_name(id: &str) -> String {
    format!("{id}.txt")
}

/// Whether `id` can name a data file: what the validator allows for ids
/// (lower-case letters, digits, hyphens), so a page's `data-protocol` can
/// never reach outside the data directory.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The data file for a protocol.
pub fn write(protocol: &Protocol) -> String {
    let body = compact::encode(&Ok(protocol.clone()));
    let mut out = String::with_capacity(body.len() + 32);
    out.push_str(MAGIC);
    out.push_str(&FORMAT.to_string());
    out.push('\n');
    out.push_str(&body);
    out
}

/// Why a data file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataError {
    /// Not a compiled protocol file at all (a TOML file, an error page).
    NotData,
    /// Compiled by an older release, in a format this one no longer reads.
    Older(u32),
    /// Compiled by a newer release.
    Newer(u32),
    /// The right format, but cut short or changed.
    Damaged,
}

impl DataError {
    /// The message for a web officer, naming the file.
    pub fn message(&self, file: &str) -> String {
        match self {
            DataError::NotData => format!(
                "{file} is not a compiled protocol file. Compile the protocol's TOML file with the demo page's “Download the compiled protocol file”, or rebuild the widget's files."
            ),
            DataError::Older(n) => format!(
                "{file} was compiled by an older release of the widget (format {n}; this one reads format {FORMAT}). Recompile this file: on the demo page of this release, choose its TOML file and use “Download the compiled protocol file”."
            ),
            DataError::Newer(n) => format!(
                "{file} was compiled by a newer release of the widget (format {n}; this one reads format {FORMAT}). Update the widget's files to that release, or recompile this file with this release's demo page."
            ),
            DataError::Damaged => format!(
                "{file} is damaged or cut short. Copy it again, or recompile it from its TOML file."
            ),
        }
    }
}

/// A data file's body (the protocol's compact encoding), after its header
/// line: what its fallback version is computed from.
pub fn body(text: &str) -> &str {
    text.split_once('\n').map_or("", |(_, body)| body)
}

/// Reads a data file.
pub fn read(text: &str) -> Result<Protocol, DataError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (header, body) = text.split_once('\n').ok_or(DataError::NotData)?;
    let version = header
        .trim_end_matches('\r')
        .strip_prefix(MAGIC)
        .ok_or(DataError::NotData)?;
    let version: u32 = version.trim().parse().map_err(|_| DataError::NotData)?;
    if version < FORMAT {
        return Err(DataError::Older(version));
    }
    if version > FORMAT {
        return Err(DataError::Newer(version));
    }
    match compact::decode(body) {
        Some(Ok(p)) => Ok(p),
        _ => Err(DataError::Damaged),
    }
}

/// One partnership in the picker's index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub area: String,
}

impl Listed {
    pub fn of(p: &Protocol) -> Self {
        Listed {
            id: p.id.clone(),
            name: p.name.clone(),
            short_name: p.short_name.clone(),
            area: p.area.clone(),
        }
    }
}

#[derive(Serialize)]
struct Index<'a> {
    format: u32,
    /// The stamp the picker's static fallback carries (`crate::fallback`).
    picker_version: &'a str,
    protocols: Vec<Listed>,
}

/// The picker's index (`index.json`): the format, the picker fallback's
/// version, and each protocol's id, name, short name and area, sorted by
/// area then name so the picker reads in a predictable order.
pub fn index_json(protocols: &[Protocol], picker_version: &str) -> String {
    let mut protocols: Vec<Listed> = protocols.iter().map(Listed::of).collect();
    protocols.sort_by(|a, b| (&a.area, &a.name).cmp(&(&b.area, &b.name)));
    serde_json::to_string_pretty(&Index {
        format: FORMAT,
        picker_version,
        protocols,
    })
    .unwrap_or_default()
}

/// FNV-1a (64 bits) over texts, folded to 32 bits and written as 8 hex
/// digits: stable for the same text.
pub(crate) fn hash<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for text in texts {
        for b in text.bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    let folded = (hash ^ (hash >> 32)) as u32;
    (0..8)
        .rev()
        .map(|i| char::from(b"0123456789abcdef"[((folded >> (i * 4)) & 0xf) as usize]))
        .collect()
}

/// The version of a compiled protocol, from its compact encoding (a data
/// file's body, `data::body`, or the checker module's answer): what the
/// widget computes, with no encoder of its own (about −3 KB brotli).
pub fn version_of_compiled(compiled: &str) -> String {
    hash([compiled])
}

/// The version of one protocol, as stamped on its fallback (and in the
/// partnership's record).
pub fn version(protocol: &Protocol) -> String {
    version_of_compiled(&compact::encode(&Ok(protocol.clone())))
}
