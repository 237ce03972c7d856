//! Errors that stop a build. Each names the file (and line, when known)
//! and says what to do, because the person reading it is an editor with a
//! folder of articles, not a Rust programmer.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}; check that it exists and that you may read and write there", path.display())]
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

    /// A template that does not parse or render. `line` and `column` are
    /// known for syntax errors.
    #[error("templates/{name}{}: {message}", match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    })]
    Template {
        name: String,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },

    #[error("{}: {message}", path.display())]
    Output { path: PathBuf, message: String },

    #[error("{} broken link(s) in the rendered site; fix the template that makes them:\n  {}", links.len(), links.join("\n  "))]
    BrokenLinks { links: Vec<String> },
}

/// Exit status when the dossier itself has a problem (an article, the
/// settings, a template): fix the file the message names.
pub const EXIT_DOSSIER: u8 = 1;
/// Exit status when the command line is wrong (set by the argument parser).
pub const EXIT_USAGE: u8 = 2;
/// Exit status when reading or writing failed, or the output folder was
/// refused: the dossier is fine, the machine or the chosen folder is not.
pub const EXIT_IO: u8 = 3;

impl Error {
    /// Flattens a multi-line message from a parser into one line, so that
    /// every error is one line of `file:line: what; what to do`.
    pub(crate) fn one_line(message: &str) -> String {
        message
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The process exit status for this error; the README lists them.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Io { .. } | Error::Output { .. } => EXIT_IO,
            Error::Content { .. }
            | Error::File { .. }
            | Error::Template { .. }
            | Error::BrokenLinks { .. } => EXIT_DOSSIER,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
