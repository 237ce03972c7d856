//! A small Chrome DevTools Protocol client for the end-to-end tests.
//!
//! It starts Debian's headless Chromium with a fresh profile, talks to it
//! over its DevTools websocket, and collects console errors, uncaught
//! exceptions and failed loads while pages run. A hand-written client
//! (one websocket, a handful of commands) keeps the tests independent of
//! driver versions and of async runtimes.
//!
//! Without Chromium the browser tests are skipped with a message, unless
//! `DOSSIER_REQUIRE_BROWSER` is set (CI sets it), in which case they fail.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

const CANDIDATES: [&str; 3] = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
];

pub struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    session: String,
    /// Console errors, exceptions and failed loads seen so far.
    pub errors: Vec<String>,
    _profile: tempfile::TempDir,
}

/// The Chromium binary, or `None` (after saying why) when the test should
/// be skipped.
pub fn chromium() -> Option<&'static str> {
    if let Some(found) = CANDIDATES.iter().find(|p| Path::new(p).exists()) {
        return Some(found);
    }
    if std::env::var_os("DOSSIER_REQUIRE_BROWSER").is_some() {
        panic!("Chromium is required (DOSSIER_REQUIRE_BROWSER is set) but not installed: apt-get install -y chromium");
    }
    eprintln!("SKIPPED: browser test needs Chromium (apt-get install -y chromium)");
    None
}

impl Browser {
    /// Starts Chromium, or returns `None` when it is not installed.
    pub fn launch() -> Option<Browser> {
        let binary = chromium()?;
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--window-size=1280,900",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID"
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent {
                    if let Some(i) = line.find("ws://") {
                        let _ = tx.send(line[i..].trim().to_string());
                        sent = true;
                    }
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("chromium printed its DevTools address");
        let (ws, _) = tungstenite::connect(url.as_str()).expect("connect to DevTools");
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        }
        let mut b = Browser {
            child,
            ws,
            next_id: 0,
            session: String::new(),
            errors: Vec::new(),
            _profile: profile,
        };
        let target = b.call_browser("Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().unwrap().to_string();
        let attached = b.call_browser(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        b.session = attached["sessionId"].as_str().unwrap().to_string();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            b.call(domain, json!({}));
        }
        Some(b)
    }

    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.try_send(session, method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    /// A command; its error, if DevTools answers with one.
    fn try_send(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws
            .send(Message::Text(msg.to_string().into()))
            .expect("send to DevTools");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            assert!(Instant::now() < deadline, "no answer to {method}");
            let msg = self.ws.read().expect("read from DevTools");
            let Message::Text(text) = msg else { continue };
            let v: Value = serde_json::from_str(text.as_str()).unwrap();
            if v["id"].as_u64() == Some(id) {
                if let Some(e) = v.get("error") {
                    return Err(e.clone());
                }
                return Ok(v["result"].clone());
            }
            self.note_event(&v);
        }
    }

    fn call_browser(&mut self, method: &str, params: Value) -> Value {
        self.send(None, method, params)
    }

    /// A command to the page.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(Some(&session), method, params)
    }

    fn note_event(&mut self, v: &Value) {
        let params = &v["params"];
        match v["method"].as_str() {
            Some("Runtime.consoleAPICalled") if params["type"] == "error" => {
                let args: Vec<String> = params["args"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|a| {
                        a["value"]
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| a["description"].to_string())
                    })
                    .collect();
                self.errors
                    .push(format!("console.error: {}", args.join(" ")));
            }
            Some("Runtime.exceptionThrown") => {
                self.errors.push(format!(
                    "exception: {}",
                    params["exceptionDetails"]["exception"]["description"]
                ));
            }
            Some("Log.entryAdded") if params["entry"]["level"] == "error" => {
                self.errors.push(format!(
                    "log: {} {}",
                    params["entry"]["text"], params["entry"]["url"]
                ));
            }
            _ => {}
        }
    }

    /// Evaluates a JavaScript expression in the page and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("{expression} threw: {e}");
        }
        r["result"]["value"].clone()
    }

    /// Waits until `expression` is true, polling; false after `seconds`.
    pub fn wait_for(&mut self, expression: &str, seconds: u64) -> bool {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while Instant::now() < deadline {
            let session = self.session.clone();
            // While a page is being replaced, DevTools answers "Inspected
            // target navigated or closed": not yet, ask again.
            let r = self.try_send(
                Some(&session),
                "Runtime.evaluate",
                json!({"expression": format!("!!({expression})"), "returnByValue": true}),
            );
            if r.is_ok_and(|r| r["result"]["value"] == json!(true)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }

    /// Opens `url` and waits until it has loaded.
    pub fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        let target = serde_json::to_string(url).unwrap();
        assert!(
            self.wait_for(
                &format!("document.readyState === 'complete' && decodeURI(location.href).split('#')[0] === decodeURI({target}).split('#')[0]"),
                30
            ),
            "{url} did not load"
        );
    }

    /// Clicks the first element matching `selector` and waits for the next
    /// page to load.
    pub fn click_and_wait(&mut self, selector: &str) -> String {
        let sel = serde_json::to_string(selector).unwrap();
        let href = self.eval(&format!("document.querySelector({sel}).href"));
        let href = href
            .as_str()
            .unwrap_or_else(|| panic!("no link {selector}"))
            .to_string();
        self.eval(&format!("document.querySelector({sel}).click()"));
        let target = serde_json::to_string(&href).unwrap();
        assert!(
            self.wait_for(
                &format!("document.readyState === 'complete' && decodeURI(location.href) === decodeURI({target})"),
                30
            ),
            "clicking {selector} did not reach {href}"
        );
        href
    }

    /// Renders pages in the light or dark colour scheme at `width` CSS
    /// pixels (a phone below 600).
    pub fn emulate(&mut self, scheme: &str, width: u32) {
        self.call(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
    }

    /// Presses a key the way a keyboard does (`"Tab"`, `"Enter"`), with
    /// `shift` held or not.
    pub fn press(&mut self, key: &str, shift: bool) {
        let code = match key {
            "Tab" => 9,
            "Enter" => 13,
            _ => 0,
        };
        let text = if key == "Enter" { "\r" } else { "" };
        for kind in ["keyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code,
                       "text": if kind == "keyDown" { text } else { "" },
                       "modifiers": if shift { 8 } else { 0 }}),
            );
        }
    }

    /// Saves a PNG of the page.
    pub fn screenshot(&mut self, path: &Path) {
        let r = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let data = r["data"].as_str().unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, base64_decode(data)).unwrap();
    }

    /// Lets pending events (console messages, failed loads) arrive. A
    /// page being replaced (a reload) answers "navigated": the wait is
    /// made again on the page that replaces it.
    pub fn settle(&mut self) {
        let session = self.session.clone();
        for _ in 0..50 {
            let waited = self.try_send(
                Some(&session),
                "Runtime.evaluate",
                json!({"expression": "new Promise(r => setTimeout(r, 200))", "awaitPromise": true}),
            );
            if waited.is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the page kept navigating");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            _ => 63,
        }
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=' && c != b'\n').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c) << (18 - 6 * i);
        }
        out.push((n >> 16) as u8);
        if chunk.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(n as u8);
        }
    }
    out
}
