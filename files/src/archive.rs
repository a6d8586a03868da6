//! ZIP archives of CSV files (the `zip` crate, the one the Excel crates
//! bring): "every table" as one download, and such an archive read back.
//!
//! The export deflates its entries (CSV shrinks to a fifth or less). The
//! reader takes stored and deflated entries alike, so the app's own archive
//! imports back as it is, and so does one unpacked and zipped again by
//! Windows' "Send to compressed folder" or macOS' "Compress" (which adds
//! `__MACOSX/` resource forks and may add `.DS_Store`: both are skipped).

use std::io::{Cursor, Read, Write};

use chrono::{Datelike, NaiveDate};
use engine::io::ImportFile;
use engine::Problem;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// An archive holding `files` (name, bytes), deflated, each dated `modified`
/// at midnight (the files module never reads the clock).
pub fn write_zip(files: &[(String, Vec<u8>)], modified: NaiveDate) -> Result<Vec<u8>, String> {
    let year = modified.year().clamp(1980, 2107) as u16;
    let date = zip::DateTime::from_date_and_time(year, modified.month() as u8, modified.day() as u8, 0, 0, 0)
        .map_err(|error| error.to_string())?;
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).last_modified_time(date);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        writer.start_file(name.as_str(), options).map_err(|error| error.to_string())?;
        writer.write_all(bytes).map_err(|error| error.to_string())?;
    }
    Ok(writer.finish().map_err(|error| error.to_string())?.into_inner())
}

/// The CSV files inside the archive `bytes` (named `archive` in problems),
/// each named `<archive>/<path inside>` and marked `replace` as the archive
/// was; or why the archive cannot be read. Folders and the resource forks
/// macOS adds are skipped; any other entry that is not a `.csv` is refused.
pub fn read_zip(archive: &str, bytes: &[u8], replace: bool) -> Result<Vec<ImportFile>, Vec<Problem>> {
    let refuse = |reason: String| vec![Problem::in_file(archive, reason)];
    let mut zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| refuse(format!("this is not a ZIP archive Stockpilot can read: {error}")))?;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for idx in 0..zip.len() {
        let mut entry =
            zip.by_index(idx).map_err(|error| refuse(format!("entry {} cannot be read: {error}", idx + 1)))?;
        let name = entry.name().to_owned();
        let base = name.rsplit('/').next().unwrap_or(&name);
        if entry.is_dir() || name.starts_with("__MACOSX/") || base.starts_with("._") || base == ".DS_Store" {
            continue;
        }
        if !base.to_ascii_lowercase().ends_with(".csv") {
            problems.push(Problem::in_file(
                format!("{archive}/{name}"),
                "not a CSV file: an archive to import holds only CSV tables (skus.csv, offers.csv…)",
            ));
            continue;
        }
        let mut content = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut content).map_err(|error| refuse(format!("{name} cannot be unpacked: {error}")))?;
        files.push(ImportFile { name: format!("{archive}/{name}"), bytes: content, replace });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if files.is_empty() {
        return Err(refuse("the archive holds no CSV file".into()));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_reads_back_to_its_files() {
        let files = vec![
            ("skus.csv".to_owned(), b"sku_id,name\nA,Box\n".to_vec()),
            ("empty.csv".to_owned(), Vec::new()),
            ("données.csv".to_owned(), "é,ü\n".as_bytes().to_vec()),
        ];
        let date = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let archive = write_zip(&files, date).unwrap();
        let read = read_zip("t.zip", &archive, true).unwrap();
        let expected: Vec<ImportFile> = files
            .iter()
            .map(|(name, bytes)| ImportFile { name: format!("t.zip/{name}"), bytes: bytes.clone(), replace: true })
            .collect();
        assert_eq!(read, expected);
        // The local header's MS-DOS date at byte 12: (2026 - 1980) << 9 | 11 << 5 | 30.
        assert_eq!(u16::from_le_bytes([archive[12], archive[13]]), (46 << 9) | (11 << 5) | 30);
    }

    #[test]
    fn macos_resource_forks_are_skipped_and_other_files_refused() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let zipped = write_zip(
            &[
                ("tables/skus.csv".to_owned(), b"sku_id,name\n".to_vec()),
                ("__MACOSX/tables/._skus.csv".to_owned(), vec![0, 5, 22, 7]),
                ("tables/.DS_Store".to_owned(), vec![0; 8]),
            ],
            date,
        )
        .unwrap();
        let read = read_zip("t.zip", &zipped, false).unwrap();
        assert_eq!(read.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["t.zip/tables/skus.csv"]);

        let with_readme = write_zip(&[("readme.txt".to_owned(), b"hi".to_vec())], date).unwrap();
        let problems = read_zip("t.zip", &with_readme, false).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].file, "t.zip/readme.txt");
        assert!(read_zip("t.zip", b"not a zip", false).is_err());
    }
}
