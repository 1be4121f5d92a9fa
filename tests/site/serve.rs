//! `mieruka serve` as a browser and an editor see it: the real binary on a free port of
//! 127.0.0.1, spoken to in plain HTTP, its content edited underneath it.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::{self, sleep};
use std::time::{Duration, Instant};

use mieruka::{Overrides, check, error_report};

use super::fixture;

/// How long an edit may take to show in the preview.
const LIVE: Duration = Duration::from_secs(2);

/// A running `mieruka serve`, killed when dropped, also when a test fails.
struct Preview {
    child: Child,
    address: SocketAddr,
    /// What it printed to stdout and to stderr so far.
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    /// Its temporary folder, where its preview folder goes.
    _temp: tempfile::TempDir,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `mieruka serve --port 0` on `root` and waits, at most 30 s, for the address it prints.
fn start(root: &Path) -> Preview {
    let (mut preview, address) = spawn(root, 0);
    let printed = address
        .recv_timeout(Duration::from_secs(30))
        .expect("mieruka serve printed the address to open");
    preview.address = printed.parse().expect("a 127.0.0.1 address");
    assert!(preview.address.ip().is_loopback(), "{printed}");
    preview
}

/// Starts `mieruka serve`, collecting stderr; the receiver gets the address it prints.
fn spawn(root: &Path, port: u16) -> (Preview, mpsc::Receiver<String>) {
    let temp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mieruka"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(root)
        .env("TMPDIR", temp.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting mieruka serve");
    let (stdout, stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let preview = Preview {
        child,
        address: SocketAddr::from(([127, 0, 0, 1], port)),
        stdout: Arc::default(),
        stderr: Arc::default(),
        _temp: temp,
    };
    let (found, address) = mpsc::channel();
    let printed = Arc::clone(&preview.stdout);
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                let url = url.trim_start_matches("http://").trim_end_matches('/');
                let _ = found.send(url.to_owned());
            }
            let mut text = printed.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
    let collected = Arc::clone(&preview.stderr);
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let mut text = collected.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
    (preview, address)
}

/// One answer: status, head (status line and headers) and body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Preview {
    /// Sends `GET path` exactly as given (no client-side normalising of `..`).
    fn get(&self, path: &str) -> Answer {
        self.get_with(path, &format!("Host: {}\r\n", self.address))
    }

    /// Sends `GET path` with `headers` (each ending in CRLF) and reads the whole answer.
    fn get_with(&self, path: &str, headers: &str) -> Answer {
        let mut stream = TcpStream::connect_timeout(&self.address, Duration::from_secs(5)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Answer {
            status,
            head: head.to_owned(),
            body: body.to_owned(),
        }
    }

    /// Asks for `path` until `ready`, for at most `limit`: the last answer and when it came.
    fn poll(
        &self,
        path: &str,
        limit: Duration,
        ready: impl Fn(&Answer) -> bool,
    ) -> (Answer, Duration) {
        let started = Instant::now();
        loop {
            let answer = self.get(path);
            if ready(&answer) || started.elapsed() > limit {
                return (answer, started.elapsed());
            }
            sleep(Duration::from_millis(25));
        }
    }

    /// Waits, at most `limit`, until the terminal shows `text`.
    fn printed(&self, text: &str, limit: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.stderr.lock().unwrap().contains(text) {
                return true;
            }
            sleep(Duration::from_millis(25));
        }
        false
    }
}

/// Replaces `from` with `to` in a content file, as an editor saves: write aside, then rename.
fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds {from}", path.display());
    let aside = path.with_extension("yaml.saving");
    fs::write(&aside, text.replacen(from, to, 1)).unwrap();
    fs::rename(&aside, path).unwrap();
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A site folder in `root` with the basic fixture's content.
fn basic_site(root: &Path) {
    let copy = |from: &Path, to: &Path| {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap().map(Result::unwrap) {
            if entry.file_type().unwrap().is_file() {
                fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    };
    let basic = fixture("basic").join("content");
    copy(&basic, &root.join("content"));
    copy(&basic.join("town"), &root.join("content/town"));
}

#[test]
fn preview_follows_edits_shows_problems_and_keeps_the_last_good_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    basic_site(root);
    let year = root.join("content/town/2022.yaml");
    let page = "/town/kpi/hires/";
    let preview = start(root);

    let first = preview.get(page);
    assert_eq!(first.status, 200, "{}", first.head);
    assert!(first.body.contains("25.0") && !first.body.contains("31.25"));
    assert!(
        first.body.contains("/__livereload"),
        "pages reload themselves"
    );
    assert!(
        !first
            .head
            .to_ascii_lowercase()
            .contains("access-control-allow-origin")
    );

    // An open page hears of the rebuild.
    let mut events = events(&preview, "");
    edit(&year, "actual: 25.0", "actual: 31.25");
    let (answer, took) = preview.poll(page, LIVE, |a| a.body.contains("31.25"));
    assert!(
        answer.body.contains("31.25"),
        "the new figure within {LIVE:?}, not after {took:?}"
    );
    let mut heard = Vec::new();
    let started = Instant::now();
    while !String::from_utf8_lossy(&heard).contains("data: reload") && started.elapsed() < LIVE {
        let mut chunk = [0; 256];
        match events.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => heard.extend_from_slice(&chunk[..n]),
        }
    }
    assert!(
        String::from_utf8_lossy(&heard).contains("data: reload"),
        "{heard:?}"
    );

    // Broken: the page names file, line and field, escaped, as the terminal and `build` do.
    edit(&year, "actual: 31.25", "actual: \"<b>31\"");
    let report = error_report(&check(root, &Overrides::default()).expect_err("broken content"));
    assert!(
        report.contains("content/town/2022.yaml:4:5: kpis.hires.actual: `<b>31`"),
        "{report}"
    );
    let (broken, _) = preview.poll(page, LIVE, |a| a.status == 500);
    assert_eq!(broken.status, 500, "{}", broken.body);
    assert!(broken.body.contains(&escape(&report)), "{}", broken.body);
    assert!(!broken.body.contains("<b>31"), "unescaped");
    assert!(
        preview.printed(&report, LIVE),
        "{}",
        preview.stderr.lock().unwrap()
    );
    // The last good site stays reachable, with its styles.
    let last_good = preview.get("/__last-good/town/kpi/hires/");
    assert_eq!(last_good.status, 200);
    assert!(last_good.body.contains("31.25"));
    assert!(
        broken
            .body
            .contains("href=\"/__last-good/town/kpi/hires/index.html\"")
    );
    assert_eq!(preview.get("/assets/style.css").status, 200);

    // Broken YAML itself, not just a value: named by file and line all the same.
    edit(&year, "actual: \"<b>31\"\n", "actual: 32.75\n   oops: 1\n");
    let report = error_report(&check(root, &Overrides::default()).expect_err("broken YAML"));
    assert!(
        report.contains("content/town/2022.yaml:5:4: did not find expected key"),
        "{report}"
    );
    let (broken, _) = preview.poll(page, LIVE, |a| a.body.contains(&escape(&report)));
    assert!(broken.body.contains(&escape(&report)), "{}", broken.body);
    assert!(preview.printed(&report, LIVE));

    edit(&year, "   oops: 1\n", "");
    let (fixed, took) = preview.poll(page, LIVE, |a| a.status == 200);
    assert!(
        fixed.body.contains("32.75"),
        "back within {LIVE:?}, not after {took:?}"
    );
}

/// The livereload stream a page opens, asked for with `query`.
fn events(preview: &Preview, query: &str) -> TcpStream {
    let mut events = TcpStream::connect(preview.address).unwrap();
    events.set_read_timeout(Some(LIVE)).unwrap();
    write!(
        events,
        "GET /__livereload{query} HTTP/1.1\r\nHost: {}\r\n\r\n",
        preview.address
    )
    .unwrap();
    events
}

/// What the livereload stream of the page at `page`, served by build `since`, says first:
/// `data: reload` or `: waiting`.
fn heard(preview: &Preview, since: u64, page: &str) -> String {
    let mut events = events(preview, &format!("?since={since}&page={page}"));
    let mut heard = Vec::new();
    let mut chunk = [0; 256];
    while let Ok(n @ 1..) = events.read(&mut chunk) {
        heard.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&heard);
        if let Some(said) = ["data: reload", ": waiting"]
            .iter()
            .find(|s| text.contains(*s))
        {
            return said.to_string();
        }
    }
    String::from_utf8_lossy(&heard).into_owned()
}

#[test]
fn an_edited_city_is_shown_first_and_each_open_page_reloads_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    basic_site(root);
    let preview = start(root);
    edit(
        &root.join("content/town/2022.yaml"),
        "actual: 25.0",
        "actual: 31.25",
    );
    // The city alone, then the site: two builds, as the terminal says.
    let settled = || {
        let printed = preview.stdout.lock().unwrap().clone();
        let shown = printed.rfind("showing the edit of town (");
        shown.is_some_and(|at| printed[at..].contains("\nrebuilt "))
    };
    let started = Instant::now();
    while !settled() && started.elapsed() < LIVE {
        sleep(Duration::from_millis(25));
    }
    assert!(settled(), "{}", preview.stdout.lock().unwrap());
    let page = preview.get("/town/kpi/hires/");
    assert!(page.body.contains("31.25"));
    let since = |body: &str| -> u64 {
        let at = body.find("?since=").unwrap() + "?since=".len();
        body[at..].split('&').next().unwrap().parse().unwrap()
    };
    let built = since(&page.body);
    // A page of the city served from the first step is what the build made: it stays; any
    // other page reloads after the build, and a page of the city served before the edit
    // reloads after the first step.
    assert_eq!(heard(&preview, built - 1, "town/kpi/hires"), ": waiting");
    assert_eq!(heard(&preview, built - 1, ""), "data: reload");
    assert_eq!(heard(&preview, built - 2, "town/kpi/hires"), "data: reload");
}

#[test]
fn preview_refuses_every_path_outside_the_site() {
    let preview = start(&fixture("basic"));
    // The server is up and serves the site…
    assert_eq!(preview.get("/town/").status, 200);
    assert_eq!(preview.get("/assets/style.css").status, 200);
    let folder = preview.get("/town");
    assert_eq!(folder.status, 302);
    assert!(
        folder.head.contains("Location: /town/\r\n") || folder.head.ends_with("Location: /town/")
    );
    // …and nothing outside it, however the way out is spelled.
    for path in [
        "/../Cargo.toml",
        "/../../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/Cargo.toml",
        "/..%2fCargo.toml",
        "/..%2FCargo.toml",
        "/%2e%2e%2fCargo.toml",
        "/.%2e/Cargo.toml",
        "/..\\Cargo.toml",
        "/..%5cCargo.toml",
        "/%2e%2e%5cCargo.toml",
        "/town/../../Cargo.toml",
        "/town/%2e%2e/%2e%2e/Cargo.toml",
        "/__last-good/../Cargo.toml",
        "/__last-good/..%2f..%2fcontent/site.yaml",
        "/content/site.yaml",
    ] {
        let answer = preview.get(path);
        assert_eq!(answer.status, 404, "{path}");
        assert!(!answer.body.contains("title:"), "{path}");
    }
}

#[test]
fn preview_says_clearly_when_its_port_is_taken() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let (mut preview, _) = spawn(&fixture("basic"), port);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = preview.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "serve kept running"
        );
        sleep(Duration::from_millis(25));
    };
    assert!(!status.success());
    let message = format!("port {port} is already in use");
    assert!(
        preview.printed(&message, LIVE),
        "{}",
        preview.stderr.lock().unwrap()
    );
}

#[test]
fn preview_answers_only_its_own_address() {
    let preview = start(&fixture("basic"));
    let port = preview.address.port();
    assert_eq!(preview.get("/town/").status, 200);
    let localhost = format!("Host: localhost:{port}\r\n");
    assert_eq!(preview.get_with("/town/", &localhost).status, 200);
    // DNS rebinding: another site's name pointed at 127.0.0.1 sends that name.
    for headers in [
        format!("Host: attacker.example:{port}\r\n"),
        "Host: 127.0.0.1\r\n".to_string(),
        String::new(),
        // A page on another origin opening the reload stream.
        format!("Host: 127.0.0.1:{port}\r\nOrigin: http://attacker.example\r\n"),
    ] {
        let answer = preview.get_with("/__livereload?since=0", &headers);
        assert_eq!(answer.status, 403, "{headers:?}");
        assert_eq!(
            preview.get_with("/town/", &headers).status,
            403,
            "{headers:?}"
        );
    }
    let own = format!("Host: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n");
    assert_eq!(preview.get_with("/town/", &own).status, 200);
}

#[test]
fn preview_recovers_when_content_is_deleted_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    super::copy_tree(&fixture("basic"), &root);
    let backup = dir.path().join("backup");
    super::copy_tree(&root.join("content"), &backup);
    let preview = start(&root);
    assert_eq!(preview.get("/town/").status, 200);

    fs::remove_dir_all(root.join("content")).unwrap();
    let (gone, _) = preview.poll("/town/", LIVE, |a| a.status == 500);
    assert!(gone.body.contains("no content folder"), "{}", gone.body);

    // The backup put back, then edited: both show without a restart.
    super::copy_tree(&backup, &root.join("content"));
    let (back, _) = preview.poll("/town/", LIVE, |a| a.status == 200);
    assert_eq!(back.status, 200, "{}", back.body);
    edit(&root.join("content/site.yaml"), "試験サイト", "復元サイト");
    let (edited, _) = preview.poll("/town/", LIVE, |a| a.body.contains("復元サイト"));
    assert!(
        edited.body.contains("復元サイト"),
        "an edit after the restore shows"
    );
}
