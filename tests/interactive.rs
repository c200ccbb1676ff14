//! `mtlint` with no command: interactive on a terminal (driven through a pty
//! with rexpect), `check -` on piped input; `mtlint -i` forces the former.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_mtlint");

fn piped(args: &[&str], input: &str) -> std::process::Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mtlint runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    child.wait_with_output().expect("output")
}

#[test]
fn piped_input_without_a_command_is_check_dash() {
    let text = "The talks ended.Officials left.\n";
    let bare = piped(&[], text);
    let check = piped(&["check", "-"], text);
    assert_eq!(bare.status.code(), Some(1));
    assert_eq!(bare.stdout, check.stdout);
    assert!(String::from_utf8_lossy(&bare.stdout).contains(" --> -:1:11"));
    assert_eq!(piped(&[], "Clean text.\n").status.code(), Some(0));
}

#[test]
fn interactive_flag_works_on_piped_input_without_colour() {
    let out = piped(
        &["-i"],
        "The talks ended.Officials left.\n\n\nUS Foreign Minister spoke.\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains('\u{1b}'), "colour on a pipe: {stdout}");
    assert!(
        stdout.contains("The talks [[ended.Officials]](1) left."),
        "{stdout}"
    );
    assert!(
        stdout.contains("[[Foreign Minister]](1) spoke."),
        "{stdout}"
    );
    assert!(
        stdout.contains("→ “Secretary of State” (review before applying)"),
        "{stdout}"
    );
    let clash = piped(&["-i", "rules"], "");
    assert_eq!(clash.status.code(), Some(2));
}

#[cfg(unix)]
mod pty {
    use rexpect::session::{spawn_with_options, Options, PtySession};
    use std::process::Command;

    fn start(no_color: bool) -> PtySession {
        let mut command = Command::new(super::BIN);
        command.env("TERM", "xterm-256color").env_remove("CLICOLOR");
        if no_color {
            command.env("NO_COLOR", "1");
        } else {
            command.env_remove("NO_COLOR");
        }
        let options = Options::new()
            .timeout_ms(Some(20_000))
            .strip_ansi_escape_codes(false);
        spawn_with_options(command, options).expect("mtlint on a pty")
    }

    #[test]
    fn pastes_are_checked_until_ctrl_d_on_an_empty_paste() {
        let mut p = start(false);
        p.exp_string("paste text> ").expect("prompt");
        // First paste: ended by Ctrl-D.
        p.send_line("The talks ended.Officials left.").unwrap();
        p.send_control('d').unwrap();
        let shown = p.exp_string("quality score").expect("first result");
        assert!(
            shown.contains("ended.Officials\u{1b}["),
            "no colour around the finding: {shown:?}"
        );
        let listed = p.exp_string("paste text> ").expect("second prompt");
        // rexpect reads bytes as Latin-1: compare ASCII only.
        assert!(
            listed.contains("ended. Officials") && listed.contains("(safe fix)"),
            "{listed:?}"
        );
        // Second paste: ended by two empty lines.
        p.send_line("US Foreign Minister spoke.").unwrap();
        p.send_line("").unwrap();
        p.send_line("").unwrap();
        let second = p.exp_string("paste text> ").expect("third prompt");
        assert!(second.contains("Secretary of State"), "{second:?}");
        // Ctrl-D on an empty paste quits.
        p.send_control('d').unwrap();
        p.exp_eof().expect("exits");
    }

    #[test]
    fn no_color_marks_findings_with_brackets() {
        let mut p = start(true);
        p.exp_string("paste text> ").expect("prompt");
        p.send_line("The talks ended.Officials left.").unwrap();
        p.send_control('d').unwrap();
        let shown = p.exp_string("(safe fix)").expect("result");
        assert!(
            shown.contains("The talks [[ended.Officials]](1) left."),
            "{shown:?}"
        );
        assert!(
            !shown.contains('\u{1b}'),
            "colour despite NO_COLOR: {shown:?}"
        );
        p.send_control('d').unwrap();
        p.exp_eof().expect("exits");
    }
}
