//! `dossier serve`: build, serve the output on 127.0.0.1 (or the
//! `--interface` asked for), rebuild when the dossier changes, and reload
//! the open pages.
//!
//! Pages learn about rebuilds from a server-sent event stream
//! (`/__dossier/events`), through a small script the server adds to every
//! HTML page it sends; the files on disk never contain it. A failed build
//! leaves the last good site in place (the writer only swaps complete
//! builds) and is shown in the page as an overlay with the file and line.
//! Only files under the output folder are served: the request path is
//! decoded, rebuilt from plain segments, and the resolved file must still
//! lie under the output folder, so `..`, `%2e%2e`, absolute paths and
//! symlinks that lead outside are refused.
//!
//! A fixed pool of threads answers requests, so a flood of requests
//! cannot make the server grow; only the long-lived event streams get a
//! thread each, up to a cap.

use std::collections::HashMap;
use std::io::Read;
use std::net::IpAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode};
use tiny_http::{Header, Request, Response, Server};

use crate::error::{Error, Result};
use crate::Rebuilder;

/// What `dossier serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    /// The address to listen on; loopback unless the user asks otherwise.
    pub interface: IpAddr,
    pub port: u16,
    pub open: bool,
}

/// The state pages follow: a build counter, the last build's error, and
/// whether a build is under way (a large dossier takes seconds to
/// rebuild, and pages say so at once).
#[derive(Debug, Default)]
struct BuildState {
    version: u64,
    error: Option<String>,
    building: bool,
    /// Counts every change of the above, so event streams wake for each.
    changes: u64,
}

type Shared = Arc<(Mutex<BuildState>, Condvar)>;

const RELOAD_JS: &str = include_str!("reload.js");
const EVENTS: &str = "/__dossier/events";
const SCRIPT: &str = "/__dossier/reload.js";
/// Threads answering ordinary requests.
const WORKERS: usize = 8;
/// Open event streams (one per open page) at most.
const MAX_STREAMS: usize = 64;
/// Longer request targets are refused; no page of a site is near it.
const MAX_URL: usize = 2048;
/// The pages' policy, sent with every response so that it also covers
/// files that are not HTML.
const CSP: &str = crate::render::CONTENT_SECURITY_POLICY;

/// Builds, serves and watches until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<()> {
    crate::write::check_output_dir(&options.output, &options.root)?;
    let state: Shared = Arc::new((Mutex::new(BuildState::default()), Condvar::new()));
    let builder = Arc::new(Mutex::new(Rebuilder::new(&options.root, &options.output)));
    // Watching starts before the first build reads anything, so that an
    // edit made while it runs is built next.
    let watching = Watching::start(options);
    rebuild(&builder, options, &state, None);
    let (server, port) = bind(options.interface, options.port)?;
    if port != options.port {
        println!("port {} is busy; using {port} instead", options.port);
    }
    let host = match options.interface {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{port}/");
    println!(
        "serving {} at {url} (watching content/, templates/ and dossier.toml; Ctrl+C stops)",
        options.output.display()
    );
    if !options.interface.is_loopback() {
        println!(
            "note: listening on {host}, not on loopback: other machines on the network can read the site"
        );
    }
    if options.open {
        open_browser(&url);
    }
    let watcher_state = Arc::clone(&state);
    let watch_options = options.clone();
    if let Some(watching) = watching {
        std::thread::spawn(move || watching.run(&builder, &watch_options, &watcher_state));
    }
    let server = Arc::new(server);
    let streams = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let server = Arc::clone(&server);
            let state = Arc::clone(&state);
            let streams = Arc::clone(&streams);
            let output = options.output.clone();
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    respond(request, &output, &state, &streams);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    Ok(())
}

/// The first free port from `port` on.
fn bind(interface: IpAddr, port: u16) -> Result<(Server, u16)> {
    let mut last = None;
    for p in port..port.saturating_add(50) {
        match listen(std::net::SocketAddr::new(interface, p)) {
            Ok(listener) => match Server::from_listener(listener, None) {
                Ok(s) => return Ok((s, p)),
                Err(e) => last = Some(e.to_string()),
            },
            Err(e) => last = Some(e.to_string()),
        }
    }
    Err(Error::Output {
        path: PathBuf::from(format!("{interface}:{port}")),
        message: format!(
            "no free port from {port} to {}: {}; choose another with --port",
            port.saturating_add(49),
            last.unwrap_or_default()
        ),
    })
}

/// A listening socket whose connections send small writes at once. The
/// HTTP server writes a response's head and body separately; with Nagle's
/// algorithm the body then waits for the browser's delayed
/// acknowledgement, 40 ms on every request of a kept-alive connection.
/// Accepted sockets inherit the option from the listener.
fn listen(addr: std::net::SocketAddr) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.set_nodelay(true)?;
    socket.bind(&addr.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

/// Builds once and tells the pages; `changed` names the files that
/// changed since the last build, when the watcher knows them. A panic in
/// the analysis is reported like any other failed build instead of ending
/// the server.
fn rebuild(
    builder: &Mutex<Rebuilder>,
    options: &ServeOptions,
    state: &Shared,
    changed: Option<&[PathBuf]>,
) {
    build_started(state);
    let result = std::panic::catch_unwind(|| {
        let mut builder = builder.lock().unwrap_or_else(|e| e.into_inner());
        match changed {
            Some(changed) => builder.build_after(changed),
            None => builder.build(),
        }
    })
    .unwrap_or_else(|_| {
        Err(Error::Output {
            path: options.root.clone(),
            message: "the build panicked; this is a bug in dossier".into(),
        })
    });
    build_finished(state, result);
}

/// Tells the pages a build has started.
fn build_started(state: &Shared) {
    let (lock, changed) = &**state;
    let mut s = lock.lock().unwrap_or_else(|e| e.into_inner());
    s.building = true;
    s.changes += 1;
    changed.notify_all();
}

/// Tells the pages a build has ended (and the terminal how it went).
fn build_finished(state: &Shared, result: crate::Result<crate::Report>) {
    let (lock, changed) = &**state;
    let mut s = lock.lock().unwrap_or_else(|e| e.into_inner());
    s.version += 1;
    s.building = false;
    s.changes += 1;
    match result {
        Ok(report) => {
            print!("{}", crate::warnings_text(&report.warnings));
            println!(
                "rebuilt: {} articles, {} files, {} written ({:.0} ms)",
                report.articles,
                report.files,
                report.changed,
                report.elapsed.as_secs_f64() * 1000.0
            );
            s.error = None;
        }
        Err(e) => {
            println!("error: {e} (still serving the last good build)");
            s.error = Some(e.to_string());
        }
    }
    changed.notify_all();
}

/// Whether a changed path is one of the dossier's inputs.
fn is_input(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.starts_with("content") || rel.starts_with("templates") || rel == Path::new("dossier.toml")
}

/// How long the watcher waits for a burst of file events to end before
/// it builds: an editor's save (a temporary file written, then renamed)
/// takes a few milliseconds, and every millisecond of waiting is added
/// to the time before the browser reloads.
const SETTLE: Duration = Duration::from_millis(50);

/// A file watcher on the dossier's inputs, and what it last saw of each.
struct Watching {
    root: PathBuf,
    events: mpsc::Receiver<notify_debouncer_mini::DebounceEventResult>,
    // Kept alive for as long as events are wanted.
    _debouncer: notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
    /// Every input path's type, size and modification time when last seen.
    seen: HashMap<PathBuf, Stamp>,
}

impl Watching {
    fn start(options: &ServeOptions) -> Option<Watching> {
        let (tx, rx) = mpsc::channel();
        let mut debouncer = match new_debouncer(SETTLE, tx) {
            Ok(d) => d,
            Err(e) => {
                println!("error: cannot watch for changes: {e}");
                return None;
            }
        };
        let root = options
            .root
            .canonicalize()
            .unwrap_or_else(|_| options.root.clone());
        for (dir, mode) in [
            (root.join("content"), RecursiveMode::Recursive),
            (root.join("templates"), RecursiveMode::Recursive),
            (root.clone(), RecursiveMode::NonRecursive),
        ] {
            if dir.exists() {
                if let Err(e) = debouncer.watcher().watch(&dir, mode) {
                    println!("warning: cannot watch {}: {e}", dir.display());
                }
            }
        }
        let seen = fingerprint(&root);
        Some(Watching {
            root,
            events: rx,
            _debouncer: debouncer,
            seen,
        })
    }

    /// Builds again each time an input changes, telling the build which.
    /// Watchers also report files being read (the build reads every
    /// input), so a path counts as changed only when its type, size or
    /// modification time did; when the watcher lost track (an error), the
    /// build looks at every file itself.
    fn run(mut self, builder: &Mutex<Rebuilder>, options: &ServeOptions, state: &Shared) {
        while let Ok(events) = self.events.recv() {
            let Ok(events) = events else {
                self.seen = fingerprint(&self.root);
                rebuild(builder, options, state, None);
                continue;
            };
            let paths: std::collections::BTreeSet<&Path> = events
                .iter()
                .map(|e| e.path.as_path())
                .filter(|p| is_input(&self.root, p))
                .collect();
            let mut changed = Vec::new();
            for path in paths {
                let now = stamp_of(path);
                // (A file made and deleted at once was never there.)
                if self.seen.get(path).copied().flatten() != now {
                    self.seen.insert(path.to_path_buf(), now);
                    changed.push(path.to_path_buf());
                }
            }
            if !changed.is_empty() {
                rebuild(builder, options, state, Some(&changed));
            }
        }
    }
}

/// A path's type, size and modification time; `None` when it is gone.
type Stamp = Option<(bool, u64, Option<std::time::SystemTime>)>;

fn stamp_of(path: &Path) -> Stamp {
    std::fs::symlink_metadata(path)
        .ok()
        .map(|m| (m.is_dir(), m.len(), m.modified().ok()))
}

/// Every input path (files and folders) with its stamp.
fn fingerprint(root: &Path) -> HashMap<PathBuf, Stamp> {
    let mut out = HashMap::new();
    for dir in [root.join("content"), root.join("templates")] {
        for entry in walkdir::WalkDir::new(&dir).into_iter().flatten() {
            out.insert(entry.path().to_path_buf(), stamp_of(entry.path()));
        }
    }
    let toml = root.join("dossier.toml");
    out.insert(toml.clone(), stamp_of(&toml));
    out
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn respond(request: Request, output: &Path, state: &Shared, streams: &Arc<AtomicUsize>) {
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        let _ = request.respond(plain(405, "only GET and HEAD"));
        return;
    }
    if request.url().len() > MAX_URL {
        let _ = request.respond(plain(414, "request path too long"));
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let _ = match path {
        EVENTS => {
            // An event stream lasts as long as its page: it gets its own
            // thread, and there are only so many.
            if streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
                streams.fetch_sub(1, Ordering::SeqCst);
                request.respond(plain(503, "too many open pages"))
            } else {
                let state = Arc::clone(state);
                let streams = Arc::clone(streams);
                std::thread::spawn(move || {
                    let _ = request.respond(Response::new(
                        200.into(),
                        vec![
                            header("Content-Type", "text/event-stream"),
                            header("Cache-Control", "no-cache"),
                        ],
                        EventStream::new(state),
                        None,
                        None,
                    ));
                    streams.fetch_sub(1, Ordering::SeqCst);
                });
                Ok(())
            }
        }
        SCRIPT => request
            .respond(secured(Response::from_string(RELOAD_JS).with_header(
                header("Content-Type", "text/javascript; charset=utf-8"),
            ))),
        _ => match resolve(output, path) {
            Ok(file) => send_file(request, &file),
            Err(status) => not_found(request, output, status),
        },
    };
}

/// A short plain-text answer.
fn plain(status: u16, text: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    secured(
        Response::from_string(text)
            .with_status_code(status)
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
    )
}

/// Adds the headers every answer carries: the site's Content-Security-
/// Policy, and no guessing of content types.
fn secured<R: Read>(response: Response<R>) -> Response<R> {
    response
        .with_header(header("Content-Security-Policy", CSP))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
}

/// The file a request path names, or the status to answer with.
fn resolve(output: &Path, path: &str) -> std::result::Result<PathBuf, u16> {
    let decoded = percent_decode(path).ok_or(400u16)?;
    let mut rel = PathBuf::new();
    for part in decoded.split('/') {
        if part.is_empty() {
            continue;
        }
        if part == "." || part == ".." || part.contains(['\\', '\0', ':']) {
            return Err(403);
        }
        rel.push(part);
    }
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(403);
    }
    let base = output.canonicalize().map_err(|_| 404u16)?;
    let mut file = base.join(&rel);
    if decoded.ends_with('/') || decoded.is_empty() || file.is_dir() {
        file = file.join("index.html");
    }
    let real = file.canonicalize().map_err(|_| 404u16)?;
    // A symlink inside the output may point anywhere: refuse what leaves it.
    if !real.starts_with(&base) {
        return Err(403);
    }
    if !real.is_file() {
        return Err(404);
    }
    Ok(real)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// HTML gets the reload script; nothing else is changed.
fn with_reload_script(html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT}\"></script>\n");
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn send_file(request: Request, file: &Path) -> std::io::Result<()> {
    let Ok(mut bytes) = std::fs::read(file) else {
        return request.respond(plain(404, "not found"));
    };
    let kind = content_type(file);
    if kind.starts_with("text/html") {
        bytes = with_reload_script(bytes);
    }
    request.respond(secured(
        Response::from_data(bytes)
            .with_header(header("Content-Type", kind))
            .with_header(header("Cache-Control", "no-store")),
    ))
}

fn not_found(request: Request, output: &Path, status: u16) -> std::io::Result<()> {
    let page = (status == 404)
        .then(|| std::fs::read(output.join("404.html")).ok())
        .flatten();
    match page {
        Some(html) => request.respond(secured(
            Response::from_data(with_reload_script(html))
                .with_status_code(404)
                .with_header(header("Content-Type", "text/html; charset=utf-8")),
        )),
        None => request.respond(plain(
            status,
            match status {
                403 => "forbidden",
                400 => "bad request",
                _ => "not found",
            },
        )),
    }
}

/// The body of `/__dossier/events`: one `state` event now, one when a
/// build starts and one when it ends, each `{"version": N, "error": "…" |
/// null, "building": bool}` (`version` counts finished builds); a comment every
/// 15 seconds so that closed pages are noticed. Each is followed by 8 KiB
/// of comment, because the server only sends whole chunks of that size.
struct EventStream {
    state: Shared,
    seen: Option<u64>,
    pending: Vec<u8>,
}

impl EventStream {
    fn new(state: Shared) -> EventStream {
        EventStream {
            state,
            seen: None,
            pending: Vec::new(),
        }
    }
}

impl Read for EventStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            let (lock, changed) = &*self.state;
            let mut s = lock.lock().unwrap_or_else(|e| e.into_inner());
            if self.seen == Some(s.changes) {
                let (next, timeout) = changed
                    .wait_timeout_while(s, Duration::from_secs(15), |s| {
                        Some(s.changes) == self.seen
                    })
                    .unwrap_or_else(|e| e.into_inner());
                s = next;
                if timeout.timed_out() {
                    self.pending = b": keep-alive\n\n".to_vec();
                }
            }
            if self.pending.is_empty() {
                self.seen = Some(s.changes);
                let data = serde_json::json!({
                    "version": s.version,
                    "error": s.error,
                    "building": s.building,
                });
                self.pending = format!("event: state\ndata: {data}\n\n").into_bytes();
            }
            // The HTTP server sends a body in 8 KiB chunks: a comment of
            // that size pushes each event out at once.
            self.pending.extend_from_slice(b":");
            self.pending.extend(std::iter::repeat_n(b' ', 8192));
            self.pending.extend_from_slice(b"\n");
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program).arg(url).spawn() {
        println!("could not open a browser ({program}: {e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_cannot_leave_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("articles")).unwrap();
        std::fs::write(out.join("index.html"), "<body></body>").unwrap();
        std::fs::write(out.join("articles/a.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        assert!(resolve(&out, "/").unwrap().ends_with("index.html"));
        assert!(resolve(&out, "/articles/a.html").is_ok());
        assert!(resolve(&out, "/articles/%61.html").is_ok());
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/articles/%2E%2E/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "//etc/passwd",
        ] {
            assert!(resolve(&out, bad).is_err(), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&out, "/link.txt"), Err(403));
        }
    }

    /// The next `state` event of a stream, as JSON.
    fn next_state(stream: &mut EventStream) -> serde_json::Value {
        let mut text = String::new();
        let mut buf = [0u8; 512];
        loop {
            let n = stream.read(&mut buf).unwrap();
            text.push_str(&String::from_utf8_lossy(&buf[..n]));
            if let Some(at) = text.find("data: ") {
                if let Some(end) = text[at..].find('\n') {
                    return serde_json::from_str(&text[at + 6..at + end]).unwrap();
                }
            }
        }
    }

    /// A page hears when a build starts (to show "Rebuilding…") and when
    /// it ends, with the new version or the error.
    #[test]
    fn pages_hear_when_a_build_starts_and_ends() {
        let state: Shared = Arc::new((Mutex::new(BuildState::default()), Condvar::new()));
        let mut stream = EventStream::new(Arc::clone(&state));
        let now = next_state(&mut stream);
        assert_eq!(now["version"], 0);
        assert_eq!(now["building"], false);

        build_started(&state);
        let started = next_state(&mut stream);
        assert_eq!(started["building"], true);
        assert_eq!(started["version"], 0);

        build_finished(
            &state,
            Err(crate::Error::Output {
                path: "content/a.md".into(),
                message: "broken".into(),
            }),
        );
        let failed = next_state(&mut stream);
        assert_eq!(failed["building"], false);
        assert_eq!(failed["version"], 1);
        assert!(failed["error"].as_str().unwrap().contains("broken"));

        // A stream opened during a build hears that it is under way.
        build_started(&state);
        let mut late = EventStream::new(Arc::clone(&state));
        assert_eq!(next_state(&mut late)["building"], true);
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_body() {
        let html = with_reload_script(b"<html><body><p>x</p></body></html>".to_vec());
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("<p>x</p><script src=\"/__dossier/reload.js\"></script>\n</body>"));
    }
}
