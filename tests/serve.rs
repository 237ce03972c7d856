//! `dossier serve` under hostile requests: it listens on loopback only,
//! answers traversal attempts without a byte from outside the output, and
//! keeps serving the last good site while the content is broken and
//! fixed again. (The load test is `bench/serve-load.sh`, not a test.)

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::Served;

const SECRET: &str = "TOP-SECRET-MARKER";

fn address(url: &str) -> String {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}

/// Opens a connection and sends one request for `target`, exactly as
/// given (no client normalises it).
fn send(addr: &str, method: &str, target: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    stream
}

/// The status and the whole response of a GET.
fn raw_get(addr: &str, target: &str) -> (u16, String) {
    let mut response = Vec::new();
    let _ = send(addr, "GET", target).read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

/// The first state event of the reload stream: (version, error).
fn build_state(addr: &str) -> (u64, Option<String>) {
    let stream = send(addr, "GET", "/__dossier/events");
    for line in BufReader::new(stream).lines() {
        let line = line.unwrap();
        if let Some(data) = line.strip_prefix("data: ") {
            let v: serde_json::Value = serde_json::from_str(data).unwrap();
            return (
                v["version"].as_u64().unwrap(),
                v["error"].as_str().map(str::to_string),
            );
        }
    }
    panic!("no state event");
}

/// Waits, on one event stream as a page does, for a state event that
/// `done` accepts: (version, error). (A new stream per look would hold
/// one of the server's stream slots each until its next event, and a
/// slow machine would run out of them.)
fn wait_until(addr: &str, what: &str, mut done: impl FnMut(u64, Option<&str>) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let stream = send(addr, "GET", "/__dossier/events");
    // Longer than the server's 15 s between keep-alive comments.
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    for line in BufReader::new(stream).lines() {
        let Ok(line) = line else { break };
        if let Some(data) = line.strip_prefix("data: ") {
            let v: serde_json::Value = serde_json::from_str(data).unwrap();
            if done(v["version"].as_u64().unwrap(), v["error"].as_str()) {
                return;
            }
        }
        if Instant::now() > deadline {
            break;
        }
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn server_confines_requests_and_survives_broken_content() {
    let dir = common::copy_dossier(&common::fixture("own/mine"));
    let root = dir.path();
    std::fs::write(root.join("secret.txt"), SECRET).unwrap();
    let server = Served::start(root);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "not on loopback: {}",
        server.url
    );
    let addr = address(&server.url);
    let port: u16 = addr.rsplit(':').next().unwrap().parse().unwrap();

    // Loopback only: the machine's other address does not answer.
    let probe = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    if probe.connect("10.255.255.255:9").is_ok() {
        let ip = probe.local_addr().unwrap().ip();
        if !ip.is_loopback() && !ip.is_unspecified() {
            assert!(
                TcpStream::connect_timeout(&(ip, port).into(), Duration::from_secs(2)).is_err(),
                "the server answers on {ip}"
            );
        }
    }

    let (status, page) = raw_get(&addr, "/index.html");
    assert_eq!(status, 200);
    assert!(page.contains("Content-Security-Policy: default-src 'none'"));
    assert!(page.contains("X-Content-Type-Options: nosniff"));

    // A link inside the output that leads out of it.
    std::os::unix::fs::symlink(root.join("secret.txt"), root.join("public/leak.txt")).unwrap();
    let long = format!("/{}", "a/".repeat(3000));
    let attempts: Vec<(&str, &[u16])> = vec![
        ("/../secret.txt", &[403]),
        ("/../../../../etc/passwd", &[403]),
        ("/articles/../../secret.txt", &[403]),
        ("/%2e%2e/secret.txt", &[403]),
        ("/%2E%2E%2Fsecret.txt", &[403]),
        ("/.%2e/secret.txt", &[403]),
        ("/articles/..%2f..%2fsecret.txt", &[403]),
        ("/..%5csecret.txt", &[403]),
        ("/..\\secret.txt", &[403]),
        ("/%c0%ae%c0%ae/secret.txt", &[400]),
        ("/%2e%2e%00/secret.txt", &[403]),
        ("/%", &[400]),
        ("//etc/passwd", &[404]),
        ("/etc/passwd", &[404]),
        ("http://example.com/../secret.txt", &[400, 403, 404]),
        ("/leak.txt", &[403]),
        (long.as_str(), &[414]),
    ];
    for (target, statuses) in attempts {
        let (status, response) = raw_get(&addr, target);
        let shown = &target[..target.len().min(60)];
        assert!(
            statuses.contains(&status),
            "{shown}: status {status}, expected {statuses:?}"
        );
        assert!(!response.contains(SECRET), "{shown} leaked the secret");
        assert!(
            !response.contains("root:x:0:0"),
            "{shown} leaked /etc/passwd"
        );
    }
    // Only GET and HEAD.
    let mut r = String::new();
    let _ = send(&addr, "DELETE", "/index.html").read_to_string(&mut r);
    assert!(r.starts_with("HTTP/1.1 405"), "{r}");
    assert!(root.join("public/index.html").is_file());

    // Broken content: the server stays up and keeps the last good site.
    let (version, error) = build_state(&addr);
    assert_eq!(error, None);
    let (_, good_index) = raw_get(&addr, "/index.html");
    let broken = root.join("content/zz_broken.md");
    std::fs::write(&broken, "---\ntitle: [unclosed\n").unwrap();
    wait_until(&addr, "the failed build", |_, error| error.is_some());
    let (_, error) = build_state(&addr);
    assert!(
        error
            .as_deref()
            .unwrap()
            .starts_with("content/zz_broken.md:1:"),
        "{error:?}"
    );
    let (status, index) = raw_get(&addr, "/index.html");
    assert_eq!(status, 200);
    assert_eq!(
        index.split_once("\r\n\r\n").map(|x| x.1),
        good_index.split_once("\r\n\r\n").map(|x| x.1),
        "the last good site changed"
    );

    // Fixed: the next build is served.
    std::fs::write(
        &broken,
        "---\ntitle: Rescue teams reach the lower gallery\n---\n\nRescue teams reached the lower gallery on Friday.\n",
    )
    .unwrap();
    wait_until(&addr, "the fixed build", |v, error| {
        error.is_none() && v > version
    });
    let (status, index) = raw_get(&addr, "/index.html");
    assert_eq!(status, 200);
    assert!(index.contains("Rescue teams reach the lower gallery"));
}

#[test]
fn serve_listens_where_it_is_told() {
    let dir = common::copy_dossier(&common::fixture("own/mine"));
    let server = Served::start_with(dir.path(), &["--interface", "127.0.0.2"]);
    assert!(
        server.url.starts_with("http://127.0.0.2:"),
        "{}",
        server.url
    );
    let (status, _) = raw_get(&address(&server.url), "/index.html");
    assert_eq!(status, 200);
}
