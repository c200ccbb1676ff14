//! `mtlint serve`: the editor page and LanguageTool's HTTP API on one local server.
//!
//! - [`http`]: routes, body limits, timeouts;
//! - [`editor`]: the page's JSON API (check, apply a suggestion, safe fixes);
//! - [`languagetool`]: `/v2/check` and `/v2/languages` in LanguageTool's shape;
//! - [`form`], [`utf16`]: form decoding and offset units;
//! - `page.html`: the page, one file with its CSS and JavaScript inline.

mod editor;
mod form;
mod http;
mod languagetool;
mod utf16;

use anyhow::{Context, Result};
use mtlint::RuleSet;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_io_timeout::TimeoutStream;

/// Default request body limit: 1 MiB, some 150,000 words.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on; anything but loopback exposes the server to the network.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on (0: any free port, printed at start).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Refuse request bodies larger than this many bytes (413).
    #[arg(long, default_value_t = DEFAULT_MAX_BODY, value_name = "BYTES")]
    max_body_size: usize,
    /// Seconds a request may take, and a connection may stay silent (idle keep-alive too).
    #[arg(long, default_value_t = 30.0, value_name = "SECS")]
    timeout: f64,
    /// Let web pages from this origin call the LanguageTool API (CORS), e.g. `*`.
    #[arg(long, value_name = "ORIGIN")]
    allow_origin: Option<String>,
    #[command(flatten)]
    score: crate::report_commands::ScoreArgs,
}

/// Runs the server until Ctrl-C (or SIGTERM), then finishes the requests in flight.
pub fn serve(rules: std::sync::Arc<RuleSet>, args: ServeArgs) -> Result<()> {
    let allow_origin =
        match &args.allow_origin {
            Some(origin) => Some(axum::http::HeaderValue::from_str(origin).with_context(|| {
                format!("--allow-origin {origin:?} is not a valid header value")
            })?),
            None => None,
        };
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .ok()
        .filter(|t| !t.is_zero())
        .with_context(|| {
            format!(
                "--timeout must be a positive number of seconds, not {}",
                args.timeout
            )
        })?;
    let app = Arc::new(http::App {
        rules,
        score: args.score.config()?,
        max_body: args.max_body_size,
        timeout,
        allow_origin,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let address = SocketAddr::new(args.host, args.port);
        let listener = TcpListener::bind(address)
            .await
            .with_context(|| format!("cannot listen on {address}"))?;
        let bound = listener.local_addr()?;
        announce(bound);
        axum::serve(TimedListener(listener, timeout), http::router(app))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("serving")?;
        eprintln!("mtlint serve: stopped");
        Ok(())
    })
}

fn announce(bound: SocketAddr) {
    if !bound.ip().is_loopback() {
        eprintln!(
            "mtlint serve: warning: listening on {}, reachable from other machines; \
             the server has no authentication (use --host 127.0.0.1 to keep it local)",
            bound.ip()
        );
    }
    // The first line on standard output, for scripts and tests that pass --port 0.
    println!("mtlint serve: listening on http://{bound}/ (editor page; LanguageTool API at http://{bound}/v2/check)");
    eprintln!("mtlint serve: press Ctrl-C to stop");
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("mtlint serve: shutting down, finishing requests in flight");
}

/// A TCP listener whose connections time out when reads or writes stall.
struct TimedListener(TcpListener, Duration);

impl axum::serve::Listener for TimedListener {
    type Io = Pin<Box<TimeoutStream<TcpStream>>>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.0.accept().await {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    let mut timed = TimeoutStream::new(stream);
                    timed.set_read_timeout(Some(self.1));
                    timed.set_write_timeout(Some(self.1));
                    return (Box::pin(timed), peer);
                }
                // Out of file descriptors and the like: wait, do not spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.0.local_addr()
    }
}
