//! Routes, body limits and timeouts (axum on tokio).
//!
//! Every body is bounded: a `Content-Length` over the limit is refused with
//! 413 before a byte of the body is read, and a chunked body is cut off with
//! 413 as soon as it passes the limit. Each request must complete within
//! the timeout (408 otherwise); checks run on the blocking pool so a
//! long text never stalls the accept loop.

use super::editor;
use super::form::Form;
use super::languagetool::{self, BadRequest, CheckRequest};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use mtlint::score::ScoreConfig;
use mtlint::RuleSet;
use std::sync::Arc;
use std::time::Duration;

/// What every handler shares.
pub struct App {
    pub rules: Arc<RuleSet>,
    pub score: ScoreConfig,
    /// Largest accepted request body, in bytes.
    pub max_body: usize,
    /// The longest a request may take, body reading included.
    pub timeout: Duration,
    /// `Access-Control-Allow-Origin` for the LanguageTool API, when browser pages call it.
    pub allow_origin: Option<HeaderValue>,
}

const PAGE: &str = include_str!("page.html");
/// The page may talk to this server only, and load nothing from anywhere.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; \
    style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'";

/// Every route of `mtlint serve`.
pub fn router(app: Arc<App>) -> Router {
    let lt = Router::new()
        .route("/check", get(lt_check).post(lt_check).options(preflight))
        .route("/languages", get(lt_languages).options(preflight))
        .layer(middleware::from_fn_with_state(app.clone(), cors));
    Router::new()
        .route("/", get(page))
        .route("/mtlint/check", post(editor_check))
        .route("/mtlint/apply", post(editor_apply))
        .route("/mtlint/fix", post(editor_fix))
        .nest("/v2", lt.clone())
        .nest("/api/v2", lt)
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), time_limit))
        .with_state(app)
}

/// Adds `Access-Control-Allow-Origin` to LanguageTool API answers when `--allow-origin` is set.
async fn cors(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if let Some(origin) = &app.allow_origin {
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Content-Type"),
        );
    }
    response
}

async fn preflight() -> StatusCode {
    StatusCode::NO_CONTENT
}

async fn time_limit(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(app.timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let mut response = text(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "Error: the request took longer than {} s",
                    app.timeout.as_secs_f64()
                ),
            );
            let close = HeaderValue::from_static("close");
            response.headers_mut().insert(header::CONNECTION, close);
            response
        }
    }
}

fn text(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

fn json(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// A refused request: its status and plain-text message.
struct Failure(StatusCode, String);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        text(self.0, self.1)
    }
}

fn too_large(size: Option<u64>, limit: usize) -> Failure {
    let size = size.map_or_else(|| "more than that".to_string(), |s| format!("{s} bytes"));
    Failure(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "Error: request body too large ({size}); the limit is {limit} bytes \
             (mtlint serve --max-body-size)"
        ),
    )
}

/// The whole body, or the error response: 413 on `Content-Length` at once, or
/// as soon as a chunked body passes the limit.
async fn read_body(app: &App, request: Request) -> Result<Vec<u8>, Failure> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > app.max_body as u64) {
        return Err(too_large(declared, app.max_body));
    }
    match Limited::new(request.into_body(), app.max_body)
        .collect()
        .await
    {
        Ok(collected) => Ok(collected.to_bytes().to_vec()),
        Err(err) if err.is::<LengthLimitError>() => Err(too_large(None, app.max_body)),
        Err(err) if timed_out(err.as_ref()) => Err(Failure(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "Error: the request body did not arrive within {} s",
                app.timeout.as_secs_f64()
            ),
        )),
        Err(err) => Err(Failure(
            StatusCode::BAD_REQUEST,
            format!("Error: could not read the request body: {err}"),
        )),
    }
}

/// Whether an error was caused by a connection's read timeout.
fn timed_out(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(err);
    while let Some(e) = cause {
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
        {
            return true;
        }
        cause = e.source();
    }
    false
}

/// Runs CPU-bound work on the blocking pool.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Failure> {
    tokio::task::spawn_blocking(work).await.map_err(|_| {
        Failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Error: the check failed unexpectedly".into(),
        )
    })
}

async fn page() -> Response {
    let mut response = axum::response::Html(PAGE).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PAGE_POLICY),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn not_found(request: Request) -> Response {
    text(
        StatusCode::NOT_FOUND,
        format!(
            "Error: no such endpoint {} {}; this server has GET / (the editor), \
             POST /v2/check and GET /v2/languages (LanguageTool's API)",
            request.method(),
            request.uri().path()
        ),
    )
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Failure> {
    serde_json::from_slice(body).map_err(|e| {
        Failure(
            StatusCode::BAD_REQUEST,
            format!("Error: bad JSON request: {e}"),
        )
    })
}

async fn editor_check(State(app): State<Arc<App>>, request: Request) -> Response {
    let result = async {
        let body = read_body(&app, request).await?;
        let req: editor::TextRequest = parse_json(&body)?;
        blocking(move || editor::check(&app.rules, &app.score, &req.text)).await
    };
    match result.await {
        Ok(body) => json(StatusCode::OK, body),
        Err(failure) => failure.into_response(),
    }
}

async fn editor_apply(State(app): State<Arc<App>>, request: Request) -> Response {
    let result = async {
        let body = read_body(&app, request).await?;
        let req: editor::ApplyRequest = parse_json(&body)?;
        blocking(move || editor::apply(&app.rules, &app.score, &req)).await
    };
    match result.await {
        Ok(Some(body)) => json(StatusCode::OK, body),
        Ok(None) => text(
            StatusCode::CONFLICT,
            "Error: that finding or suggestion is not in the text any more; check again".into(),
        ),
        Err(failure) => failure.into_response(),
    }
}

async fn editor_fix(State(app): State<Arc<App>>, request: Request) -> Response {
    let result = async {
        let body = read_body(&app, request).await?;
        let req: editor::TextRequest = parse_json(&body)?;
        blocking(move || editor::fix_all(&app.rules, &app.score, &req.text)).await
    };
    match result.await {
        Ok(body) => json(StatusCode::OK, body),
        Err(failure) => failure.into_response(),
    }
}

async fn lt_languages() -> Response {
    json(StatusCode::OK, languagetool::languages_json())
}

/// `/v2/check`: form fields in a POST body, or query parameters in a GET.
async fn lt_check(State(app): State<Arc<App>>, request: Request) -> Response {
    let result = async {
        let form = if request.method() == Method::GET {
            Form::parse(request.uri().query().unwrap_or("").as_bytes())
        } else {
            Form::parse(&read_body(&app, request).await?)
        };
        let form = form.map_err(|e| Failure(StatusCode::BAD_REQUEST, format!("Error: {e}")))?;
        let check = CheckRequest::from_form(&form)
            .map_err(|BadRequest(message)| Failure(StatusCode::BAD_REQUEST, message))?;
        blocking(move || {
            let findings = check.findings(&app.rules);
            languagetool::check_response(&check, &app.rules, &findings)
        })
        .await
    };
    match result.await {
        Ok(body) => json(StatusCode::OK, body),
        Err(failure) => failure.into_response(),
    }
}
