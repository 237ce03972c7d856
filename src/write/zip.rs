//! The shareable zip: the whole site under one top folder, byte-identical
//! for the same input.
//!
//! Entries are written in sorted order with a fixed timestamp (the zip
//! format's earliest, 1980-01-01) and fixed permissions, so nothing about
//! the machine or the moment of the build gets into the archive. The file
//! is written beside its destination and renamed into place, so a failed
//! run never leaves half a zip where the last good one was.

use std::fs;
use std::io::{Cursor, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::check_relative;
use crate::error::{Error, Result};
use crate::model::OutputFile;

/// The zip's bytes: `files` under `top/`.
pub fn zip_bytes(top: &str, files: &[OutputFile]) -> Result<Vec<u8>> {
    check_relative(top)?;
    let mut sorted: Vec<&OutputFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let dirs = options.unix_permissions(0o755);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let err = |e: zip::result::ZipError| Error::Output {
        path: top.into(),
        message: format!("could not write the zip: {e}"),
    };
    zip.add_directory(format!("{top}/"), dirs).map_err(err)?;
    let mut made = std::collections::BTreeSet::new();
    for f in sorted {
        check_relative(&f.path)?;
        // Folders first, each once, so every unzip tool recreates them.
        let mut prefix = String::new();
        for part in f
            .path
            .split('/')
            .collect::<Vec<_>>()
            .split_last()
            .map_or(&[][..], |(_, d)| d)
        {
            prefix.push_str(part);
            prefix.push('/');
            if made.insert(prefix.clone()) {
                zip.add_directory(format!("{top}/{prefix}"), dirs)
                    .map_err(err)?;
            }
        }
        zip.start_file(format!("{top}/{}", f.path), options)
            .map_err(err)?;
        zip.write_all(&f.bytes).map_err(|e| Error::io(top, e))?;
    }
    Ok(zip.finish().map_err(err)?.into_inner())
}

/// Writes the zip to `path`, replacing it only once it is complete.
pub fn write_zip(path: &Path, top: &str, files: &[OutputFile]) -> Result<()> {
    let bytes = zip_bytes(top, files)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site.zip".into());
    let partial = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    fs::write(&partial, &bytes).map_err(|e| Error::io(&partial, e))?;
    fs::rename(&partial, path).map_err(|e| {
        let _ = fs::remove_file(&partial);
        Error::io(path, e)
    })
}
