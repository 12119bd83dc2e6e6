use super::server::{Editor, Request, Response};
use super::*;

const DOC: &str = "mosul-library";

/// A corpus folder with the inserted-sentence article of `tests/fixtures/edit`.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edit");
    for lang in ["ar", "en"] {
        let name = format!("{DOC}.{lang}.txt");
        std::fs::copy(fixtures.join(&name), dir.path().join(&name)).unwrap();
    }
    dir
}

fn open(dir: &Path) -> Session {
    let ar = LanguageTag::parse("ar").unwrap();
    Session::open(
        dir,
        DOC,
        &ar,
        None,
        |l| Ok(Segmenter::builtin(l)),
        &crate::align::AlignOptions::default(),
    )
    .unwrap()
}

fn beads(s: &Session) -> Vec<(Range<usize>, Range<usize>, bool)> {
    s.state
        .beads
        .iter()
        .map(|b| (b.source.clone(), b.target.clone(), b.confirmed))
        .collect()
}

fn covers(s: &Session) {
    let file: Vec<FileBead> = s
        .state
        .beads
        .iter()
        .map(|b| FileBead {
            source: b.source.clone(),
            target: b.target.clone(),
            confirmed: false,
            confidence: None,
            fingerprint: None,
            line: 0,
        })
        .collect();
    assert!(
        corrections::covers(&file, s.state.source.len(), s.state.target.len()),
        "{:?}",
        beads(s)
    );
}

#[test]
fn a_fix_made_with_the_operations_is_saved_and_read_back() {
    let dir = corpus();
    let mut s = open(dir.path());
    assert!(!s.align_path().exists(), "opening writes nothing");
    // Whatever the aligner made of the first beads, make them right by hand: the headline,
    // the first paragraph's two sentences, and the added sentence alone.
    s.apply(&Op::Join { bead: 0 }).unwrap();
    let k = s.state.beads.len();
    for _ in 0..k {
        if s.state.beads.len() == 1 {
            break;
        }
        s.apply(&Op::Join { bead: 0 }).unwrap();
    }
    assert_eq!(s.state.beads.len(), 1);
    covers(&s);
    // Split off the headline, the two sentences and the added one.
    for (src, tgt) in [(1, 1), (1, 1), (1, 1), (0, 1)] {
        let last = s.state.beads.len() - 1;
        s.apply(&Op::Split {
            bead: last,
            source: src,
            target: tgt,
        })
        .unwrap();
    }
    covers(&s);
    let rest = s.state.beads.len() - 1;
    s.apply(&Op::Confirm {
        beads: vec![rest],
        confirmed: false,
    })
    .unwrap();
    s.apply(&Op::Realign).unwrap();
    covers(&s);
    let gold = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edit/mosul-library.ar-en.gold"),
    )
    .unwrap();
    let gold = crate::align::parse_beads(&gold, Path::new("gold")).unwrap();
    let got: Vec<(Vec<usize>, Vec<usize>)> = s
        .state
        .beads
        .iter()
        .map(|b| (b.source.clone().collect(), b.target.clone().collect()))
        .collect();
    let want: Vec<(Vec<usize>, Vec<usize>)> =
        gold.into_iter().map(|g| (g.source, g.target)).collect();
    assert_eq!(got, want);
    assert_eq!(
        beads(&s).iter().filter(|b| b.2).count(),
        4,
        "the four beads made by hand stay confirmed"
    );
    // The file holds it; a new session reads the same alignment without aligning.
    let saved = std::fs::read_to_string(s.align_path()).unwrap();
    assert!(
        saved.contains("# source: mosul-library.ar.txt sha256:"),
        "{saved}"
    );
    assert!(saved.contains("[]:[3]:confirmed:"), "{saved}");
    let again = open(dir.path());
    assert_eq!(beads(&again), beads(&s));
}

#[test]
fn moves_detach_undo_and_redo() {
    let dir = corpus();
    let mut s = open(dir.path());
    let start = beads(&s);
    // Bead 1 pairs the Arabic sentence 1 with the English sentence 1 or less; move the target
    // sentence of bead 2 up into bead 1 and back down again.
    let first_target = s.state.beads[2].target.start;
    s.apply(&Op::Move {
        side: Side::Target,
        sentence: first_target,
        to: Direction::Up,
    })
    .unwrap();
    covers(&s);
    assert!(s.state.beads[1].target.contains(&first_target));
    s.apply(&Op::Undo).unwrap();
    assert_eq!(beads(&s), start);
    s.apply(&Op::Redo).unwrap();
    assert!(s.state.beads[1].target.contains(&first_target));
    // A sentence in the middle of a bead does not move.
    let b = s.state.beads[1].clone();
    if b.target.len() > 2 {
        assert!(
            s.apply(&Op::Move {
                side: Side::Target,
                sentence: b.target.start + 1,
                to: Direction::Up
            })
            .is_err()
        );
    }
    // The last sentence of bead 1 has no counterpart.
    let last = s.state.beads[1].target.end - 1;
    s.apply(&Op::Detach {
        side: Side::Target,
        sentence: last,
    })
    .unwrap();
    covers(&s);
    let alone = s
        .state
        .beads
        .iter()
        .find(|b| b.target == (last..last + 1))
        .unwrap();
    assert!(alone.source.is_empty() && alone.confirmed);
    // Errors change nothing and bump no version.
    let version = s.version();
    assert!(
        s.apply(&Op::Join { bead: 999 })
            .unwrap_err()
            .contains("no bead 999")
    );
    assert_eq!(s.version(), version);
}

#[test]
fn segmentation_fixes_split_and_join_sentences_and_are_kept_in_the_file() {
    let dir = corpus();
    let mut s = open(dir.path());
    let n = s.state.target.len();
    // Split English sentence 1 after "The university on Sunday".
    let text = s.view().target.sentences[1].text.clone();
    let at = text.find(" reopened").unwrap();
    s.apply(&Op::SplitSentence {
        side: Side::Target,
        sentence: 1,
        at,
    })
    .unwrap();
    covers(&s);
    let v = s.view();
    assert_eq!(v.target.sentences.len(), n + 1);
    assert_eq!(v.target.sentences[1].text, "The university on Sunday");
    assert!(
        v.target.sentences[2]
            .text
            .starts_with("reopened its central library")
    );
    let saved = std::fs::read_to_string(s.align_path()).unwrap();
    assert!(saved.contains("split target "), "{saved}");
    // A new session applies the fix.
    assert_eq!(open(dir.path()).view().target.sentences.len(), n + 1);
    // Joining the two again takes the fix back instead of adding a join.
    s.apply(&Op::JoinSentences {
        side: Side::Target,
        sentence: 1,
    })
    .unwrap();
    covers(&s);
    assert_eq!(s.view().target.sentences[1].text, text);
    let saved = std::fs::read_to_string(s.align_path()).unwrap();
    assert!(
        !saved.contains("split") && !saved.contains("join"),
        "{saved}"
    );
    // Joining two sentences of the segmenter records a join; the two beads become one.
    s.apply(&Op::JoinSentences {
        side: Side::Source,
        sentence: 1,
    })
    .unwrap();
    covers(&s);
    let saved = std::fs::read_to_string(s.align_path()).unwrap();
    assert!(saved.contains("join source "), "{saved}");
    assert_eq!(
        open(dir.path()).view().source.sentences.len(),
        s.state.source.len()
    );
    // Across a paragraph break: refused.
    let last_of_first_paragraph = s
        .view()
        .source
        .sentences
        .iter()
        .rposition(|x| x.paragraph == 1)
        .unwrap();
    let e = s
        .apply(&Op::JoinSentences {
            side: Side::Source,
            sentence: last_of_first_paragraph,
        })
        .unwrap_err();
    assert!(e.contains("paragraphs"), "{e}");
}

#[test]
fn confirm_above_a_threshold_and_the_findings_of_a_pair() {
    let dir = corpus();
    let mut s = open(dir.path());
    s.apply(&Op::ConfirmAbove { threshold: 0.9 }).unwrap();
    let view = s.view();
    for b in &view.beads {
        assert_eq!(b.confirmed, b.confidence >= 0.9, "{b:?}");
    }
    assert!(s.apply(&Op::ConfirmAbove { threshold: 2.0 }).is_err());
    // A wrong pair: the aligner's low confidence is a finding, as in `tmforge validate`.
    let low = view
        .beads
        .iter()
        .find(|b| b.confidence < 0.5 && b.source[0] < b.source[1] && b.target[0] < b.target[1]);
    if let Some(b) = low {
        assert!(
            b.findings.iter().any(|f| f.code == "low-confidence"),
            "{b:?}"
        );
    }
}

// The server's rules, each on its own.

const PORT: u16 = 4711;
const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn editor(dir: &Path) -> Editor {
    Editor::new(open(dir), PORT, TOKEN.to_string())
}

fn request(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Request {
    Request {
        method: method.to_string(),
        url: url.to_string(),
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

const HOST: (&str, &str) = ("Host", "127.0.0.1:4711");

fn cookie() -> (&'static str, String) {
    ("Cookie", format!("other=1; tmforge-edit-{PORT}={TOKEN}"))
}

fn get(e: &mut Editor, url: &str, headers: &[(&str, &str)]) -> Response {
    e.respond(&request("GET", url, headers, ""))
}

fn post(e: &mut Editor, body: &str, extra: &[(&str, &str)]) -> Response {
    let (c, v) = cookie();
    let mut headers = vec![HOST, (c, v.as_str()), ("Content-Type", "application/json")];
    headers.extend_from_slice(extra);
    e.respond(&request("POST", "/api/op", &headers, body))
}

#[test]
fn the_token_is_needed_and_turns_into_a_cookie() {
    let dir = corpus();
    let mut e = editor(dir.path());
    assert_eq!(get(&mut e, "/", &[HOST]).status, 403);
    assert_eq!(get(&mut e, "/api/doc", &[HOST]).status, 403);
    assert_eq!(get(&mut e, "/favicon.ico", &[HOST]).status, 403);
    assert_eq!(get(&mut e, "/?token=wrong", &[HOST]).status, 403);
    let wrong = ("Cookie", format!("tmforge-edit-{PORT}=f{}", &TOKEN[1..]));
    assert_eq!(get(&mut e, "/", &[HOST, (wrong.0, &wrong.1)]).status, 403);
    // The printed URL: a redirect that sets the cookie and drops the token from the address.
    let r = get(&mut e, &format!("/?token={TOKEN}"), &[HOST]);
    assert_eq!(r.status, 303);
    assert_eq!(r.header("Location"), Some("/"));
    let set = r.header("Set-Cookie").unwrap();
    assert!(
        set.starts_with(&format!("tmforge-edit-{PORT}={TOKEN};")),
        "{set}"
    );
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let (c, v) = cookie();
    let page = get(&mut e, "/", &[HOST, (c, &v)]);
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("<link rel=\"icon\" href=\"data:,\">"));
    let bearer = format!("Bearer {TOKEN}");
    let doc = get(&mut e, "/api/doc", &[HOST, ("Authorization", &bearer)]);
    assert_eq!(doc.status, 200);
    assert!(String::from_utf8_lossy(&doc.body).contains("\"document\":\"mosul-library\""));
}

#[test]
fn a_foreign_host_header_is_refused() {
    let dir = corpus();
    let mut e = editor(dir.path());
    let (c, v) = cookie();
    for host in [
        "evil.example:4711",
        "127.0.0.1:80",
        "127.0.0.1",
        "localhost.evil:4711",
    ] {
        let r = get(&mut e, "/api/doc", &[("Host", host), (c, &v)]);
        assert_eq!(r.status, 403, "{host}");
    }
    assert_eq!(get(&mut e, "/api/doc", &[(c, &v)]).status, 403, "no Host");
    for host in ["localhost:4711", "[::1]:4711", "127.0.0.1:4711"] {
        assert_eq!(
            get(&mut e, "/api/doc", &[("Host", host), (c, &v)]).status,
            200
        );
    }
}

#[test]
fn no_cors_and_changes_only_by_post_with_json() {
    let dir = corpus();
    let mut e = editor(dir.path());
    let (c, v) = cookie();
    // A preflight gets no CORS header, so no other site may send JSON.
    let r = e.respond(&request(
        "OPTIONS",
        "/api/op",
        &[
            HOST,
            (c, &v),
            ("Origin", "http://evil.example"),
            ("Access-Control-Request-Method", "POST"),
        ],
        "",
    ));
    assert_eq!(r.status, 405);
    assert!(
        r.headers
            .iter()
            .all(|(n, _)| !n.to_ascii_lowercase().starts_with("access-control"))
    );
    // GET does not change.
    assert_eq!(get(&mut e, "/api/op", &[HOST, (c, &v)]).status, 405);
    // A form post (what another site can send without preflight) is refused.
    let r = e.respond(&request(
        "POST",
        "/api/op",
        &[HOST, (c, &v), ("Content-Type", "text/plain")],
        "{\"version\":1,\"op\":\"realign\"}",
    ));
    assert_eq!(r.status, 415);
    // A POST from another origin is refused even with the cookie.
    let r = post(
        &mut e,
        "{\"version\":1,\"op\":\"realign\"}",
        &[("Origin", "http://evil.example")],
    );
    assert_eq!(r.status, 403);
    let r = post(
        &mut e,
        "{\"version\":1,\"op\":\"realign\"}",
        &[("Sec-Fetch-Site", "cross-site")],
    );
    assert_eq!(r.status, 403);
    assert!(!e_has_file(&dir), "nothing was saved");
    // The page's own POST works, and every answer carries the security headers.
    let confirm = "{\"version\":1,\"op\":\"confirm\",\"beads\":[0],\"confirmed\":true}";
    let r = post(
        &mut e,
        confirm,
        &[
            ("Origin", "http://127.0.0.1:4711"),
            ("Sec-Fetch-Site", "same-origin"),
        ],
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert!(
        r.header("Content-Security-Policy")
            .unwrap()
            .contains("default-src 'none'")
    );
    assert_eq!(r.header("X-Content-Type-Options"), Some("nosniff"));
    assert!(e_has_file(&dir));
    // Malformed and unknown operations.
    assert_eq!(
        post(&mut e, "{\"version\":2,\"op\":\"delete_all\"}", &[]).status,
        400
    );
    assert_eq!(
        post(&mut e, "{\"version\":2,\"op\":\"join\",\"bead\":999}", &[]).status,
        422
    );
}

fn e_has_file(dir: &tempfile::TempDir) -> bool {
    dir.path().join(format!("{DOC}.ar-en.align")).exists()
}

#[test]
fn two_tabs_cannot_overwrite_each_other() {
    let dir = corpus();
    let mut e = editor(dir.path());
    // Both tabs loaded version 1; the first changes it.
    let r = post(
        &mut e,
        "{\"version\":1,\"op\":\"confirm\",\"beads\":[0],\"confirmed\":true}",
        &[],
    );
    assert_eq!(r.status, 200);
    let saved = std::fs::read_to_string(dir.path().join(format!("{DOC}.ar-en.align"))).unwrap();
    // The second tab's change, made on version 1, is refused and changes nothing.
    let r = post(
        &mut e,
        "{\"version\":1,\"op\":\"confirm\",\"beads\":[0],\"confirmed\":false}",
        &[],
    );
    assert_eq!(r.status, 409);
    let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(body["version"], 2);
    let after = std::fs::read_to_string(dir.path().join(format!("{DOC}.ar-en.align"))).unwrap();
    assert_eq!(after, saved);
}

#[test]
fn it_listens_on_loopback_only_and_refuses_a_foreign_host_on_the_wire() {
    use std::io::{Read, Write};
    let (server, port) = server::listen(0).unwrap();
    assert!(server.server_addr().to_ip().unwrap().ip().is_loopback());
    let dir = corpus();
    let mut e = Editor::new(open(dir.path()), port, TOKEN.to_string());
    let ask = move |host: String| -> String {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /?token={TOKEN} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let client = std::thread::spawn(move || {
        (
            ask(format!("rebound.example:{port}")),
            ask(format!("127.0.0.1:{port}")),
        )
    });
    for _ in 0..2 {
        e.serve_one(server.recv().unwrap());
    }
    let (foreign, own) = client.join().unwrap();
    assert!(foreign.starts_with("HTTP/1.1 403"), "{foreign}");
    assert!(own.starts_with("HTTP/1.1 303"), "{own}");
    assert!(
        !own.to_ascii_lowercase().contains("access-control-allow"),
        "{own}"
    );
}
