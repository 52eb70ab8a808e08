//! What a project's files go through when commands run at once, are killed
//! halfway, or meet links: one writer at a time, transactions that finish
//! after a kill, no temporary file left, and nothing read or written
//! outside the project.

mod common;

use common::{fluentpress, stderr, stdout};
use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MANIFEST: &str = "[locales]\nsource = \"fr\"\ntargets = [\"pl\"]\n";

/// A project with two French files and their partial Polish.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("fluentpress.toml", MANIFEST),
        ("locales/fr/a.ftl", "one = Un\ntwo = Deux\n"),
        ("locales/fr/b.ftl", "three = Trois\n"),
        ("locales/pl/a.ftl", "one = Jeden\n"),
        ("locales/pl/b.ftl", ""),
    ];
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// An XLIFF 1.2 file translating `units` (file, ID, source, target).
fn xliff(units: &[(&str, &str, &str, &str)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n",
    );
    for (file, id, source, target) in units {
        out.push_str(&format!(
            "<file original=\"{file}\" source-language=\"fr\" target-language=\"pl\" datatype=\"x-fluent\"><body>\
             <trans-unit id=\"{id}\"><source>{source}</source><target state=\"translated\">{target}</target>\
             </trans-unit></body></file>\n"
        ));
    }
    out + "</xliff>\n"
}

fn spawn(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Child {
    let mut command = common::binary();
    command.arg("--project").arg(dir).args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    command.spawn().unwrap()
}

fn read(dir: &Path, path: &str) -> String {
    fs::read_to_string(dir.join(path)).unwrap_or_default()
}

#[test]
fn two_imports_at_once_both_apply() {
    for round in 0..20 {
        let dir = project();
        let first = dir.path().join("first.xlf");
        let second = dir.path().join("second.xlf");
        fs::write(&first, xliff(&[("a.ftl", "two", "Deux", "Dwa")])).unwrap();
        fs::write(&second, xliff(&[("b.ftl", "three", "Trois", "Trzy")])).unwrap();
        let a = spawn(dir.path(), &[], &["xliff", "import", first.to_str().unwrap()]);
        let b = spawn(dir.path(), &[], &["xliff", "import", second.to_str().unwrap()]);
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert_eq!(out.status.code(), Some(0), "round {round}: {}", stderr(&out));
        }
        assert_eq!(read(dir.path(), "locales/pl/a.ftl"), "one = Jeden\n\ntwo = Dwa\n", "round {round}");
        assert_eq!(read(dir.path(), "locales/pl/b.ftl"), "three = Trzy\n", "round {round}");
        let memory = read(dir.path(), "tm/project.tmx");
        assert!(memory.contains("<seg>Dwa</seg>") && memory.contains("<seg>Trzy</seg>"), "round {round}");
    }
}

/// A TMX file of `count` French/Polish pairs whose texts start with `tag`.
fn tmx(tag: &str, count: usize) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"fr\" datatype=\"plaintext\" \
         segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/><body>\n",
    );
    for n in 0..count {
        out.push_str(&format!(
            "<tu><tuv xml:lang=\"fr\"><seg>{tag} phrase {n}</seg></tuv><tuv xml:lang=\"pl\"><seg>{tag} zdanie {n}</seg></tuv></tu>\n"
        ));
    }
    out + "</body></tmx>\n"
}

#[test]
fn two_memory_imports_at_once_keep_both_files_pairs() {
    for round in 0..20 {
        let dir = project();
        for tag in ["alpha", "beta"] {
            fs::write(dir.path().join(format!("{tag}.tmx")), tmx(tag, 3000)).unwrap();
        }
        let children: Vec<Child> = ["alpha", "beta"]
            .iter()
            .map(|tag| {
                let file = dir.path().join(format!("{tag}.tmx"));
                spawn(dir.path(), &[], &["tm", "import", file.to_str().unwrap()])
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert_eq!(out.status.code(), Some(0), "round {round}: {}", stderr(&out));
        }
        let memory = read(dir.path(), "tm/project.tmx");
        assert_eq!(memory.matches("<tu ").count() + memory.matches("<tu>").count(), 6000, "round {round}");
    }
}

#[test]
fn a_second_writer_gives_up_after_the_timeout_naming_the_first() {
    let dir = project();
    let file = dir.path().join("first.xlf");
    fs::write(&file, xliff(&[("a.ftl", "two", "Deux", "Dwa")])).unwrap();
    // The first import pauses inside its commit, holding the lock.
    let mut first = spawn(
        dir.path(),
        &[("FLUENTPRESS_TEST_PAUSE_COMMIT", "3000")],
        &["xliff", "import", file.to_str().unwrap()],
    );
    wait_for(|| dir.path().join("out/.journal").exists());
    let second = common::binary()
        .env("FLUENTPRESS_LOCK_TIMEOUT", "0.2")
        .arg("--project")
        .arg(dir.path())
        .args(["tm", "learn"])
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(2));
    assert_eq!(
        stderr(&second),
        format!(
            "error: another fluentpress is writing this project (pid {}): try again when it is done\n",
            first.id()
        )
    );
    // A reader neither waits nor finishes the writer's journal.
    let check = fluentpress(dir.path(), &["check"]);
    assert!(!stderr(&check).contains("finished a write"), "{}", stderr(&check));
    first.kill().unwrap();
    first.wait().unwrap();
}

fn wait_for(done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(20), "timed out");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn an_import_killed_between_its_renames_is_finished_by_the_next_command() {
    let dir = project();
    let file = dir.path().join("agency.xlf");
    fs::write(&file, xliff(&[("a.ftl", "two", "Deux", "Dwa"), ("b.ftl", "three", "Trois", "Trzy")])).unwrap();
    let mut import = spawn(
        dir.path(),
        &[("FLUENTPRESS_TEST_PAUSE_COMMIT", "400")],
        &["xliff", "import", file.to_str().unwrap()],
    );
    // Killed once the first of its three files is in place.
    wait_for(|| read(dir.path(), "locales/pl/a.ftl").contains("Dwa"));
    import.kill().unwrap();
    import.wait().unwrap();
    assert!(dir.path().join("out/.journal").exists());
    assert_eq!(read(dir.path(), "locales/pl/b.ftl"), "", "the kill came between two renames");

    let check = fluentpress(dir.path(), &["check"]);
    assert_eq!(
        stderr(&check),
        "finished a write that an interrupted command left half done: 2 file(s) put in place\n"
    );
    assert_eq!(read(dir.path(), "locales/pl/a.ftl"), "one = Jeden\n\ntwo = Dwa\n");
    assert_eq!(read(dir.path(), "locales/pl/b.ftl"), "three = Trzy\n");
    let memory = read(dir.path(), "tm/project.tmx");
    assert!(memory.contains("<seg>Dwa</seg>") && memory.contains("<seg>Trzy</seg>"), "{memory}");
    assert!(!dir.path().join("out/.journal").exists());
    assert!(!dir.path().join("out/.staging").exists());
}

#[test]
fn a_writer_removes_the_temporaries_of_dead_processes_and_nothing_else() {
    let dir = project();
    let (dead, alive) = (dead_pid(), std::process::id());
    let files = [
        // A killed command's: removed.
        (format!("tm/.project.tmx.{dead}.tmp"), false),
        (format!("out/.staging/0.a.ftl.{dead}.tmp"), false),
        (format!("out/.cache/.tm-0123.bin.{dead}.tmp"), false),
        (format!("locales/pl/.a.ftl.{dead}.import.tmp"), false),
        // A running process's, and files that only look like temporaries: kept.
        (format!("tm/.project.tmx.{alive}.tmp"), true),
        (format!("tm/.notes.{dead}.tmp"), true),
        (format!("locales/pl/.backup.{dead}.tmp"), true),
    ];
    for (path, _) in &files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "half").unwrap();
    }
    let out = fluentpress(dir.path(), &["tm", "learn"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("removed 4 temporary file(s) left by interrupted commands\n"),
        "{}",
        stderr(&out)
    );
    for (path, kept) in &files {
        assert_eq!(dir.path().join(path).exists(), *kept, "{path}");
    }
}

/// A process ID that no process has.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_locale_folder_linked_outside_the_project_is_refused() {
        let dir = project();
        let outside = tempfile::tempdir().unwrap();
        fs::rename(dir.path().join("locales/pl"), outside.path().join("pl")).unwrap();
        symlink(outside.path().join("pl"), dir.path().join("locales/pl")).unwrap();
        let file = dir.path().join("agency.xlf");
        fs::write(&file, xliff(&[("a.ftl", "two", "Deux", "Dwa")])).unwrap();
        let out = fluentpress(dir.path(), &["xliff", "import", file.to_str().unwrap()]);
        assert_ne!(out.status.code(), Some(0));
        assert!(stderr(&out).contains("leads outside the project"), "{}", stderr(&out));
        assert_eq!(read(outside.path(), "pl/a.ftl"), "one = Jeden\n");
    }

    #[test]
    fn a_layout_linked_to_a_system_file_is_refused_without_showing_it() {
        let dir = project();
        let manifest = format!("{MANIFEST}\n[[document]]\nname = \"doc\"\nlayout = \"layouts/doc.toml\"\n");
        fs::write(dir.path().join("fluentpress.toml"), manifest).unwrap();
        fs::create_dir_all(dir.path().join("layouts")).unwrap();
        symlink("/etc/passwd", dir.path().join("layouts/doc.toml")).unwrap();
        let out = fluentpress(dir.path(), &["check"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("leads outside the project, to /etc/passwd"), "{}", stderr(&out));
        assert!(!stdout(&out).contains("root:") && !stderr(&out).contains("root:"));
    }

    #[test]
    fn loops_dangling_links_and_editors_lock_files_are_passed_over() {
        let dir = project();
        let plain = fluentpress(dir.path(), &["check"]);
        symlink("..", dir.path().join("locales/pl/loop")).unwrap();
        symlink("self", dir.path().join("locales/pl/self")).unwrap();
        symlink("gone.ftl", dir.path().join("locales/pl/dangling.ftl")).unwrap();
        // What Emacs leaves beside a file with unsaved changes.
        symlink("user@host.1234:1700000000", dir.path().join("locales/pl/.#a.ftl")).unwrap();
        let linked = fluentpress(dir.path(), &["check"]);
        assert_eq!(linked.status.code(), plain.status.code(), "{}", stderr(&linked));
        assert_eq!(stdout(&linked), stdout(&plain));
    }

    #[test]
    fn an_import_writes_through_a_link_inside_the_project() {
        let dir = project();
        fs::create_dir_all(dir.path().join("shared")).unwrap();
        fs::rename(dir.path().join("locales/pl/a.ftl"), dir.path().join("shared/a.ftl")).unwrap();
        symlink("../../shared/a.ftl", dir.path().join("locales/pl/a.ftl")).unwrap();
        let file = dir.path().join("agency.xlf");
        fs::write(&file, xliff(&[("a.ftl", "two", "Deux", "Dwa")])).unwrap();
        let out = fluentpress(dir.path(), &["xliff", "import", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(fs::symlink_metadata(dir.path().join("locales/pl/a.ftl")).unwrap().file_type().is_symlink());
        assert_eq!(read(dir.path(), "shared/a.ftl"), "one = Jeden\n\ntwo = Dwa\n");
    }
}
