//! Stage 4: put the rendered files on disk without ever leaving a broken
//! site behind.
//!
//! The site is written into a staging folder beside the output folder and
//! swapped in with two renames only once every file is written. A build
//! that fails before this stage never touches the output; one that fails
//! here leaves the previous output in place.

mod zip;

pub use self::zip::{write_zip, zip_bytes};

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::model::OutputFile;

/// Checks that an output path is relative, `/`-separated and made of plain
/// names, so that no file can be written outside the output folder.
pub fn check_relative(path: &str) -> Result<()> {
    let bad = |why: &str| {
        Err(Error::Output {
            path: PathBuf::from(path),
            message: format!("refusing to write: {why}"),
        })
    };
    if path.is_empty() || path.starts_with('/') || path.contains('\\') || path.contains('\0') {
        return bad("not a relative path");
    }
    for part in path.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return bad("path leaves the output folder");
        }
    }
    if Path::new(path)
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return bad("path leaves the output folder");
    }
    Ok(())
}

/// Refuses output folders whose replacement would destroy something that
/// is not a build: the dossier itself, its content, `/`, the home folder.
pub fn check_output_dir(output: &Path, root: &Path) -> Result<()> {
    let absolute = |p: &Path| -> PathBuf {
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // `a/../b` is `b`, whether or not `a` exists.
        let mut p = PathBuf::new();
        for c in joined.components() {
            match c {
                Component::ParentDir => {
                    p.pop();
                }
                Component::CurDir => {}
                c => p.push(c),
            }
        }
        // Resolve what exists, so that `a/../b` and links compare truly.
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut resolved = existing
            .canonicalize()
            .unwrap_or_else(|_| existing.to_path_buf());
        for name in rest.into_iter().rev() {
            resolved.push(name);
        }
        resolved
    };
    let out = absolute(output);
    let root = absolute(root);
    let home = std::env::var_os("HOME").map(|h| absolute(Path::new(&h)));
    let refuse = |why: &str| {
        Err(Error::Output {
            path: output.to_path_buf(),
            message: format!("refusing to use this as the output folder: {why}; choose an empty or build-only folder with --output"),
        })
    };
    if out.parent().is_none() {
        return refuse("it is the file system root");
    }
    if Some(&out) == home.as_ref() {
        return refuse("it is the home folder");
    }
    if root.starts_with(&out) {
        return refuse("it contains the dossier");
    }
    for protected in ["content", "templates"] {
        if out.starts_with(root.join(protected)) {
            return refuse(&format!("it is inside the dossier's {protected}/ folder"));
        }
    }
    if out == root.join("dossier.toml") {
        return refuse("it is the dossier's settings file");
    }
    Ok(())
}

/// Refuses a zip path that would replace part of the dossier or a folder.
pub fn check_zip_path(path: &Path, root: &Path) -> Result<()> {
    let refuse = |why: &str| {
        Err(Error::Output {
            path: path.to_path_buf(),
            message: format!(
                "refusing to write the zip here: {why}; choose another path with --output"
            ),
        })
    };
    if path.is_dir() {
        return refuse("it is a folder");
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.map_or_else(|| Path::new(".").canonicalize(), Path::canonicalize);
    let (Ok(dir), Ok(root)) = (dir, root.canonicalize()) else {
        return Ok(());
    };
    let target = dir.join(path.file_name().unwrap_or_default());
    for protected in ["content", "templates"] {
        if target.starts_with(root.join(protected)) {
            return refuse(&format!("it is inside the dossier's {protected}/ folder"));
        }
    }
    if target == root.join(crate::config::CONFIG_FILE) {
        return refuse("it is the dossier's settings file");
    }
    Ok(())
}

/// Writes `files` as the complete contents of `output`, replacing what was
/// there only once everything is written.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<()> {
    for f in files {
        check_relative(&f.path)?;
    }
    let staging = Staging::new(output)?;
    use rayon::prelude::*;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.finish()
}

/// A site being written: files go into a staging folder beside the output
/// as soon as they are rendered (a large site is never held in memory
/// whole), and [`Staging::finish`] puts the folder in place of the output.
/// Dropped without `finish` (an error, a panic), the staging folder is
/// removed and the output is left as it was.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    old: PathBuf,
    /// Folders already made, so that each is made once.
    folders: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    finished: bool,
}

impl Staging {
    /// Tidies up after killed builds and makes an empty staging folder.
    pub fn new(output: &Path) -> Result<Staging> {
        if output.exists() && !output.is_dir() {
            return Err(Error::Output {
                path: output.to_path_buf(),
                message: "exists and is not a folder; remove it or choose another --output".into(),
            });
        }
        let (parent, name) = parent_and_name(output);
        fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.staging-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        recover(output);
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            staging,
            old,
            folders: Default::default(),
            finished: false,
        })
    }

    /// Writes one file into the staging folder; safe to call from many
    /// threads at once.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        check_relative(&file.path)?;
        let path = self.staging.join(&file.path);
        if let Some(dir) = path.parent() {
            // Made while holding the lock, so no thread writes into a
            // folder another has only promised to make.
            let mut made = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(dir) {
                fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                made.insert(dir.to_path_buf());
            }
        }
        fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))
    }

    /// Puts the complete staging folder in place of the output.
    pub fn finish(mut self) -> Result<()> {
        self.finished = true;
        let result = swap(&self.staging, &self.output, &self.old);
        if result.is_err() {
            let _ = fs::remove_dir_all(&self.staging);
        }
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// What an output folder holds, as far as this process wrote it: each
/// file's path and a 128-bit digest of its bytes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written(std::collections::HashMap<String, u128>);

impl Written {
    /// Whether `output` still holds every file (as [`Update::keep`] asks
    /// of one).
    pub fn present_in(&self, output: &Path) -> bool {
        let listing = Listing::default();
        output.is_dir()
            && self
                .0
                .keys()
                .all(|p| check_relative(p).is_ok() && listing.holds(output, p))
    }
}

/// The names of the plain files in the folders of an output, each folder
/// listed once, when a file in it is first asked about: one listing of a
/// folder of 5,000 pages costs less than looking each page up by its path
/// (about 15 ms of processor time in a rebuild at 5,000 articles).
#[derive(Debug, Default)]
struct Listing(Mutex<HashMap<String, HashSet<String>>>);

impl Listing {
    /// Whether `output` holds a plain file at `path` (relative, checked
    /// by the caller).
    fn holds(&self, output: &Path, path: &str) -> bool {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        let mut folders = self.0.lock().unwrap_or_else(|e| e.into_inner());
        // Looked up before inserting: every page of a rebuild asks, and
        // copying the folder's name for each was most of the asking.
        if let Some(files) = folders.get(folder) {
            return files.contains(name);
        }
        let files = plain_files(&output.join(folder));
        let holds = files.contains(name);
        folders.insert(folder.to_string(), files);
        holds
    }
}

/// The names of the plain files in `folder` (none when it cannot be read).
fn plain_files(folder: &Path) -> HashSet<String> {
    let Ok(entries) = fs::read_dir(folder) else {
        return HashSet::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect()
}

/// Brings an output folder that holds exactly `previous` to a new set of
/// files, writing only the files whose bytes changed and deleting the
/// files no longer made: what `dossier serve` does after an edit, where
/// rewriting thousands of unchanged pages would cost more than the build.
/// Each file is replaced by a rename, so a reader never sees half of one.
/// Unlike [`write_site`], the site as a whole is not swapped in one step;
/// the server reloads pages only once [`Update::finish`] returns.
pub struct Update {
    output: PathBuf,
    previous: Written,
    now: std::sync::Mutex<Written>,
    changed: std::sync::atomic::AtomicUsize,
    /// What the output held when this update began.
    listing: Listing,
}

impl Update {
    pub fn new(output: &Path, previous: Written) -> Update {
        Update {
            output: output.to_path_buf(),
            previous,
            now: Default::default(),
            changed: Default::default(),
            listing: Listing::default(),
        }
    }

    /// Writes one file if its bytes differ from what the output holds.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        check_relative(&file.path)?;
        let d = crate::digest::of_bytes(&file.bytes);
        let path = self.output.join(&file.path);
        if self.previous.0.get(&file.path) != Some(&d) || !path.exists() {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let temp = path.with_file_name(format!(".{name}.dossier-{}", std::process::id()));
            fs::write(&temp, &file.bytes).map_err(|e| Error::io(&temp, e))?;
            fs::rename(&temp, &path).map_err(|e| {
                let _ = fs::remove_file(&temp);
                Error::io(&path, e)
            })?;
            self.changed
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        self.now
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .insert(file.path.clone(), d);
        Ok(())
    }

    /// Keeps the file at `path` as the last build wrote it, if the output
    /// still holds it: for a page a rebuild did not render again because
    /// its inputs are unchanged. False when it must be rendered.
    pub fn keep(&self, path: &str) -> bool {
        let Some(&d) = self.previous.0.get(path) else {
            return false;
        };
        if check_relative(path).is_err() || !self.listing.holds(&self.output, path) {
            return false;
        }
        self.now
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .insert(path.to_string(), d);
        true
    }

    /// Deletes the files the new build no longer makes (and folders left
    /// empty); returns what the output now holds and how many files were
    /// written or deleted.
    pub fn finish(self) -> Result<(Written, usize)> {
        let now = self.now.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut changed = self.changed.into_inner();
        let mut gone: Vec<&String> = self
            .previous
            .0
            .keys()
            .filter(|p| !now.0.contains_key(*p))
            .collect();
        gone.sort();
        for p in gone {
            check_relative(p)?;
            let path = self.output.join(p);
            match fs::remove_file(&path) {
                Ok(()) => changed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&path, e)),
            }
            // Only empty folders go; anything else stays.
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.output) {
                if fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        // Thousands of paths, freed while the build goes on.
        crate::drop_elsewhere((self.previous, self.listing));
        Ok((now, changed))
    }
}

/// What an output holds after a full write of files with these digests
/// (from [`file_digest`]), so that the next build can be an [`Update`].
pub fn written_of(files: &[(String, u128)]) -> Written {
    Written(files.iter().cloned().collect())
}

/// The digest [`Update`] compares files by.
pub fn file_digest(file: &OutputFile) -> (String, u128) {
    (file.path.clone(), crate::digest::of_bytes(&file.bytes))
}

/// Tidies up after builds that were killed, before anything else can
/// fail: see `clean_leftovers`. Called at the start of every build.
pub fn recover(output: &Path) {
    let (parent, name) = parent_and_name(output);
    clean_leftovers(&parent, output, &name);
}

/// The folder the output folder is in, where the staging and old folders
/// go beside it, and the output folder's name.
fn parent_and_name(output: &Path) -> (PathBuf, String) {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}

/// Tidies up after builds that were killed: if one died between taking
/// the old output away and putting the new one in place (possible only
/// where folders cannot be exchanged in one step), the old output is put
/// back; then staging and old folders of processes that are gone are
/// removed. Folders of a build still running (another `dossier` writing
/// the same output) are left alone.
fn clean_leftovers(parent: &Path, output: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let staging = format!(".{name}.staging-");
    let old = format!(".{name}.old-");
    let mut leftovers: Vec<(PathBuf, bool)> = Vec::new();
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let (is_old, pid) = if let Some(pid) = n.strip_prefix(&old) {
            (true, pid)
        } else if let Some(pid) = n.strip_prefix(&staging) {
            (false, pid)
        } else {
            continue;
        };
        if pid.parse::<u32>().is_ok_and(process_is_running) {
            continue;
        }
        leftovers.push((e.path(), is_old));
    }
    leftovers.sort();
    if !output.exists() {
        if let Some((path, _)) = leftovers.iter().find(|(_, is_old)| *is_old) {
            let _ = fs::rename(path, output);
        }
    }
    for (path, _) in leftovers {
        if path.exists() {
            let _ = fs::remove_dir_all(path);
        }
    }
}

/// Whether a process with this id is running (another build); where that
/// cannot be told, a build is assumed to be running unless it is this one.
fn process_is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Puts the complete staging folder in place of the output. Where the
/// system can exchange two folders in one step (Linux), it does, so the
/// output is at every instant either the whole old site or the whole new
/// one, even if the process is killed. Elsewhere it takes two renames,
/// and `clean_leftovers` repairs a build killed between them.
fn swap(staging: &Path, output: &Path, old: &Path) -> Result<()> {
    let had_output = output.exists();
    if had_output {
        match exchange(staging, output) {
            Ok(true) => {
                // `staging` now holds the previous site.
                return fs::remove_dir_all(staging).map_err(|e| Error::io(staging, e));
            }
            Ok(false) => {}
            Err(e) => return Err(Error::io(output, e)),
        }
        fs::rename(output, old).map_err(|e| Error::io(output, e))?;
    }
    if let Err(e) = fs::rename(staging, output) {
        if had_output {
            let _ = fs::rename(old, output);
        }
        return Err(Error::io(output, e));
    }
    if had_output {
        fs::remove_dir_all(old).map_err(|e| Error::io(old, e))?;
    }
    Ok(())
}

/// Exchanges two paths atomically; `Ok(false)` when the system or file
/// system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let cstr = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (cstr(a)?, cstr(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_only() {
        assert!(check_relative("articles/a.html").is_ok());
        for bad in [
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "",
            "a\\b",
            "./a",
        ] {
            assert!(check_relative(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dangerous_output_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(&root.join("public"), root).is_ok());
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(&root.join("content"), root).is_err());
        assert!(check_output_dir(&root.join("content/x"), root).is_err());
        assert!(check_output_dir(Path::new("/"), root).is_err());
        assert!(check_output_dir(&root.join("public/../content"), root).is_err());
    }
}
