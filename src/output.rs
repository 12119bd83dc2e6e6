//! Writing output files safely: atomically, and never over a file tmforge did not write.
//!
//! A file is written to a temporary file in the same folder, synced, and renamed over the target,
//! so a crash or a `kill -9` leaves either the old file or the new one, never a truncated one. A
//! file that exists and does not carry tmforge's mark is left alone unless the user passes
//! `--force`: it may be someone's hand-made memory.
//!
//! A target that exists and is not a regular file (`/dev/null`, a named pipe, a terminal) is
//! written in place, as a shell's `>` would: renaming a finished file over it would replace the
//! device or pipe with a regular file, and there is no content in it to lose.
//!
//! The finished file gets the mode any new file gets (0666 less the umask), or keeps the mode of
//! the file it replaces, rather than the owner-only mode of a temporary file: memories are shared,
//! by colleagues in one folder and by a cluster's merge job that reads shards written under
//! another account. Owner and group are not carried over (only root could set them).

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Marks that tmforge puts near the start of every file it writes.
const MARKS: [&str; 2] = [
    "creationtool=\"tmforge\"",
    "<meta name=\"generator\" content=\"tmforge\">",
];

/// The mode that open(2) is asked for when a new file is created, before the umask: what a
/// shell's `>`, `touch` and `std::fs::File::create` ask for, so that a new memory is as readable as
/// any other file its user writes (0644 under the usual umask 022).
#[cfg(unix)]
const NEW_FILE_MODE: u32 = 0o666;

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

/// Whether `path` exists and is a device, a named pipe or a socket: written in place, never
/// replaced.
fn is_stream(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Refuses to go on when `path` exists, was not written by tmforge and `force` is off.
pub fn check_overwrite(path: &Path, force: bool) -> Result<()> {
    if path.is_dir() {
        return Err(Error::file(path, "is a folder; cannot write a file there"));
    }
    if path.exists() && !force && !is_stream(path) && !written_by_tmforge(path) {
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
/// temporary file and leaves the target as it was. A device or pipe is written in place.
pub struct PendingFile {
    sink: Sink,
    path: std::path::PathBuf,
}

enum Sink {
    Temp(BufWriter<tempfile::NamedTempFile>),
    Stream(BufWriter<File>),
}

impl PendingFile {
    /// Starts writing `path` (after [`check_overwrite`]); creates the folder if needed.
    pub fn create(path: &Path, force: bool) -> Result<PendingFile> {
        check_overwrite(path, force)?;
        if is_stream(path) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::io(path, "opening for writing", e))?;
            return Ok(PendingFile {
                sink: Sink::Stream(BufWriter::with_capacity(1 << 16, file)),
                path: path.to_path_buf(),
            });
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(dir, "creating the output folder", e))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".tmforge-").suffix(".part");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Asked of open(2), so the kernel takes the umask off as for any new file.
            builder.permissions(std::fs::Permissions::from_mode(NEW_FILE_MODE));
        }
        let temp = builder
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, "creating a temporary file in the output folder", e))?;
        #[cfg(unix)]
        if let Ok(existing) = std::fs::metadata(path) {
            // A file being replaced keeps the mode its owner gave it (fchmod, no umask).
            temp.as_file()
                .set_permissions(existing.permissions())
                .map_err(|e| Error::io(path, "giving the new file the old one's mode", e))?;
        }
        Ok(PendingFile {
            sink: Sink::Temp(BufWriter::with_capacity(1 << 16, temp)),
            path: path.to_path_buf(),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes, syncs and renames the file into place (flushes only, for a device or pipe).
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let temp = match self.sink {
            Sink::Stream(mut stream) => {
                return stream.flush().map_err(|e| Error::io(&path, "writing", e));
            }
            Sink::Temp(temp) => temp,
        };
        let temp = temp
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
        match &mut self.sink {
            Sink::Temp(w) => w.write(buf),
            Sink::Stream(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::Temp(w) => w.flush(),
            Sink::Stream(w) => w.flush(),
        }
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

    /// The permission bits of `path` (without the file-type bits).
    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_mode_of_any_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.tmx");
        let mut f = PendingFile::create(&path, false).unwrap();
        f.write_all(b"<x creationtool=\"tmforge\"/>").unwrap();
        f.commit().unwrap();
        // What the umask leaves of 0666, as for a file any program creates.
        let plain = dir.path().join("plain.txt");
        File::create(&plain).unwrap();
        assert_eq!(mode(&path), mode(&plain));
        // The umask is read without changing it (the tests run on many threads).
        if let Some(umask) = std::fs::read_to_string("/proc/self/status")
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
        {
            let umask = u32::from_str_radix(umask.trim(), 8).unwrap();
            assert_eq!(mode(&path), 0o666 & !umask);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        for old_mode in [0o604, 0o660, 0o600] {
            let path = dir.path().join(format!("{old_mode:o}.tmx"));
            std::fs::write(&path, "creationtool=\"tmforge\" old").unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(old_mode)).unwrap();
            let mut f = PendingFile::create(&path, false).unwrap();
            f.write_all(b"creationtool=\"tmforge\" new").unwrap();
            f.commit().unwrap();
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                "creationtool=\"tmforge\" new"
            );
            assert_eq!(mode(&path), old_mode, "{}", path.display());
        }
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

    #[cfg(unix)]
    fn kind(path: &Path) -> std::fs::FileType {
        std::fs::metadata(path).unwrap().file_type()
    }

    #[cfg(unix)]
    #[test]
    fn dev_null_is_written_in_place_without_force() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        let mut f = PendingFile::create(null, false).expect("/dev/null takes output");
        f.write_all(b"creationtool=\"tmforge\"").unwrap();
        f.commit().unwrap();
        assert!(kind(null).is_char_device(), "/dev/null was replaced");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_gets_the_content_and_stays_a_pipe() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out.fifo");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo reads nothing else.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        let mut f = PendingFile::create(&fifo, false).unwrap();
        f.write_all(b"[0]:[0]:1.00\n").unwrap();
        f.commit().unwrap();
        assert_eq!(reader.join().unwrap(), "[0]:[0]:1.00\n");
        assert!(kind(&fifo).is_fifo());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
