//! The editor's HTTP server: the page, its script and style, and a small JSON API, on a loopback
//! port for one person's browser.
//!
//! A local server is still reachable by every web page that person opens, so every request must
//! prove it comes from the page tmforge printed:
//! - it listens on 127.0.0.1 only;
//! - the `Host` header must name that address (or `localhost`) and the port, which defeats DNS
//!   rebinding (a foreign name resolved to 127.0.0.1);
//! - every request carries the token of the printed URL: as `?token=` once (answered with a
//!   cookie and a redirect that takes the token out of the address bar), then as that cookie, or
//!   as `Authorization: Bearer TOKEN` from a script; otherwise 403;
//! - changes are only POSTed with a JSON body (a form on another site cannot send one without a
//!   CORS preflight, and no CORS header is ever sent), and a POST whose `Origin` is another site
//!   is refused;
//! - each change names the version it was made on; a change made on an older one (another tab)
//!   gets 409, and the page reloads.
//!
//! What this module does not do: TLS, several documents, or several users.

use std::io::Read;

use super::{Op, Session};

/// Largest request body read: an operation is a few dozen bytes.
const MAX_BODY: u64 = 64 * 1024;

const PAGE_HTML: &str = include_str!("page/index.html");
const PAGE_JS: &str = include_str!("page/editor.js");
const PAGE_CSS: &str = include_str!("page/editor.css");

/// The headers of every answer: no caching, no sniffing, no framing, no referrer, and a content
/// policy that allows the page's own script and style only.
const SECURITY_HEADERS: [(&str, &str); 5] = [
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
         img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
];

/// A request as the editor sees it: independent of the HTTP library, so that tests can send
/// any request without a socket.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    /// Path and query, as in the request line.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An answer.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        let mut headers: Vec<(String, String)> = SECURITY_HEADERS
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        headers.push(("Content-Type".to_string(), content_type.to_string()));
        Response {
            status,
            headers,
            body: body.into(),
        }
    }

    fn json(status: u16, value: &impl serde::Serialize) -> Response {
        let body = serde_json::to_vec(value).expect("views serialize");
        Response::new(status, "application/json; charset=utf-8", body)
    }

    fn error(status: u16, message: &str) -> Response {
        Response::json(status, &serde_json::json!({ "error": message }))
    }

    /// The value of header `name`, for tests.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A change sent to `POST /api/op`.
#[derive(serde::Deserialize)]
struct Change {
    version: u64,
    #[serde(flatten)]
    op: Op,
}

/// The editor behind the server: a session, the port it is served on, and its token.
pub struct Editor {
    session: Session,
    port: u16,
    token: String,
}

/// A fresh token: 32 random bytes, hex.
pub fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares in time independent of where the strings differ, so the token cannot be guessed a
/// byte at a time.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0, |d, (x, y)| d | (x ^ y)) == 0
}

impl Editor {
    pub fn new(session: Session, port: u16, token: String) -> Editor {
        Editor {
            session,
            port,
            token,
        }
    }

    /// The URL to open: the page, with the token.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    /// The cookie's name: ports differ, and browsers share cookies across the ports of a host.
    fn cookie_name(&self) -> String {
        format!("tmforge-edit-{}", self.port)
    }

    fn host_allowed(&self, host: Option<&str>) -> bool {
        let p = self.port;
        host.is_some_and(|h| {
            [
                format!("127.0.0.1:{p}"),
                format!("localhost:{p}"),
                format!("[::1]:{p}"),
            ]
            .iter()
            .any(|ok| h.eq_ignore_ascii_case(ok))
        })
    }

    fn origin_allowed(&self, origin: &str) -> bool {
        let p = self.port;
        [
            format!("http://127.0.0.1:{p}"),
            format!("http://localhost:{p}"),
            format!("http://[::1]:{p}"),
        ]
        .iter()
        .any(|ok| origin.eq_ignore_ascii_case(ok))
    }

    /// The token the request carries: in the query, the cookie or a bearer header.
    fn carries_token(&self, req: &Request, query_token: Option<&str>) -> bool {
        let cookie_name = self.cookie_name();
        let from_cookie = req.header("Cookie").and_then(|c| {
            c.split(';').find_map(|kv| {
                let (k, v) = kv.trim().split_once('=')?;
                (k == cookie_name).then_some(v)
            })
        });
        let from_bearer = req
            .header("Authorization")
            .and_then(|a| a.strip_prefix("Bearer "));
        [query_token, from_cookie, from_bearer]
            .into_iter()
            .flatten()
            .any(|t| same(t.trim(), &self.token))
    }

    /// Answers one request.
    pub fn respond(&mut self, req: &Request) -> Response {
        if !self.host_allowed(req.header("Host")) {
            return Response::error(
                403,
                "this server answers only requests for 127.0.0.1 or localhost and its port",
            );
        }
        let (path, query) = req.url.split_once('?').unwrap_or((req.url.as_str(), ""));
        let query_token = query.split('&').find_map(|kv| kv.strip_prefix("token="));
        if !self.carries_token(req, query_token) {
            return Response::error(
                403,
                "open the URL that `tmforge edit` printed (it carries the token)",
            );
        }
        match (req.method.as_str(), path) {
            ("GET", "/") if query_token.is_some() => {
                // Keep the token in a cookie and out of the address bar and history.
                let mut r = Response::new(303, "text/plain; charset=utf-8", "");
                r.headers.push(("Location".to_string(), "/".to_string()));
                r.headers.push((
                    "Set-Cookie".to_string(),
                    format!(
                        "{}={}; Path=/; HttpOnly; SameSite=Strict",
                        self.cookie_name(),
                        self.token
                    ),
                ));
                r
            }
            ("GET", "/") => Response::new(200, "text/html; charset=utf-8", PAGE_HTML),
            ("GET", "/editor.js") => Response::new(200, "text/javascript; charset=utf-8", PAGE_JS),
            ("GET", "/editor.css") => Response::new(200, "text/css; charset=utf-8", PAGE_CSS),
            ("GET", "/api/doc") => Response::json(200, &self.session.view()),
            ("POST", "/api/op") => self.change(req),
            (_, "/" | "/editor.js" | "/editor.css" | "/api/doc" | "/api/op") => {
                let mut r = Response::error(405, "GET reads, POST with a JSON body changes");
                let allow = if path == "/api/op" { "POST" } else { "GET" };
                r.headers.push(("Allow".to_string(), allow.to_string()));
                r
            }
            _ => Response::error(404, "no such page"),
        }
    }

    fn change(&mut self, req: &Request) -> Response {
        if let Some(origin) = req.header("Origin")
            && !self.origin_allowed(origin)
        {
            return Response::error(403, "changes come only from the editor's own page");
        }
        if req
            .header("Sec-Fetch-Site")
            .is_some_and(|s| s != "same-origin" && s != "none")
        {
            return Response::error(403, "changes come only from the editor's own page");
        }
        let json = req.header("Content-Type").is_some_and(|t| {
            t.trim()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
        if !json {
            return Response::error(
                415,
                "send the change as JSON (Content-Type: application/json)",
            );
        }
        let change: Change = match serde_json::from_slice(&req.body) {
            Ok(c) => c,
            Err(e) => return Response::error(400, &format!("not a change: {e}")),
        };
        if change.version != self.session.version() {
            return Response::json(
                409,
                &serde_json::json!({
                    "error": "the alignment changed since this page loaded it (another tab?); reload",
                    "version": self.session.version(),
                }),
            );
        }
        match self.session.apply(&change.op) {
            Ok(()) => Response::json(200, &self.session.view()),
            Err(message) => Response::error(422, &message),
        }
    }

    /// Serves requests until the process ends. Every change is saved as it is made, so stopping
    /// the process (Ctrl-C) loses nothing.
    pub fn serve(&mut self, server: &tiny_http::Server) {
        for request in server.incoming_requests() {
            self.serve_one(request);
        }
    }

    /// Reads one request from the wire, answers it and sends the answer.
    pub fn serve_one(&mut self, mut request: tiny_http::Request) {
        let mut body = Vec::new();
        let too_long = request.body_length().is_some_and(|n| n as u64 > MAX_BODY);
        let read = request
            .as_reader()
            .take(MAX_BODY + 1)
            .read_to_end(&mut body);
        let response = if too_long || body.len() as u64 > MAX_BODY {
            Response::error(413, "the request body is too long")
        } else if read.is_err() {
            Response::error(400, "the request body could not be read")
        } else {
            let req = Request {
                method: request.method().as_str().to_ascii_uppercase(),
                url: request.url().to_string(),
                headers: request
                    .headers()
                    .iter()
                    .map(|h| (h.field.as_str().to_string(), h.value.as_str().to_string()))
                    .collect(),
                body,
            };
            self.respond(&req)
        };
        let mut out = tiny_http::Response::from_data(response.body)
            .with_status_code(tiny_http::StatusCode(response.status));
        for (name, value) in &response.headers {
            if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                out.add_header(h);
            }
        }
        // A browser that went away is no reason to stop.
        let _ = request.respond(out);
    }
}

/// Listens on 127.0.0.1:`port` (0: a free port); returns the server and its port.
pub fn listen(port: u16) -> std::io::Result<(tiny_http::Server, u16)> {
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(std::io::Error::other)?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or_else(|| std::io::Error::other("not listening on an IP address"))?;
    Ok((server, port))
}
