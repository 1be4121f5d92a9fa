//! `serve`: a live preview while staff edit.
//!
//! The site is built into a preview folder of its own (never into output/; in the system's
//! temporary folder, one per site folder, kept between previews) and served on 127.0.0.1 only.
//! A change under `content/` (site.yaml included) or `themes/` builds it again, incrementally:
//! only the cities whose files changed are read and rendered again (see [`crate::manifest`]), so
//! a preview of every government in the country holds no more memory than a build.
//!
//! An edit to a city's files is shown before that build, also while an earlier build is still
//! running: the city alone is read and checked ([`CityPages`]), and each of its pages is
//! rendered when it is asked for, kept in memory and served from there until a build has it in
//! the folder, so the page being edited is back within milliseconds at any size of site. Open
//! pages reload through server-sent events on `/__livereload`, each only when a build changed
//! it: the city's pages after that first step, the others after the build.
//! When an edit breaks the site, pages show the problems exactly as `build` prints them, and the
//! last site that built (the folder, which a failed build leaves as it was) stays reachable
//! under `/__last-good/`.

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{ErrorKind, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use tiny_http::{Header, Method, Request, Response, Server};

use crate::output::in_folders;
use crate::{BuildOptions, CityPages, EditedCities, Overrides, build_keeping, error_report};

/// The port `mieruka serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8000;

/// The path open pages listen on for "rebuilt: reload".
const LIVERELOAD: &str = "__livereload";
/// The prefix under which the last site that built stays reachable.
const LAST_GOOD: &str = "__last-good";
/// How long file events must pause before a rebuild: one save is several events, a few
/// milliseconds apart.
const QUIET: Duration = Duration::from_millis(20);
/// The pause after a file is closed from writing or renamed into place: the save is complete,
/// only the other files of the same change (a checkout, a script) may still come.
const QUIET_AFTER_SAVE: Duration = Duration::from_millis(2);
/// How many builds the preview remembers the changes of, for pages that are open.
const HISTORY: usize = 64;
/// How often an idle livereload stream is written to, which ends it once its page is closed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Serves a live preview of the site in `root` on 127.0.0.1:`port` (0: any free port) until
/// the process is stopped.
pub fn serve(root: &Path, port: u16) -> Result<()> {
    let listener = bind(port)?;
    let shared = Arc::new(Shared {
        preview: Mutex::new(Preview {
            generation: 0,
            site: Arc::new(preview_folder(root)?),
            built: false,
            problems: None,
            edited: Vec::new(),
            history: Arc::default(),
        }),
        built: Condvar::new(),
        pages: Mutex::default(),
    });
    // Watch first, so that an edit made during the first build is not missed.
    let (watcher, changes) = watch(root)?;
    rebuild(root, &shared, &[]);
    // Edits are followed and shown on one thread, the site built on another, so that an edit
    // is shown while a build runs. The follower keeps the watcher, and with it the changes
    // coming, as long as the preview runs.
    let (wants, wanted) = mpsc::channel();
    let (site, builder) = (root.to_path_buf(), Arc::clone(&shared));
    let background = background_pool()?;
    thread::spawn(move || {
        while let Ok(first) = wanted.recv() {
            // Every edit asked for by now is in one build.
            let asked: Vec<_> = std::iter::once(first).chain(wanted.try_iter()).collect();
            background.install(|| rebuild(&site, &builder, &asked));
        }
    });
    let (site, follower) = (root.to_path_buf(), Arc::clone(&shared));
    thread::spawn(move || follow(&site, &follower, &watcher, &changes, &wants));
    let address = listener
        .local_addr()
        .context("reading the preview's address")?;
    println!("preview at http://{address}/ : open it in a browser; Ctrl+C stops it");
    let server = Server::from_listener(listener, None)
        .map_err(|e| anyhow!(e))
        .context("starting the preview server")?;
    let hosts = Arc::new(allowed_hosts(address.port()));
    for request in server.incoming_requests() {
        let (shared, hosts) = (Arc::clone(&shared), Arc::clone(&hosts));
        // A thread each: a livereload stream stays open as long as its page.
        thread::spawn(move || respond(request, &shared, &hosts));
    }
    Ok(())
}

/// What the preview serves.
#[derive(Clone)]
struct Preview {
    /// Counts builds, so that a page can tell it is out of date.
    generation: u64,
    /// The preview folder: the last site that built.
    site: Arc<PathBuf>,
    /// Whether a build has succeeded since the preview started.
    built: bool,
    /// The report of the latest build, if it failed.
    problems: Option<Arc<str>>,
    /// The cities edited since the latest build, oldest first, whose pages are rendered on
    /// their own.
    edited: Vec<Arc<Edited>>,
    /// What the latest builds changed, oldest first: whether an open page is out of date.
    history: Arc<VecDeque<(u64, Changed)>>,
}

impl Preview {
    /// Counts a build, or a city shown on its own, that changed `changed`.
    fn advance(&mut self, changed: Changed) {
        self.generation += 1;
        let history = Arc::make_mut(&mut self.history);
        history.push_back((self.generation, changed));
        if history.len() > HISTORY {
            history.pop_front();
        }
    }

    /// Whether the page at `page` (its path in the site, as the request named it) changed
    /// after the build `since`. Reloading is the answer when that is too long ago to tell.
    fn changed_since(&self, since: u64, page: &str) -> bool {
        let remembered = self
            .history
            .front()
            .is_some_and(|(oldest, _)| *oldest <= since + 1);
        !remembered
            || self
                .history
                .iter()
                .any(|(generation, changed)| *generation > since && changed.touches(page))
    }
}

/// Cities whose files changed, read and checked on their own: each of their pages is rendered
/// when first asked for, kept, and served instead of the folder's until a build has it there.
struct Edited {
    /// The generation that showed them.
    generation: u64,
    pages: Arc<CityPages>,
    cities: EditedCities,
    /// Their files rendered so far, by path (none: not one they render).
    rendered: Mutex<HashMap<String, Option<Vec<u8>>>>,
}

impl Edited {
    /// The file at `path` if it is a page of these cities: rendered the first time.
    fn file(&self, path: &str) -> Option<Vec<u8>> {
        let mut rendered = self.rendered.lock().unwrap_or_else(PoisonError::into_inner);
        let file = rendered.entry(path.to_owned()).or_insert_with(|| {
            match self.pages.page(&self.cities, path)? {
                Ok(page) => Some(page.bytes),
                // The build that follows reports it.
                Err(error) => {
                    eprintln!("warning: {}", error_report(&error));
                    None
                }
            }
        });
        file.clone()
    }
}

/// The file at `path` as the latest edit of the city it belongs to has it, if it is one of
/// its pages.
fn edited_file(edited: &[Arc<Edited>], path: &str) -> Option<Vec<u8>> {
    let latest = edited
        .iter()
        .rev()
        .find(|e| in_folders(path, &e.cities.folders))?;
    latest.file(path)
}

/// The threads the builds after an edit run on: at a lower priority than the rest of the
/// preview, so that an edit is shown at once even while the build of the one before runs.
fn background_pool() -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("preview-build-{i}"))
        .start_handler(|_| lower_priority())
        .build()
        .context("starting the preview's build threads")
}

/// Lowers the calling thread's priority (nice 10). Best effort: without it, an edit made while
/// a build runs is only shown later.
fn lower_priority() {
    // Linux gives each thread a priority of its own, set by its id.
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 10);
}

/// Which pages a build changed.
#[derive(Clone, Debug)]
enum Changed {
    All,
    /// The pages of these folders (cities shown on their own).
    Only(Vec<String>),
    /// Every page but those of these folders (the build after those cities were shown: their
    /// pages are the same).
    AllBut(Vec<String>),
}

impl Changed {
    fn touches(&self, page: &str) -> bool {
        match self {
            Changed::All => true,
            Changed::Only(folders) => in_folders(page, folders),
            Changed::AllBut(folders) => !in_folders(page, folders),
        }
    }
}

/// The preview, updated by each build and read by the request threads.
struct Shared {
    preview: Mutex<Preview>,
    /// Signalled after every build.
    built: Condvar,
    /// What renders a city as the latest build that succeeded would.
    pages: Mutex<Option<Arc<CityPages>>>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Preview> {
        // Only whole values are stored under the lock, so a panicked holder left it valid.
        self.preview.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Listens on the loopback address only: the preview is for the person editing.
fn bind(port: u16) -> Result<TcpListener> {
    match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
        Ok(listener) => Ok(listener),
        Err(e) if e.kind() == ErrorKind::AddrInUse => bail!(
            "port {port} is already in use, perhaps by another `mieruka serve`: stop that one, \
             or choose another port with --port (--port 0 picks a free one)"
        ),
        Err(e) => Err(e).with_context(|| format!("listening on 127.0.0.1:{port}")),
    }
}

/// Some files changed: their paths, and whether the change is complete (a file closed from
/// writing, or renamed into place), so that the build need not wait for a pause.
struct Change {
    paths: Vec<PathBuf>,
    complete: bool,
}

/// Watches for changes under `content/` and `themes/`. The site folder itself is watched too,
/// so that a `content/` deleted and created again (a backup put back) or a `themes/` created
/// later is watched anew before the next build ([`watch_folders`]).
fn watch(root: &Path) -> Result<(Arc<Mutex<RecommendedWatcher>>, mpsc::Receiver<Change>)> {
    let content = root.join("content");
    if !content.is_dir() {
        bail!(
            "no content folder at {}: run mieruka in a site folder or pass --root",
            content.display()
        );
    }
    let (changed, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let event = match event {
            Ok(event) => event,
            Err(error) => return eprintln!("warning: watching for changes: {error}"),
        };
        let complete = matches!(
            event.kind,
            EventKind::Access(AccessKind::Close(AccessMode::Write))
                | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
        );
        // Linux reports reads too, and every build reads every file: only changes count.
        if complete || !matches!(event.kind, EventKind::Access(_)) {
            let paths = event.paths;
            drop(changed.send(Change { paths, complete }));
        }
    })
    .context("starting to watch for changes")?;
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .with_context(|| format!("watching {}", root.display()))?;
    let watcher = Arc::new(Mutex::new(watcher));
    watch_folders(root, &watcher)?;
    Ok((watcher, changes))
}

/// Follows the changes: shows the edited cities at once when that is all the change is, and
/// asks for a build (`wants`) after each.
fn follow(
    root: &Path,
    shared: &Shared,
    watcher: &Mutex<RecommendedWatcher>,
    changes: &mpsc::Receiver<Change>,
    wants: &mpsc::Sender<Option<Arc<Edited>>>,
) {
    let settle = |change: &Change| match change.complete {
        true => QUIET_AFTER_SAVE,
        false => QUIET,
    };
    while let Ok(first) = changes.recv() {
        let mut wait = settle(&first);
        let mut changed = first.paths;
        while let Ok(more) = changes.recv_timeout(wait) {
            wait = settle(&more);
            changed.extend(more.paths);
        }
        let shown = show_edit(shared, &changed);
        // `content/` or `themes/` themselves changed (made, removed, put back): watched anew,
        // which walks all their folders. Folders made inside them are watched already.
        if changed.iter().any(|path| path.parent() == Some(root))
            && let Err(error) = watch_folders(root, watcher)
        {
            eprintln!("warning: {}", error_report(&error));
        }
        if wants.send(shown).is_err() {
            return;
        }
    }
}

/// Shows an edit of cities' files before the site is built again: those cities alone are read
/// and checked, and their pages are rendered from them when asked for ([`Edited`]). Nothing,
/// when the change is more than that or a city has a problem ([`CityPages::read`]), or the
/// site is broken already.
fn show_edit(shared: &Shared, changed: &[PathBuf]) -> Option<Arc<Edited>> {
    if shared.lock().problems.is_some() {
        return None;
    }
    let pages = shared
        .pages
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()?;
    let started = Instant::now();
    let cities = pages.read(changed)?;
    let mut preview = shared.lock();
    preview.advance(Changed::Only(cities.folders.clone()));
    let edited = Arc::new(Edited {
        generation: preview.generation,
        pages,
        cities,
        rendered: Mutex::default(),
    });
    preview.edited.push(Arc::clone(&edited));
    shared.built.notify_all();
    drop(preview);
    println!(
        "showing the edit of {} (read and checked in {:.0?}); building the rest",
        edited.cities.ids.join(", "),
        started.elapsed()
    );
    Some(edited)
}

/// (Re)starts watching `content/` and `themes/`: a folder deleted and created again is a new
/// folder to the system, and the old watch went with the old one.
fn watch_folders(root: &Path, watcher: &Mutex<RecommendedWatcher>) -> Result<()> {
    let mut watcher = watcher.lock().unwrap_or_else(PoisonError::into_inner);
    for dir in [root.join("content"), root.join("themes")] {
        if dir.is_dir() {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .with_context(|| format!("watching {}", dir.display()))?;
        }
    }
    Ok(())
}

/// The preview folder of the site in `root`: in the system's temporary folder, named after
/// the site folder, so a preview started again reuses what the last one built.
fn preview_folder(root: &Path) -> Result<PathBuf> {
    let root = std::fs::canonicalize(root)
        .with_context(|| format!("no site folder at {}", root.display()))?;
    let mut hasher = DefaultHasher::new();
    root.hash(&mut hasher);
    Ok(std::env::temp_dir().join(format!("mieruka-preview-{:016x}", hasher.finish())))
}

/// Builds the site into the preview folder, incrementally. On success the pages show the new
/// site; on failure the terminal and the pages get the report `build` prints, and the last
/// good site stays in the folder. `asked`: the builds asked for since the last one started,
/// each with the cities [`show_edit`] showed first, if it did.
fn rebuild(root: &Path, shared: &Shared, asked: &[Option<Arc<Edited>>]) {
    let started = Instant::now();
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: shared.lock().site.to_path_buf(),
        overrides: Overrides::default(),
    };
    let result = build_keeping(&options);
    let mut preview = shared.lock();
    // Pages shown before the build started are in the folder now (or, when it failed, the error
    // page is); those shown while it ran wait for the next.
    let before = asked.iter().flatten().map(|e| e.generation).max();
    if let Some(before) = before {
        preview.edited.retain(|edited| edited.generation > before);
    }
    let changed = match result {
        Ok((report, pages)) => {
            preview.built = true;
            preview.problems = None;
            let took = started.elapsed();
            println!(
                "rebuilt {} pages in {took:.0?} ({} of {} cities unchanged)",
                report.pages, report.reused, report.cities
            );
            *shared.pages.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(pages));
            // The pages of the cities shown are those just built, unless more was built.
            let shown: Option<Vec<&Edited>> = asked.iter().map(Option::as_deref).collect();
            match shown.unwrap_or_default() {
                shown if shown.is_empty() => Changed::All,
                shown => {
                    let ids: std::collections::BTreeSet<&String> =
                        shown.iter().flat_map(|e| &e.cities.ids).collect();
                    match report.cities - report.reused == ids.len() {
                        true => Changed::AllBut(
                            shown
                                .iter()
                                .flat_map(|e| e.cities.folders.clone())
                                .collect(),
                        ),
                        false => Changed::All,
                    }
                }
            }
        }
        Err(error) => {
            let report = error_report(&error);
            eprintln!("{report}");
            preview.problems = Some(report.into());
            Changed::All
        }
    };
    preview.advance(changed);
    shared.built.notify_all();
}

/// The `Host` values the preview answers: its own loopback address and port. A page on another
/// site that points a name of its own at 127.0.0.1 (DNS rebinding) sends its own name, and is
/// refused.
fn allowed_hosts(port: u16) -> Vec<String> {
    ["127.0.0.1", "localhost"]
        .iter()
        .map(|host| format!("{host}:{port}"))
        .collect()
}

/// The value of the request's header `name`, if it has one.
fn header_value(request: &Request, name: &'static str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().to_ascii_lowercase())
}

/// Whether a request comes from the preview's own pages: its `Host` is the preview's address,
/// and its `Origin`, when the browser sends one, too.
fn from_preview(request: &Request, hosts: &[String]) -> bool {
    let host_ok = header_value(request, "Host").is_some_and(|h| hosts.contains(&h));
    let origin_ok = header_value(request, "Origin").is_none_or(|origin| {
        origin
            .strip_prefix("http://")
            .is_some_and(|o| hosts.iter().any(|h| h == o))
    });
    host_ok && origin_ok
}

/// Answers one request from the preview folder.
fn respond(request: Request, shared: &Shared, hosts: &[String]) {
    let url = request.url().to_owned();
    let preview = shared.lock().clone();
    let response = match segments(&url) {
        _ if !from_preview(&request, hosts) => reply(
            403,
            "text/plain",
            format!(
                "this preview answers only at http://{}/",
                hosts.first().map_or("127.0.0.1", String::as_str)
            )
            .into_bytes(),
        ),
        _ if !matches!(request.method(), Method::Get | Method::Head) => {
            reply(405, "text/plain", b"GET or HEAD only".to_vec())
        }
        Some(segments) if segments.first().is_some_and(|s| s == LIVERELOAD) => {
            // The page's own build and path, as `with_livereload` wrote them into the script.
            let query = url.split_once('?').map_or("", |(_, query)| query);
            let param = |name: &str| {
                query.split('&').find_map(|pair| {
                    let value = pair.strip_prefix(name)?.strip_prefix('=')?;
                    Some(percent_decode_str(value).decode_utf8_lossy().into_owned())
                })
            };
            let since = param("since").and_then(|n| n.parse().ok());
            let since = since.unwrap_or(preview.generation);
            return stream_reloads(request, shared, since, &param("page").unwrap_or_default());
        }
        Some(segments) => {
            let path = url.split(['?', '#']).next().unwrap_or_default();
            page(&preview, &segments, path.ends_with(['/', '\\']))
        }
        None => not_found(),
    };
    // A failed write means the browser went away; there is no one left to tell.
    let _ = request.respond(response);
}

/// The answer for a path in the site or, under `/__last-good/`, in the last site that built.
/// While the content is broken every page is the error page; styles and images still come.
fn page(preview: &Preview, segments: &[String], with_slash: bool) -> Reply {
    let (prefix, key) = match segments.split_first() {
        Some((first, rest)) if first == LAST_GOOD => (format!("/{LAST_GOOD}/"), rest.join("/")),
        _ => ("/".to_owned(), segments.join("/")),
    };
    // The last good site is the folder as the last build left it.
    let edited = match prefix == "/" {
        true => &preview.edited[..],
        false => &[],
    };
    let found = find(&preview.site, edited, &key, with_slash);
    let is_page = !matches!(&found, Found::File(path) if !path.ends_with(".html"));
    let read = |path: &str| match edited_file(edited, path) {
        Some(bytes) => Ok(bytes),
        None => std::fs::read(preview.site.join(path)),
    };
    // The page as its livereload script names it.
    let shown_as = segments.join("/");
    match (&preview.problems, found) {
        (Some(problems), _) if is_page && prefix == "/" => {
            reply(500, "text/html", error_page(problems, preview, &key))
        }
        (_, Found::File(path)) => match read(&path) {
            Ok(html) if path.ends_with(".html") => reply(
                200,
                "text/html",
                with_livereload(&html, preview.generation, &shown_as),
            ),
            Ok(bytes) => reply(200, content_type(&path), bytes),
            // Swapped out by a build that finished meanwhile: the page reloads anyway.
            Err(_) => not_found(),
        },
        (_, Found::Folder) => redirect(&format!("{prefix}{key}/")),
        (_, Found::Nothing) => not_found(),
    }
}

/// The decoded segments of a request's path, or `None` for a path that steps outside the site
/// (`..` in any spelling: `%2e%2e`, `..%2f`, `..\`), so nothing outside the preview folder
/// can be reached.
fn segments(url: &str) -> Option<Vec<String>> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    let mut segments = Vec::new();
    // A backslash separates folders on Windows, so it counts as a separator here too.
    for segment in decoded.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => return None,
            other => segments.push(other.to_owned()),
        }
    }
    Some(segments)
}

/// What a site path names: a file, a folder (asked for without its trailing slash), or
/// nothing. A folder's page is its index.html, served only at the address with the slash, so
/// that its relative links resolve.
enum Found {
    File(String),
    Folder,
    Nothing,
}

/// `edited`: cities whose pages are served instead of the folder's.
fn find(site: &Path, edited: &[Arc<Edited>], key: &str, with_slash: bool) -> Found {
    // Only what a build writes: not the build's own records.
    let is_file = |path: &str| {
        edited_file(edited, path).is_some()
            || !path.starts_with(".mieruka-")
                && std::fs::metadata(site.join(path)).is_ok_and(|m| m.is_file())
    };
    if is_file(key) {
        return Found::File(key.to_owned());
    }
    let index = match key {
        "" => "index.html".to_owned(),
        _ => format!("{key}/index.html"),
    };
    match is_file(&index) {
        true if with_slash || key.is_empty() => Found::File(index),
        true => Found::Folder,
        false => Found::Nothing,
    }
}

/// Keeps a server-sent-events stream open and sends `reload` after the first build newer than
/// the page's own (`since`) that changed it (`page`: its path in the site), so an edit made
/// while the page loaded is not missed either.
fn stream_reloads(request: Request, shared: &Shared, since: u64, page: &str) {
    let mut stream = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    let mut message = head.to_owned();
    let mut seen = since;
    // Ends when a write fails: the page was closed or reloaded.
    while stream
        .write_all(message.as_bytes())
        .and_then(|()| stream.flush())
        .is_ok()
    {
        let preview = shared.lock();
        let (preview, _) = shared
            .built
            .wait_timeout_while(preview, KEEPALIVE, |p| p.generation == seen)
            .unwrap_or_else(PoisonError::into_inner);
        message = match preview.generation != seen && preview.changed_since(seen, page) {
            false => ": waiting\n\n".to_owned(),
            true => "data: reload\n\n".to_owned(),
        };
        seen = preview.generation;
    }
}

/// The page shown instead of any page while the content is broken: the same report the
/// terminal shows, escaped, and a way to the last site that built.
fn error_page(problems: &str, preview: &Preview, key: &str) -> Vec<u8> {
    // The link goes only to a page that exists, so the request's own path is never echoed.
    let last_good = match find(&preview.site, &[], key, true) {
        _ if !preview.built => "<p>No good build yet since the preview started.</p>".to_owned(),
        Found::File(path) => last_good_link(&path),
        Found::Folder | Found::Nothing => last_good_link(""),
    };
    // Our own text first, so that nothing in the problems can be taken for a placeholder.
    let page = ERROR_PAGE
        .replace("{last_good}", &last_good)
        .replace("{problems}", &escape(problems));
    with_livereload(page.as_bytes(), preview.generation, key)
}

fn last_good_link(path: &str) -> String {
    let href = format!("/{LAST_GOOD}/{}", utf8_percent_encode(path, PATH));
    format!(
        "<p><a href=\"{}\">直前に作れたサイトを見る (the last good preview)</a></p>",
        escape(&href)
    )
}

/// The error page, with `{last_good}` and `{problems}` to fill in.
const ERROR_PAGE: &str = include_str!("serve_error.html");

/// An HTML page with the script that reloads it after the next build that changes it (`page`:
/// its path in the site); only the preview adds it, never `build`.
fn with_livereload(html: &[u8], generation: u64, page: &str) -> Vec<u8> {
    let page = utf8_percent_encode(page, QUERY);
    let script = format!(
        "<script>new EventSource(\"/{LIVERELOAD}?since={generation}&page={page}\").onmessage = () => location.reload();</script>\n"
    );
    let end = html
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    [&html[..end], script.as_bytes(), &html[end..]].concat()
}

/// Escapes text for HTML content and attribute values, as the templates do.
fn escape(text: &str) -> String {
    let mut html = Vec::with_capacity(text.len());
    // Writing to memory cannot fail.
    let _ = tera::escape_html(text, &mut html);
    String::from_utf8_lossy(&html).into_owned()
}

/// What to percent-encode in a path we send back (a redirect, a link).
const PATH: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'?').add(b'%');
/// What to percent-encode in a query value written into a script's string.
const QUERY: &AsciiSet = &PATH
    .add(b'&')
    .add(b'=')
    .add(b'+')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'\'');

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html",
        "css" => "text/css",
        "js" => "text/javascript",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "csv" => "text/csv",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    }
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

/// A response that is never cached (the preview changes under it) and never sniffed. Text
/// types get `charset=utf-8`.
fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    let content_type = match content_type.starts_with("text/") {
        true => format!("{content_type}; charset=utf-8"),
        false => content_type.to_owned(),
    };
    // The whole body is at hand, so a length rather than chunks.
    Response::from_data(body)
        .with_chunked_threshold(usize::MAX)
        .with_status_code(status)
        .with_header(header("Content-Type", &content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn redirect(location: &str) -> Reply {
    let location = utf8_percent_encode(location, PATH).to_string();
    reply(302, "text/plain", Vec::new()).with_header(header("Location", &location))
}

fn not_found() -> Reply {
    reply(404, "text/plain", b"not found in this site".to_vec())
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).unwrap_or_else(|()| unreachable!("ASCII header {name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_step_outside_the_site_are_refused() {
        for url in [
            "/..",
            "/../Cargo.toml",
            "/a/../../b",
            "/%2e%2e/b",
            "/%2E%2e%2Fb",
            "/..%2fb",
            "/.%2e/b",
            "/..\\b",
            "/..%5cb",
            "/a%5c..%5c..%5cb",
        ] {
            assert_eq!(segments(url), None, "{url}");
        }
        assert_eq!(
            segments("/town/kpi/"),
            Some(vec!["town".into(), "kpi".into()])
        );
        assert_eq!(
            segments("/./a//b?x=..#.."),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(segments("/%E7%A0%82%20x"), Some(vec!["砂 x".into()]));
    }

    #[test]
    fn folders_are_served_at_their_address_with_a_slash() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path();
        for path in [
            "index.html",
            "town/index.html",
            "assets/style.css",
            ".mieruka-manifest",
        ] {
            let path = site.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let found = |key, slash| match find(site, &[], key, slash) {
            Found::File(path) => path,
            Found::Folder => "redirect".into(),
            Found::Nothing => "404".into(),
        };
        assert_eq!(found("", true), "index.html");
        assert_eq!(found("town", true), "town/index.html");
        assert_eq!(found("town", false), "redirect");
        assert_eq!(found("assets/style.css", false), "assets/style.css");
        assert_eq!(found("assets", true), "404");
        assert_eq!(found(".mieruka-manifest", false), "404");
    }

    #[test]
    fn the_livereload_script_goes_before_the_end_of_the_body() {
        let page = with_livereload(b"<body><p>x</p></body></html>", 7, "町/a&b\"</script>");
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with(
            "<body><p>x</p><script>new EventSource(\"/__livereload?since=7&page=%E7%94%BA/a%26b%22%3C/script%3E\")"
        ));
        assert!(page.ends_with("</script>\n</body></html>"));
    }

    #[test]
    fn an_open_page_reloads_after_a_build_that_changed_it() {
        let mut preview = Preview {
            generation: 0,
            site: Arc::new(PathBuf::new()),
            built: true,
            problems: None,
            edited: Vec::new(),
            history: Arc::default(),
        };
        let town = || vec!["town".to_owned(), "en/town".to_owned()];
        preview.advance(Changed::All);
        preview.advance(Changed::Only(town()));
        preview.advance(Changed::AllBut(town()));
        let (page, english, other) = ("town/kpi/hires", "en/town", "townsend/kpi/x");
        // Served by the first build: the city's pages reload after it is shown, others after
        // the build that follows.
        for page in [page, english, other, "", "__last-good/town"] {
            assert!(preview.changed_since(1, page), "{page}");
        }
        // Served after the city was shown: only the build's other pages.
        assert!(!preview.changed_since(2, page));
        assert!(!preview.changed_since(2, english));
        assert!(preview.changed_since(2, other));
        assert!(preview.changed_since(2, ""));
        // Older than the builds remembered: reload to be safe.
        for _ in 0..HISTORY {
            preview.advance(Changed::Only(town()));
        }
        assert!(preview.changed_since(2, other));
        assert!(!preview.changed_since(preview.generation - 1, other));
    }
}
