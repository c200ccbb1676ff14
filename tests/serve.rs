//! `mtlint serve` over real sockets: the page, the APIs, body limits, bad
//! input, concurrency and shutdown on Ctrl-C (SIGINT).

mod serve_support;

use serve_support::{split, Server};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const FORM: &str = "application/x-www-form-urlencoded";

#[test]
fn page_is_self_contained() {
    let server = Server::start(&[]);
    let response = server.raw(
        format!(
            "GET / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        )
        .as_bytes(),
    );
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("content-security-policy: default-src 'none'"));
    let (_, body) = split(&response);
    assert!(body.contains("<textarea id=\"ed\""));
    for external in ["src=\"http", "href=\"http", "@import", "url(http"] {
        assert!(
            !body.contains(external),
            "page refers to an outside asset: {external}"
        );
    }
}

#[test]
fn languagetool_endpoints_answer_on_both_prefixes() {
    let server = Server::start(&[]);
    let (status, body) = server.get("/api/v2/languages");
    assert_eq!(status, 200);
    assert!(body.contains("\"longCode\":\"en-US\""));
    let (status, body) = server.get("/v2/check?language=en-US&text=the+US+Foreign+Minister+said.");
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("\"id\":\"TITLES_OFFICE_CALQUE\"") && body.contains("\"offset\":7"),
        "{body}"
    );
    let (status, body) = server.post("/v2/check", FORM, b"language=fr&text=Bonjour");
    assert_eq!(status, 400);
    assert!(
        body.starts_with("Error: 'fr' is not a language code"),
        "{body}"
    );
    let (status, body) = server.get("/v3/nothing");
    assert_eq!(status, 404);
    assert!(body.contains("/v2/check"));
}

#[test]
fn allow_origin_adds_cors_headers_to_the_languagetool_api() {
    let plain = Server::start(&[]);
    let response = plain.raw(
        format!(
            "GET /v2/languages HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            plain.addr
        )
        .as_bytes(),
    );
    assert!(!response
        .to_lowercase()
        .contains("access-control-allow-origin"));
    let open = Server::start(&["--allow-origin", "*"]);
    let response = open.raw(format!("OPTIONS /v2/check HTTP/1.1\r\nHost: {}\r\nOrigin: http://example.org\r\nConnection: close\r\n\r\n", open.addr).as_bytes());
    assert!(response.starts_with("HTTP/1.1 204"), "{response}");
    assert!(
        response.contains("access-control-allow-origin: *"),
        "{response}"
    );
}

#[test]
fn stalled_requests_time_out() {
    let server = Server::start(&["--timeout", "1"]);
    // A body that never arrives: 408 once the request time is up.
    let mut stream = TcpStream::connect(&server.addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let started = Instant::now();
    stream
        .write_all(format!("POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Type: {FORM}\r\nContent-Length: 100\r\n\r\ntext=").as_bytes())
        .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // Headers that never end: the connection is closed.
    let mut stream = TcpStream::connect(&server.addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /v2/languages HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let mut rest = Vec::new();
    let closed = stream.read_to_end(&mut rest).is_ok();
    assert!(
        closed && started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn declared_oversize_body_is_refused_before_it_is_sent() {
    let server = Server::start(&[]);
    let mut stream = TcpStream::connect(&server.addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let head = format!(
        "POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Type: {FORM}\r\nContent-Length: {}\r\n\r\ntext=",
        10 * 1024 * 1024
    );
    let started = Instant::now();
    stream.write_all(head.as_bytes()).unwrap();
    // Nothing more is sent: the answer must come from the header alone.
    let mut buf = [0u8; 512];
    let n = stream.read(&mut buf).expect("a response without the body");
    let response = String::from_utf8_lossy(&buf[..n]);
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(
        response.contains("the limit is 1048576 bytes"),
        "{response}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn chunked_body_is_cut_off_at_the_limit() {
    let server = Server::start(&["--max-body-size", "1000"]);
    let mut stream = TcpStream::connect(&server.addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request = b"POST /mtlint/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..3 {
        request.extend_from_slice(format!("1f4\r\n{}\r\n", "a".repeat(500)).as_bytes());
    }
    // The body never ends: the server must answer once 1,000 bytes are passed.
    stream.write_all(&request).unwrap();
    let mut buf = [0u8; 512];
    let n = stream
        .read(&mut buf)
        .expect("a response before the end of the body");
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 413"));
}

#[test]
fn bad_input_gets_clear_errors_and_the_server_survives() {
    let server = Server::start(&[]);
    let cases: [(&str, &str, &[u8], u16); 7] = [
        ("/v2/check", FORM, b"language=en&text=%FF%FE", 400),
        ("/v2/check", FORM, b"language=en&text=\xff\xfe", 400),
        ("/v2/check", FORM, b"language=en&data=%7Bnot", 400),
        ("/v2/check", FORM, b"&&&=&==&%%%", 400),
        ("/mtlint/check", "application/json", b"{\"text\": 5}", 400),
        (
            "/mtlint/apply",
            "application/json",
            b"{\"text\":\"a\",\"finding\":9,\"suggestion\":0}",
            409,
        ),
        ("/mtlint/check", "application/json", b"\x00\x01garbage", 400),
    ];
    for (path, kind, body, want) in cases {
        let (status, text) = server.post(path, kind, body);
        assert_eq!(status, want, "{path} {body:?}: {text}");
        assert!(text.starts_with("Error: "), "{text}");
    }
    let garbage = server.raw(b"\x16\x03\x01 definitely not http\r\n\r\n");
    assert!(
        garbage.is_empty() || garbage.starts_with("HTTP/1.1 400"),
        "{garbage}"
    );
    let big_field = format!("language=en&text={}", "word+".repeat(150_000));
    let (status, _) = server.post("/v2/check", FORM, big_field.as_bytes());
    assert_eq!(status, 200);
    let (status, body) = server.post(
        "/mtlint/check",
        "application/json",
        br#"{"text":"The talks ended.Officials left."}"#,
    );
    assert_eq!(status, 200, "still serving");
    assert!(body.contains("\"rule\":\"spacing.missing-space-after-sentence\""));
}

#[test]
fn serves_concurrent_requests() {
    let server = Server::start(&[]);
    let body =
        "language=en-US&text=The+talks+ended.Officials+said+the+US+Foreign+Minister+would+attend.";
    std::thread::scope(|scope| {
        for _ in 0..16 {
            scope.spawn(|| {
                for _ in 0..5 {
                    let (status, text) = server.post("/v2/check", FORM, body.as_bytes());
                    assert_eq!(status, 200, "{text}");
                    assert!(text.contains("TITLES_OFFICE_CALQUE"));
                }
            });
        }
    });
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let mut server = Server::start(&[]);
    assert_eq!(server.get("/v2/languages").0, 200);
    let pid = server.pid().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(sent.success());
    let started = Instant::now();
    loop {
        if let Some(status) = server.try_wait() {
            assert!(status.success(), "exit status {status:?}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still running after SIGINT"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
