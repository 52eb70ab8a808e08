//! `fluentpress watch`, driven as a translator drives it: the real binary
//! in a scratch project, files saved, the PDF watched for the change.

mod common;

use common::{edit, scratch};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How long any one expected change may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(20);

struct Watch {
    child: Child,
    lines: Receiver<String>,
}

impl Watch {
    fn start(dir: &Path) -> Watch {
        let mut child = common::binary()
            .arg("--project")
            .arg(dir)
            .arg("watch")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the fluentpress binary runs");
        let (send, lines) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        Watch { child, lines }
    }

    /// The lines printed until one starts with `rebuilt` (a round's end).
    fn round(&self) -> Vec<String> {
        let deadline = Instant::now() + PATIENCE;
        let mut said = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            let end = line.starts_with("rebuilt ");
            said.push(line);
            if end {
                return said;
            }
        }
        panic!("no round ended within {PATIENCE:?}; it said: {said:#?}");
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn pdf(dir: &Path) -> Option<Vec<u8>> {
    std::fs::read(dir.join("out/notice.pl.pdf")).ok()
}

#[test]
fn watch_rebuilds_what_a_save_changes_keeps_watching_through_errors_and_stops_on_ctrl_c() {
    let dir = scratch("clean");
    let watch = Watch::start(dir.path());
    let first = watch.round();
    assert_eq!(first.iter().filter(|l| l.starts_with("wrote out/")).count(), 6, "{first:#?}");
    assert!(first.last().unwrap().ends_with("6 file(s) written, 0 errors, 0 warnings"), "{first:#?}");
    let before = pdf(dir.path()).unwrap();

    // A Polish message changed: the Polish editions, and only they, again.
    let pl = dir.path().join("locales/pl/notice.ftl");
    edit(&pl, "Pierwszy punkt", "Pierwszy ważny punkt");
    let round = watch.round();
    assert_eq!(round[..2], ["wrote out/notice.pl.txt", "wrote out/notice.pl.pdf"], "{round:#?}");
    assert!(round[2].starts_with("rebuilt pl in "), "{round:#?}");
    let changed = pdf(dir.path()).unwrap();
    assert_ne!(changed, before);
    let text = std::fs::read_to_string(dir.path().join("out/notice.pl.txt")).unwrap();
    assert!(text.contains("Pierwszy ważny punkt"), "{text}");

    // A syntax error is reported, its earlier edition removed, and the
    // watch goes on.
    std::fs::write(&pl, std::fs::read_to_string(&pl).unwrap() + "broken = {\n").unwrap();
    let round = watch.round();
    assert!(round.iter().any(|l| l.starts_with("error[syntax]: ")), "{round:#?}");
    assert!(round.contains(&"removed out/notice.pl.pdf: pl was skipped: 1 error".to_string()), "{round:#?}");
    assert!(pdf(dir.path()).is_none());

    // Fixed: the PDF is back, as it was before the error.
    edit(&pl, "broken = {\n", "");
    let round = watch.round();
    assert!(round.last().unwrap().ends_with("2 file(s) written, 0 errors, 0 warnings"), "{round:#?}");
    assert_eq!(pdf(dir.path()).unwrap(), changed);

    // Ctrl-C: the watch ends, exit 0, and says so.
    let mut watch = watch;
    #[cfg(unix)]
    // SAFETY: sends a signal to a child this test started and still owns.
    unsafe {
        libc::kill(watch.child.id() as libc::pid_t, libc::SIGINT);
    }
    let status = watch.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut stderr = String::new();
    std::io::Read::read_to_string(watch.child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(stderr.ends_with("stopped watching\n"), "{stderr}");
}

#[test]
fn watch_passes_over_files_that_are_not_the_project() {
    let dir = scratch("clean");
    let watch = Watch::start(dir.path());
    watch.round();
    // Our own output, an editor's swap file, a file the project does not read.
    std::fs::write(dir.path().join("out/notice.extra.txt"), "x").unwrap();
    std::fs::write(dir.path().join("locales/pl/.notice.ftl.swp"), "x").unwrap();
    std::fs::write(dir.path().join("NOTES.md"), "x").unwrap();
    assert!(watch.lines.recv_timeout(Duration::from_secs(1)).is_err(), "a round began");
    // Then a real change still gets its round.
    edit(&dir.path().join("locales/en/notice.ftl"), "First point", "The first point");
    assert!(watch.round().last().unwrap().starts_with("rebuilt en in "));
}
