//! A minimal ZIP writer, so "every table as CSV" is one download instead of
//! seventeen (browsers refuse a burst of downloads from one click).
//!
//! Entries are stored without compression (method 0), which every unzip tool
//! and spreadsheet-friendly OS reads; the format is PKWARE's APPNOTE.TXT,
//! sections 4.3.7 (local file header), 4.3.12 (central directory header) and
//! 4.3.16 (end of central directory record). Sizes above 4 GiB (ZIP64) are not
//! needed for a workspace export and are refused.

use chrono::{Datelike, NaiveDate};

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as ZIP requires.
pub fn crc32(bytes: &[u8]) -> u32 {
    const fn table() -> [u32; 256] {
        let mut table = [0u32; 256];
        let mut n = 0;
        while n < 256 {
            let mut c = n as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            table[n] = c;
            n += 1;
        }
        table
    }
    const TABLE: [u32; 256] = table();
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc = TABLE[((crc ^ u32::from(byte)) & 0xFF) as usize] ^ (crc >> 8);
    }
    crc ^ 0xFFFF_FFFF
}

/// Why an archive could not be written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{name} is too large for a ZIP file without ZIP64 ({len} bytes)")]
pub struct TooLarge {
    pub name: String,
    pub len: usize,
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// A ZIP archive holding `files` (name, bytes) uncompressed, each dated
/// `modified` at midnight (MS-DOS date; the engine never reads the clock).
pub fn store(files: &[(String, Vec<u8>)], modified: NaiveDate) -> Result<Vec<u8>, TooLarge> {
    let year = (modified.year() - 1980).clamp(0, 127) as u16;
    let dos_date = (year << 9) | ((modified.month() as u16) << 5) | modified.day() as u16;
    let total: usize = files.iter().map(|(name, bytes)| 76 + 2 * name.len() + bytes.len()).sum();
    let mut out = Vec::with_capacity(total + 22);
    let mut central = Vec::new();
    for (name, bytes) in files {
        let too_large = || TooLarge { name: name.clone(), len: bytes.len() };
        let size = u32::try_from(bytes.len()).map_err(|_| too_large())?;
        let offset = u32::try_from(out.len()).map_err(|_| too_large())?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_large())?;
        let crc = crc32(bytes);
        // Local file header.
        put32(&mut out, 0x0403_4b50);
        put16(&mut out, 20); // version needed: 2.0
        put16(&mut out, 0x0800); // flags: names are UTF-8
        put16(&mut out, 0); // method: stored
        put16(&mut out, 0); // time: midnight
        put16(&mut out, dos_date);
        put32(&mut out, crc);
        put32(&mut out, size);
        put32(&mut out, size);
        put16(&mut out, name_len);
        put16(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(bytes);
        // Central directory header.
        put32(&mut central, 0x0201_4b50);
        put16(&mut central, 20); // made by: 2.0
        put16(&mut central, 20);
        put16(&mut central, 0x0800);
        put16(&mut central, 0);
        put16(&mut central, 0);
        put16(&mut central, dos_date);
        put32(&mut central, crc);
        put32(&mut central, size);
        put32(&mut central, size);
        put16(&mut central, name_len);
        put16(&mut central, 0); // extra
        put16(&mut central, 0); // comment
        put16(&mut central, 0); // disk
        put16(&mut central, 0); // internal attributes
        put32(&mut central, 0); // external attributes
        put32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let too_large = || TooLarge { name: "the archive".into(), len: out.len() };
    let central_offset = u32::try_from(out.len()).map_err(|_| too_large())?;
    let central_len = u32::try_from(central.len()).map_err(|_| too_large())?;
    let count = u16::try_from(files.len()).map_err(|_| too_large())?;
    out.extend_from_slice(&central);
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, central_len);
    put32(&mut out, central_offset);
    put16(&mut out, 0); // comment length
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u16_at(bytes: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([bytes[at], bytes[at + 1]])
    }

    fn u32_at(bytes: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        // The "check" value of CRC-32/ISO-HDLC in the CRC RevEng catalogue.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    /// Read the archive back by its central directory, as unzip tools do.
    fn entries(archive: &[u8]) -> Vec<(String, Vec<u8>)> {
        let end = archive.len() - 22;
        assert_eq!(u32_at(archive, end), 0x0605_4b50, "end of central directory record");
        let count = u16_at(archive, end + 10) as usize;
        let mut at = u32_at(archive, end + 16) as usize;
        let mut out = Vec::new();
        for _ in 0..count {
            assert_eq!(u32_at(archive, at), 0x0201_4b50, "central directory header");
            let crc = u32_at(archive, at + 16);
            let size = u32_at(archive, at + 20) as usize;
            let name_len = u16_at(archive, at + 28) as usize;
            let local = u32_at(archive, at + 42) as usize;
            let name = String::from_utf8(archive[at + 46..at + 46 + name_len].to_vec()).unwrap();
            assert_eq!(u32_at(archive, local), 0x0403_4b50, "local header of {name}");
            let data_at = local + 30 + u16_at(archive, local + 26) as usize + u16_at(archive, local + 28) as usize;
            let data = archive[data_at..data_at + size].to_vec();
            assert_eq!(crc32(&data), crc, "checksum of {name}");
            out.push((name, data));
            at += 46 + name_len;
        }
        out
    }

    #[test]
    fn an_archive_reads_back_to_its_files() {
        let files = vec![
            ("skus.csv".to_owned(), b"sku_id,name\nA,Box\n".to_vec()),
            ("empty.csv".to_owned(), Vec::new()),
            ("données.csv".to_owned(), "é,ü\n".as_bytes().to_vec()),
        ];
        let date = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let archive = store(&files, date).unwrap();
        assert_eq!(entries(&archive), files);
        // 2026-11-30 as an MS-DOS date: (46 << 9) | (11 << 5) | 30.
        assert_eq!(u16_at(&archive, 12), (46 << 9) | (11 << 5) | 30);
    }
}
