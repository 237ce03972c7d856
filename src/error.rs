//! Errors that stop a build. Each names the file (and line, when known)
//! and says what to do, because the person reading it is an editor with a
//! folder of articles, not a Rust programmer.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{file}:{line}: {message}")]
    Content {
        /// Path relative to the dossier root (e.g. `content/a.md`).
        file: String,
        line: usize,
        message: String,
    },

    #[error("{file}: {message}")]
    File { file: String, message: String },

    #[error("template {name}: {message}")]
    Template { name: String, message: String },

    #[error("{}: {message}", path.display())]
    Output { path: PathBuf, message: String },
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
