//! `tmforge edit`: fix the alignment of one document in the browser.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use tmforge::config::Config;
use tmforge::editor::Session;
use tmforge::editor::server::{Editor, listen, new_token};
use tmforge::lang::LanguageTag;
use tmforge::segment::Segmenter;

/// Fix the alignment of one document and one translation in the browser.
///
/// Starts a local web server (127.0.0.1 only) for the document, prints its URL and opens it in
/// the browser. The page shows the two texts side by side, one row per bead, with confidences and
/// QA findings; every change (join, split, move, no counterpart, confirm, segmentation fixes,
/// realign) is saved at once to CORPUS/DOC.SRC-TGT.align, which every later `tmforge build`
/// follows. Ctrl-C stops the server; nothing is lost.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge edit corpus azerbaijan-demining            # opens the browser
  tmforge edit corpus report --lang fr --no-open     # prints the URL only
  tmforge edit corpus report --port 8765

Exit status:
  0  the server was stopped
  2  the document could not be opened, or the port could not be used")]
pub struct Args {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The document's name (NAME in NAME.LANG.txt).
    pub document: String,
    /// The translation to align with, when the document has several.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<LanguageTag>,
    /// The language of the original [default: tmforge.toml's, else ar].
    #[arg(long)]
    pub source_lang: Option<LanguageTag>,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Print the URL but do not open a browser.
    #[arg(long)]
    pub no_open: bool,
    #[command(flatten)]
    pub semantic: super::SemanticArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::load(&args.corpus)?.unwrap_or_default();
    let source_lang = match args.source_lang.or(config.source_lang) {
        Some(lang) => lang,
        None => LanguageTag::parse("ar")?,
    };
    // The same segmentation as `tmforge build`, or sentence numbers would not agree.
    let srx = config.srx;
    let segmenter_for = |lang: &LanguageTag| match &srx {
        None => Ok(Segmenter::builtin(lang)),
        Some(path) => Segmenter::from_srx(path, lang).map(|(s, _)| s),
    };
    let session = Session::open(
        &args.corpus,
        &args.document,
        &source_lang,
        args.lang.as_ref(),
        segmenter_for,
        &tmforge::align::AlignOptions {
            encoder: args.semantic.encoder()?,
            ..Default::default()
        },
    )?;
    for notice in session.view().notices {
        eprintln!(
            "tmforge: warning: {}: {notice}",
            session.align_path().display()
        );
    }
    let (server, port) =
        listen(args.port).with_context(|| format!("listening on 127.0.0.1:{}", args.port))?;
    let mut editor = Editor::new(session, port, new_token()?);
    let url = editor.url();
    println!("{url}");
    std::io::stdout().flush()?;
    eprintln!(
        "tmforge: editing {}; Ctrl-C stops the server (every change is already saved)",
        args.document
    );
    if !args.no_open {
        open_browser(&url);
    }
    editor.serve(&server);
    Ok(ExitCode::SUCCESS)
}

/// Opens `url` in the desktop's browser, as Jupyter does; the URL is printed anyway.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("tmforge: no browser could be opened; open the URL above");
    }
}
