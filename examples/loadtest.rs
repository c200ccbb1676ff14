//! Load test for `mtlint serve`, run from a second process (`scripts/load-test.sh`).
//!
//! usage: loadtest ADDR ARTICLE.txt [REQUESTS] [CONCURRENCY] [DEADLINE_SECS]
//!
//! Sends REQUESTS (default 2,000) LanguageTool `/v2/check` requests for the
//! article, CONCURRENCY (default 16) at a time over keep-alive connections, and
//! prints throughput and latency percentiles; gives up at the deadline (default
//! 120 s). Then sends a request declaring a 10 MB body and one that really
//! streams 10 MB, and reports how soon each got its 413. Loopback only.
//! Exit 1 when any request fails or the deadline passes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: loadtest ADDR ARTICLE.txt [REQUESTS] [CONCURRENCY] [DEADLINE_SECS]");
        std::process::exit(2);
    }
    let addr: SocketAddr = args[0]
        .parse()
        .unwrap_or_else(|e| fail(&format!("bad address: {e}")));
    if !addr.ip().is_loopback() {
        fail("the load test runs against loopback only (127.0.0.1 or ::1)");
    }
    let article =
        std::fs::read_to_string(&args[1]).unwrap_or_else(|e| fail(&format!("{}: {e}", args[1])));
    let number = |i: usize, default: u64| {
        args.get(i)
            .map_or(default, |s| s.parse().unwrap_or(default))
    };
    let (requests, concurrency) = (number(2, 2000) as usize, number(3, 16) as usize);
    let deadline = Instant::now() + Duration::from_secs(number(4, 120));
    let body = format!("language=en-US&text={}", encode(&article));
    let request = format!(
        "POST /v2/check HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    println!(
        "article: {} characters, {} bytes; {requests} requests, {concurrency} at a time, to http://{addr}/v2/check",
        article.chars().count(),
        article.len()
    );
    let ok = run_load(addr, request.as_bytes(), requests, concurrency, deadline);
    let refused = oversize_checks(addr);
    if !(ok && refused) {
        std::process::exit(1);
    }
}

fn fail(message: &str) -> ! {
    eprintln!("loadtest: {message}");
    std::process::exit(2)
}

/// Percent-encodes everything but unreserved ASCII.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One request-response on a keep-alive connection: (status, body length).
fn exchange(reader: &mut BufReader<TcpStream>, request: &[u8]) -> std::io::Result<(u16, usize)> {
    reader.get_mut().write_all(request)?;
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok((status, length))
}

/// What the workers share: the next request number, latencies, errors.
struct Tally {
    next: AtomicUsize,
    latencies: Mutex<Vec<Duration>>,
    errors: Mutex<Vec<String>>,
}

impl Tally {
    fn error(&self, e: String) {
        self.errors.lock().unwrap().push(e);
    }
}

/// One worker: takes request numbers until all are sent, over one keep-alive connection.
fn worker(addr: SocketAddr, request: &[u8], requests: usize, deadline: Instant, tally: &Tally) {
    let mut conn: Option<BufReader<TcpStream>> = None;
    while tally.next.fetch_add(1, Ordering::Relaxed) < requests {
        if Instant::now() > deadline {
            return tally.error("deadline passed".to_string());
        }
        let reader = match conn.as_mut() {
            Some(reader) => reader,
            None => match TcpStream::connect(addr) {
                Ok(stream) => {
                    let _ = stream.set_nodelay(true);
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
                    conn.insert(BufReader::new(stream))
                }
                Err(e) => {
                    tally.error(format!("connect: {e}"));
                    continue;
                }
            },
        };
        let sent = Instant::now();
        match exchange(reader, request) {
            Ok((200, len)) if len > 0 => tally.latencies.lock().unwrap().push(sent.elapsed()),
            Ok((status, _)) => tally.error(format!("status {status}")),
            Err(e) => {
                tally.error(format!("i/o: {e}"));
                conn = None;
            }
        }
    }
}

fn run_load(
    addr: SocketAddr,
    request: &[u8],
    requests: usize,
    concurrency: usize,
    deadline: Instant,
) -> bool {
    let tally = Tally {
        next: AtomicUsize::new(0),
        latencies: Mutex::new(Vec::with_capacity(requests)),
        errors: Mutex::new(Vec::new()),
    };
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..concurrency {
            scope.spawn(|| worker(addr, request, requests, deadline, &tally));
        }
    });
    let elapsed = started.elapsed();
    let mut latencies = tally.latencies.into_inner().unwrap();
    let errors = tally.errors.into_inner().unwrap();
    latencies.sort_unstable();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len().max(1)) - 1;
        latencies.get(i).map_or(0.0, |d| ms(*d))
    };
    println!(
        "{} ok, {} errors in {:.2} s: {:.0} requests/s",
        latencies.len(),
        errors.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency ms: min {:.2}, median {:.2}, p90 {:.2}, p99 {:.2}, max {:.2}",
        pct(0.0),
        pct(0.5),
        pct(0.9),
        pct(0.99),
        pct(1.0)
    );
    for e in errors.iter().take(5) {
        println!("error: {e}");
    }
    errors.is_empty() && latencies.len() == requests
}

const TEN_MB: usize = 10 * 1024 * 1024;

/// A declared 10 MB body, then a streamed one: both must get 413 long before 10 MB is read.
fn oversize_checks(addr: SocketAddr) -> bool {
    let head = format!(
        "POST /v2/check HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {TEN_MB}\r\n\r\n"
    );
    let declared = match declared_only(addr, &head) {
        Ok((status, took)) => {
            println!(
                "10 MB declared, body not sent: \"{status}\" after {:.2} ms",
                ms(took)
            );
            status.contains(" 413 ")
        }
        Err(e) => {
            println!("10 MB declared: error {e}");
            false
        }
    };
    let streamed = match streamed(addr, head) {
        Ok((status, took, sent)) => {
            println!(
                "10 MB streamed: \"{status}\" after {:.2} ms; the client had written {:.1} MB when the server closed",
                ms(took),
                sent as f64 / 1e6
            );
            status.contains(" 413 ")
        }
        Err(e) => {
            println!("10 MB streamed: error {e}");
            false
        }
    };
    declared && streamed
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Sends only the head of a 10 MB request; returns the status line and how soon it came.
fn declared_only(addr: SocketAddr, head: &str) -> std::io::Result<(String, Duration)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let started = Instant::now();
    stream.write_all(head.as_bytes())?;
    let mut buf = [0; 256];
    let n = stream.read(&mut buf)?;
    let status = String::from_utf8_lossy(&buf[..n])
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    Ok((status, started.elapsed()))
}

/// Writes 10 MB in 64 KB pieces while waiting for the answer: (status line, time, bytes written).
fn streamed(addr: SocketAddr, head: String) -> std::io::Result<(String, Duration, usize)> {
    let mut reader = TcpStream::connect(addr)?;
    reader.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut writer = reader.try_clone()?;
    let started = Instant::now();
    let sender = std::thread::spawn(move || {
        let mut sent = 0;
        let chunk = vec![b'a'; 64 * 1024];
        if writer.write_all(head.as_bytes()).is_err() {
            return 0;
        }
        while sent < TEN_MB && writer.write_all(&chunk).is_ok() {
            sent += chunk.len();
        }
        sent
    });
    let mut buf = [0; 256];
    let n = reader.read(&mut buf)?;
    let took = started.elapsed();
    let _ = reader.shutdown(std::net::Shutdown::Both);
    let sent = sender.join().unwrap_or(0);
    let status = String::from_utf8_lossy(&buf[..n])
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    Ok((status, took, sent))
}
