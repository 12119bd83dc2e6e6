//! Writing output files safely: atomically, and never over a file tmforge did not write.
//!
//! A file is written to a temporary file in the same folder, synced, and renamed over the target,
//! so a crash or a `kill -9` leaves either the old file or the new one, never a truncated one. A
//! file that exists and does not carry tmforge's mark is left alone unless the user passes
//! `--force`: it may be someone's hand-made memory.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Marks that tmforge puts near the start of every file it writes.
const MARKS: [&str; 2] = [
    "creationtool=\"tmforge\"",
    "<meta name=\"generator\" content=\"tmforge\">",
];

/// Whether `path` holds a file that tmforge wrote (it carries one of tmforge's marks near its
/// start).
pub fn written_by_tmforge(path: &Path) -> bool {
    let mut head = Vec::new();
    match File::open(path) {
        Ok(f) => {
            if f.take(4096).read_to_end(&mut head).is_err() {
                return false;
            }
        }
        Err(_) => return false,
    }
    let head = String::from_utf8_lossy(&head);
    MARKS.iter().any(|m| head.contains(m))
}

/// Refuses to go on when `path` exists, was not written by tmforge and `force` is off.
pub fn check_overwrite(path: &Path, force: bool) -> Result<()> {
    if path.is_dir() {
        return Err(Error::file(path, "is a folder; cannot write a file there"));
    }
    if path.exists() && !force && !written_by_tmforge(path) {
        return Err(Error::file(
            path,
            "exists and was not written by tmforge; it is left untouched (pass --force to replace it, \
             or choose another output)",
        ));
    }
    Ok(())
}

/// A file being written: content goes to a temporary file beside the target until
/// [`PendingFile::commit`] renames it into place. Dropping it without committing deletes the
/// temporary file and leaves the target as it was.
pub struct PendingFile {
    temp: BufWriter<tempfile::NamedTempFile>,
    path: std::path::PathBuf,
}

impl PendingFile {
    /// Starts writing `path` (after [`check_overwrite`]); creates the folder if needed.
    pub fn create(path: &Path, force: bool) -> Result<PendingFile> {
        check_overwrite(path, force)?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(dir, "creating the output folder", e))?;
        let temp = tempfile::Builder::new()
            .prefix(".tmforge-")
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, "creating a temporary file in the output folder", e))?;
        Ok(PendingFile {
            temp: BufWriter::with_capacity(1 << 16, temp),
            path: path.to_path_buf(),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let temp = self
            .temp
            .into_inner()
            .map_err(|e| Error::io(&path, "writing", e.into_error()))?;
        temp.as_file()
            .sync_all()
            .map_err(|e| Error::io(&path, "syncing", e))?;
        temp.persist(&path)
            .map_err(|e| Error::io(&path, "renaming the finished file into place", e.error))?;
        Ok(())
    }
}

impl Write for PendingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.temp.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.temp.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_file_is_not_overwritten_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.tmx");
        std::fs::write(&path, "<tmx creationtool=\"Trados\"/>").unwrap();
        let err = PendingFile::create(&path, false).err().unwrap().to_string();
        assert!(err.contains("--force"), "{err}");
        let mut f = PendingFile::create(&path, true).unwrap();
        f.write_all(b"<x creationtool=\"tmforge\"/>").unwrap();
        f.commit().unwrap();
        assert!(written_by_tmforge(&path));
        // Now it is ours: no --force needed.
        PendingFile::create(&path, false).unwrap();
    }

    #[test]
    fn an_uncommitted_file_leaves_the_old_one_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.tmx");
        std::fs::write(&path, "creationtool=\"tmforge\" old").unwrap();
        {
            let mut f = PendingFile::create(&path, false).unwrap();
            f.write_all(b"half").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "creationtool=\"tmforge\" old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
