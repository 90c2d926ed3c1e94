//! End to end: the real binary in tmux. Searches, opens a detail, compares two tools, quits, and checks
//! that the terminal is back to normal (main screen, cursor shown, no mouse reporting, cooked mode).
//! Skipped (with a note) where tmux is not installed; with CI=true that is a failure.

use crate::support;

use std::process::Command;

use support::tmux::Tmux;

#[test]
fn search_detail_compare_quit_restores_the_terminal() {
    if support::require("tmux", "apt-get install tmux").is_none() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let command = format!(
        "env -i PATH=/usr/bin:/bin HOME={home} XDG_CONFIG_HOME={home} LANG=en_US.UTF-8 TERM=xterm-256color {bin}; \
         echo EXIT=$?; stty -a; sleep 60",
        home = home.path().display(),
        bin = env!("CARGO_BIN_EXE_vereint"),
    );
    let tmux = Tmux::start("flow", &command, 100, 30);
    tmux.wait_for(&["Welcome to vereint", "Digital consultation hour"]);

    // search: results narrow on every keystroke, the best hit first
    tmux.keys(&["/"]);
    tmux.type_text("signal");
    tmux.wait_for(&["› signal"]);
    tmux.keys(&["Enter", "Enter"]);
    let detail = tmux.wait_for(&["Privacy profile", "Signal Technology Foundation"]);
    assert!(detail.contains("+ End-to-end encrypted"), "{detail}");

    // back, mark it, search another, mark it, compare
    tmux.keys(&["Escape", "c"]);
    tmux.wait_for(&["1 to compare"]);
    tmux.keys(&["/", "C-u"]);
    tmux.type_text("threema");
    tmux.wait_for(&["› threema"]);
    tmux.keys(&["Enter", "c", "v"]);
    let compare = tmux.wait_for(&["Comparison", "Signal", "Threema"]);
    assert!(compare.contains("≠ Country"), "{compare}");

    tmux.keys(&["q"]);
    // `stty -a` prints the speed first and the local modes later
    let after = tmux.wait_for(&["EXIT=0", "speed", "icanon"]);
    assert_eq!(
        tmux.flag("alternate_on"),
        "0",
        "still on the alternate screen"
    );
    assert_eq!(tmux.flag("cursor_flag"), "1", "cursor hidden");
    assert_eq!(tmux.flag("mouse_any_flag"), "0", "mouse reporting left on");
    let stty = after.split("EXIT=0").nth(1).unwrap_or_default();
    assert!(
        stty.contains(" icanon") && stty.contains(" echo") && !stty.contains("-icanon"),
        "terminal left in raw mode:\n{stty}"
    );
}

#[test]
fn a_small_terminal_gets_a_message_and_a_resize_brings_the_screen_back() {
    if support::require("tmux", "apt-get install tmux").is_none() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let command = format!(
        "env -i PATH=/usr/bin:/bin HOME={home} XDG_CONFIG_HOME={home} LANG=de_DE.UTF-8 TERM=xterm-256color {bin}; \
         echo EXIT=$?; sleep 60",
        home = home.path().display(),
        bin = env!("CARGO_BIN_EXE_vereint"),
    );
    let tmux = Tmux::start("resize", &command, 60, 20);
    tmux.wait_for(&["Terminal zu klein", "60×20"]);
    tmux.run(&["resize-window", "-x", "80", "-y", "24"]);
    tmux.wait_for(&["Willkommen bei vereint"]);
    tmux.run(&["resize-window", "-x", "30", "-y", "8"]);
    tmux.wait_for(&["zu klein"]);
    tmux.run(&["resize-window", "-x", "120", "-y", "40"]);
    tmux.wait_for(&["Willkommen bei vereint"]);
    tmux.keys(&["q"]);
    tmux.wait_for(&["EXIT=0"]);
}

#[test]
fn without_a_terminal_it_says_what_to_use_instead() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vereint"))
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("needs a terminal") && stderr.contains("vereint catalog list"),
        "{stderr}"
    );
    // nothing was sent to the terminal
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

/// Books a room from the TUI against a real `vereint directory serve`, then sees it in My bookings.
#[test]
fn book_a_room_and_see_it_in_my_bookings() {
    if support::require("tmux", "apt-get install tmux").is_none() {
        return;
    }
    use std::io::BufRead as _;
    let home = tempfile::tempdir().unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_vereint"))
        .args([
            "--lang",
            "en",
            "directory",
            "serve",
            "--bind",
            "127.0.0.1:0",
        ])
        .arg("--database")
        .arg(home.path().join("directory.sqlite3"))
        .env("XDG_CONFIG_HOME", home.path().join("server"))
        .env("XDG_DATA_HOME", home.path().join("server"))
        .env("VEREINT_DIRECTORY__RATE_LIMIT__PER_SECOND", "0")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = support::ChildGuard(server);
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    let command = format!(
        "env -i PATH=/usr/bin:/bin HOME={home} XDG_CONFIG_HOME={home} XDG_DATA_HOME={home}/data \
         VEREINT_DIRECTORY__PUBLIC_URL=http://{addr} LANG=en_US.UTF-8 TERM=xterm-256color {bin}; \
         echo EXIT=$?; sleep 60",
        home = home.path().display(),
        bin = env!("CARGO_BIN_EXE_vereint"),
    );
    let tmux = Tmux::start("book", &command, 100, 30);
    tmux.wait_for(&["Welcome to vereint"]);
    tmux.keys(&["b"]);
    tmux.wait_for(&["Code of conduct", "Send (Ctrl-S)"]);
    for text in [
        "Kiezchor Wedding e.V.",
        "Ada Beispiel",
        "ada@kiezchor.example",
        "Proben",
        "Chor Raum",
        "20",
    ] {
        tmux.keys(&["Tab"]);
        tmux.type_text(text);
    }
    tmux.keys(&["Tab", "Space", "C-s"]);
    tmux.wait_for(&["Requested: bk_", "status: requested"]);
    tmux.keys(&["Escape", "m"]);
    tmux.wait_for(&["My bookings", "requested", "Chor Raum"]);
    tmux.keys(&["q"]);
    tmux.wait_for(&["EXIT=0"]);
    let store = home.path().join("data/vereint/mine.json");
    assert!(
        std::fs::read_to_string(store)
            .unwrap()
            .contains("\"owner_token\"")
    );
}

/// Every key wakes the loop: with the clock ticking once an hour, each key must still change the
/// screen. Fails (waits out its limit) whenever a wake-up depends on the tick.
#[test]
fn a_key_changes_the_screen_without_waiting_for_the_clock() {
    if support::require("tmux", "apt-get install tmux").is_none() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let command = format!(
        "env -i PATH=/usr/bin:/bin HOME={home} XDG_CONFIG_HOME={home} XDG_CACHE_HOME={home}/cache \
         LANG=en_US.UTF-8 TERM=xterm-256color {bin} tui --tick-ms 3600000; echo EXIT=$?; sleep 60",
        home = home.path().display(),
        bin = env!("CARGO_BIN_EXE_vereint"),
    );
    let tmux = Tmux::start("tick", &command, 100, 30);
    tmux.wait_for(&["Welcome to vereint"]);
    for (key, title) in [
        ("2", "┏ Tools"),
        ("3", "┏ Comparison"),
        ("4", "┏ Practical examples"),
        ("5", "┏ Upcoming dates"),
        ("1", "Welcome to vereint"),
    ] {
        tmux.keys(&[key]);
        tmux.wait_for(&[title]);
    }
    tmux.keys(&["q"]);
    tmux.wait_for(&["EXIT=0"]);
}
