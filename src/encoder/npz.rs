//! Reads the arrays of a NumPy `.npz` archive (a zip of `.npy` files, stored or deflated).
//!
//! Only what the bundled model uses is supported: little-endian `f4`, `f8`, `u1` and `i1`
//! arrays in C order. Anything else is refused with a message naming the archive, the entry and
//! what was expected, rather than guessed at. It does not write archives.

use std::io::{Cursor, Read};

use crate::{Error, Result};

/// An open `.npz` archive held in memory (a clone shares the bytes, so threads can read
/// entries side by side).
#[derive(Clone)]
pub struct Npz<'a> {
    /// The archive's name in messages (a path, or the bundled model's name).
    label: String,
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
}

/// The element types this reader knows, by their `.npy` `descr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    F32,
    F64,
    U8,
    I8,
}

impl Dtype {
    fn from_descr(descr: &str) -> Option<Dtype> {
        match descr {
            "<f4" => Some(Dtype::F32),
            "<f8" => Some(Dtype::F64),
            "|u1" | "<u1" => Some(Dtype::U8),
            "|i1" | "<i1" => Some(Dtype::I8),
            _ => None,
        }
    }

    fn size(self) -> usize {
        match self {
            Dtype::F32 => 4,
            Dtype::F64 => 8,
            Dtype::U8 | Dtype::I8 => 1,
        }
    }

    fn descr(self) -> &'static str {
        match self {
            Dtype::F32 => "<f4",
            Dtype::F64 => "<f8",
            Dtype::U8 => "|u1",
            Dtype::I8 => "|i1",
        }
    }
}

/// The parsed header of one `.npy` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpyHeader {
    pub dtype: Dtype,
    pub shape: Vec<usize>,
    /// Byte offset of the data in the entry.
    pub data_offset: usize,
}

impl<'a> Npz<'a> {
    /// Opens the archive in `bytes`; `label` names it in error messages.
    pub fn open(bytes: &'a [u8], label: &str) -> Result<Npz<'a>> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Error::Invalid(format!(
                "{label}: not a readable .npz (zip) archive: {e}; the model folder needs the weights.npz of the Universal Sentence Encoder package"
            ))
        })?;
        Ok(Npz {
            label: label.to_string(),
            zip,
        })
    }

    /// The raw bytes of entry `name.npy`.
    fn entry(&mut self, name: &str) -> Result<Vec<u8>> {
        let file_name = format!("{name}.npy");
        let mut file = self.zip.by_name(&file_name).map_err(|e| {
            Error::Invalid(format!(
                "{}: entry {file_name}: {e} (expected an array named `{name}`)",
                self.label
            ))
        })?;
        let mut bytes = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
        file.read_to_end(&mut bytes).map_err(|e| {
            Error::Invalid(format!(
                "{}: entry {file_name}: cannot decompress: {e}",
                self.label
            ))
        })?;
        Ok(bytes)
    }

    /// Reads array `name`, checking that it has type `dtype` and shape `shape`; returns the
    /// entry's bytes and where its data starts.
    fn checked(&mut self, name: &str, dtype: Dtype, shape: &[usize]) -> Result<(Vec<u8>, usize)> {
        let bytes = self.entry(name)?;
        let where_ = format!("{}: entry {name}.npy", self.label);
        let header = parse_header(&bytes).map_err(|m| Error::Invalid(format!("{where_}: {m}")))?;
        if header.dtype != dtype || header.shape != shape {
            return Err(Error::Invalid(format!(
                "{where_}: expected {} with shape {shape:?}, found {} with shape {:?}",
                dtype.descr(),
                header.dtype.descr(),
                header.shape
            )));
        }
        let len = shape.iter().product::<usize>() * dtype.size();
        if bytes.len() - header.data_offset != len {
            return Err(Error::Invalid(format!(
                "{where_}: expected {len} bytes of data, found {}",
                bytes.len() - header.data_offset
            )));
        }
        Ok((bytes, header.data_offset))
    }

    /// A float32 array of the given shape, flattened in C order.
    pub fn f32(&mut self, name: &str, shape: &[usize]) -> Result<Vec<f32>> {
        let (bytes, start) = self.checked(name, Dtype::F32, shape)?;
        Ok(bytes[start..]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }

    /// A float64 scalar (shape `()`).
    pub fn f64_scalar(&mut self, name: &str) -> Result<f64> {
        let (bytes, start) = self.checked(name, Dtype::F64, &[])?;
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[start..start + 8]);
        Ok(f64::from_le_bytes(b))
    }

    /// A uint8 array of the given shape, flattened in C order.
    pub fn u8(&mut self, name: &str, shape: &[usize]) -> Result<Vec<u8>> {
        let (mut bytes, start) = self.checked(name, Dtype::U8, shape)?;
        bytes.drain(..start);
        Ok(bytes)
    }
}

/// Parses a `.npy` header (format versions 1 to 3): magic, version, header length, and the
/// Python dict literal with `descr`, `fortran_order` and `shape`.
pub fn parse_header(bytes: &[u8]) -> std::result::Result<NpyHeader, String> {
    const MAGIC: &[u8] = b"\x93NUMPY";
    if bytes.len() < 10 || &bytes[..6] != MAGIC {
        return Err("not a .npy array (the entry does not start with \\x93NUMPY)".into());
    }
    let major = bytes[6];
    let (header_len, dict_start) = match major {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 => {
            if bytes.len() < 12 {
                return Err("truncated .npy header".into());
            }
            let len = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
            (len as usize, 12)
        }
        v => return Err(format!(".npy format version {v} (expected 1, 2 or 3)")),
    };
    let data_offset = dict_start + header_len;
    let dict = bytes
        .get(dict_start..data_offset)
        .ok_or_else(|| format!("the header claims {header_len} bytes, but the entry is shorter"))?;
    let dict = std::str::from_utf8(dict).map_err(|_| "the header is not text".to_string())?;

    let descr = dict_value(dict, "descr")?;
    let descr = descr.trim().trim_matches(['\'', '"']);
    let dtype = Dtype::from_descr(descr).ok_or_else(|| {
        format!("element type `{descr}` (expected one of <f4, <f8, |u1, |i1, little-endian)")
    })?;
    let fortran = dict_value(dict, "fortran_order")?;
    if fortran.trim() != "False" {
        return Err(format!(
            "fortran_order is {} (expected False: C order)",
            fortran.trim()
        ));
    }
    let shape = dict_value(dict, "shape")?;
    let shape = shape.trim();
    let inner = shape
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .ok_or_else(|| format!("shape `{shape}` (expected a tuple such as (7530, 512))"))?;
    let shape = inner
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<usize>()
                .map_err(|_| format!("shape dimension `{s}` (expected a whole number)"))
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(NpyHeader {
        dtype,
        shape,
        data_offset,
    })
}

/// The text of `key`'s value in a Python dict literal: up to the next top-level comma or the
/// closing brace (a tuple's commas are inside parentheses).
fn dict_value<'d>(dict: &'d str, key: &str) -> std::result::Result<&'d str, String> {
    let quoted = [format!("'{key}'"), format!("\"{key}\"")];
    let at = quoted
        .iter()
        .find_map(|q| dict.find(q.as_str()).map(|i| i + q.len()))
        .ok_or_else(|| {
            format!("the header has no `{key}` (expected descr, fortran_order and shape)")
        })?;
    let rest = dict[at..].trim_start();
    let rest = rest
        .strip_prefix(':')
        .ok_or_else(|| format!("`{key}` is not followed by `:` in the header"))?;
    let mut depth = 0usize;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | '}' if depth == 0 => return Ok(&rest[..i]),
            _ => {}
        }
    }
    Err(format!(
        "the value of `{key}` is not terminated in the header"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn npy(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend_from_slice(&(dict.len() as u16).to_le_bytes());
        out.extend_from_slice(dict.as_bytes());
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn reads_a_version_1_header() {
        let bytes = npy(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }\n",
            &[0; 24],
        );
        let h = parse_header(&bytes).unwrap();
        assert_eq!(h.dtype, Dtype::F32);
        assert_eq!(h.shape, vec![3, 2]);
        assert_eq!(bytes.len() - h.data_offset, 24);
    }

    #[test]
    fn scalars_and_one_dimensional_shapes() {
        let h = parse_header(&npy(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
            &[],
        ))
        .unwrap();
        assert!(h.shape.is_empty());
        let h = parse_header(&npy(
            "{'descr': '|u1', 'fortran_order': False, 'shape': (17,), }",
            &[],
        ))
        .unwrap();
        assert_eq!(h.shape, vec![17]);
    }

    #[test]
    fn refuses_what_it_cannot_read_and_says_why() {
        let big_endian = parse_header(&npy(
            "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
            &[],
        ))
        .unwrap_err();
        assert!(big_endian.contains("`>f4`"), "{big_endian}");
        let fortran = parse_header(&npy(
            "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
            &[],
        ))
        .unwrap_err();
        assert!(fortran.contains("fortran_order is True"), "{fortran}");
        let not_npy = parse_header(b"PK\x03\x04 not numpy").unwrap_err();
        assert!(not_npy.contains("\\x93NUMPY"), "{not_npy}");
    }
}
