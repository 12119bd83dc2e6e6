//! `tmforge convert`: moves a memory between TMX, TSV, JSONL and Moses line-aligned text.
//!
//! Every conversion goes through the TMX model; each format's module in `tmforge::formats` says
//! what it can hold. Inputs are read twice when the output needs its columns before its first row
//! (TSV, Moses), so standard input is held in memory and files are simply opened again.

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;

use anyhow::{Context, bail};
use tmforge::LanguageTag;
use tmforge::formats::jsonl::{JsonlReader, JsonlWriter};
use tmforge::formats::moses::{MosesFiles, MosesReader, MosesWriter};
use tmforge::formats::tsv::{TsvReader, TsvWriter};
use tmforge::formats::{Columns, Format, Losses, UnitSource};
use tmforge::tmx::{Header, TmxReader, TmxWriter, TranslationUnit};

use super::Output;

/// Convert a memory between TMX, TSV, JSONL and Moses text.
///
/// The formats come from the file extensions (.tmx; .tsv or .tab; .jsonl or .ndjson; a language
/// tag such as .ar or .en-US for Moses text) or from --from and --to. Moses text is one file a
/// language: name one of them (train.ar: the source language, the other languages are the
/// sibling files train.*) or their prefix (train, with --from/--to moses). `-` reads standard
/// input or writes standard output (not for Moses text, which is several files).
///
/// TSV: the first row names the columns (language tags, tu:tuid, tu:note, tu:ATTRIBUTE,
/// prop:TYPE); a tab, line feed, carriage return and backslash inside a cell are written \t, \n,
/// \r and \\. Moses text cannot hold a line break inside a segment: such a unit is an error.
/// What the output format cannot hold (inline codes in TSV and Moses text, props and notes in
/// Moses text) is counted in a warning.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge convert memory.tmx memory.tsv          # TMX -> TSV with a header row
  tmforge convert memory.tsv memory.tmx
  tmforge convert memory.tmx train.ar            # writes train.ar and train.en
  tmforge convert train.ar memory.jsonl          # reads train.ar and its siblings train.*
  tmforge convert --to moses memory.tmx corpus/train
  cat memory.jsonl | tmforge convert --from jsonl --to tmx - - > memory.tmx

Exit status:
  0  converted
  2  the input could not be read, or holds something the output format cannot hold (a line
     break in a segment for Moses text)")]
pub struct Args {
    /// The input file, `-` for standard input, or for Moses text one of its files or its prefix.
    pub input: PathBuf,
    /// The output file, `-` for standard output, or for Moses text one of its files or its prefix.
    pub output: PathBuf,
    /// The input format (tmx, tsv, jsonl, moses), when the extension does not say.
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<Format>,
    /// The output format (tmx, tsv, jsonl, moses), when the extension does not say.
    #[arg(long, value_name = "FORMAT")]
    pub to: Option<Format>,
    /// The source language: the TMX srclang, the first TSV column, the first Moses file.
    /// By default the input's own (TMX srclang, first TSV column, first JSONL variant, named
    /// Moses file).
    #[arg(long, value_name = "LANG")]
    pub source_lang: Option<LanguageTag>,
    /// Replace an existing output file that tmforge did not write. TSV, JSONL and Moses files
    /// carry no mark of tmforge, so replacing one always needs --force.
    #[arg(long)]
    pub force: bool,
}

/// An input that can be opened more than once.
enum Input {
    Stdin(Rc<[u8]>),
    File(PathBuf),
}

impl Input {
    fn name(&self) -> &Path {
        match self {
            Input::Stdin(_) => Path::new("<stdin>"),
            Input::File(p) => p,
        }
    }

    fn reader(&self) -> anyhow::Result<Box<dyn std::io::BufRead>> {
        Ok(match self {
            Input::Stdin(bytes) => Box::new(std::io::Cursor::new(Rc::clone(bytes))),
            Input::File(path) => Box::new(BufReader::with_capacity(
                1 << 16,
                std::fs::File::open(path).map_err(|e| tmforge::Error::io(path, "opening", e))?,
            )),
        })
    }

    fn open(&self, format: Format) -> anyhow::Result<Box<dyn UnitSource>> {
        Ok(match format {
            Format::Tmx => match self {
                Input::Stdin(bytes) => Box::new(TmxReader::new(
                    std::io::Cursor::new(Rc::clone(bytes).to_vec()),
                    self.name(),
                )?),
                Input::File(path) => Box::new(TmxReader::open(path)?),
            },
            Format::Tsv => Box::new(TsvReader::new(self.reader()?, self.name())?),
            Format::Jsonl => Box::new(JsonlReader::new(self.reader()?, self.name())),
            Format::Moses => match self {
                Input::Stdin(_) => bail!(
                    "Moses text is one file a language and cannot come from standard input; \
                     name one of its files (train.ar) or its prefix"
                ),
                Input::File(path) => Box::new(MosesReader::open(&MosesFiles::find(path)?)?),
            },
        })
    }
}

fn detect(path: &Path, given: Option<Format>, flag: &str) -> anyhow::Result<Format> {
    if let Some(format) = given {
        return Ok(format);
    }
    Format::from_path(path).with_context(|| {
        format!(
            "cannot tell the format of `{}` from its name; name it .tmx, .tsv, .jsonl or NAME.LANG \
             (Moses text), or pass {flag} tmx|tsv|jsonl|moses",
            path.display()
        )
    })
}

/// Where units go.
enum Sink {
    Tmx(TmxWriter<Output>),
    Tsv(TsvWriter<Output>),
    Jsonl(JsonlWriter<Output>),
    Moses(MosesWriter<Output>),
}

impl Sink {
    fn write(&mut self, unit: &TranslationUnit) -> anyhow::Result<()> {
        match self {
            Sink::Tmx(w) => w.write_unit(unit).context("writing the TMX output")?,
            Sink::Tsv(w) => w.write_unit(unit)?,
            Sink::Jsonl(w) => w.write_unit(unit)?,
            Sink::Moses(w) => w.write_unit(unit)?,
        }
        Ok(())
    }

    fn finish(self) -> anyhow::Result<Losses> {
        let (outputs, losses) = match self {
            Sink::Tmx(w) => (vec![w.finish()?], Losses::default()),
            Sink::Tsv(w) => {
                let losses = w.losses();
                (vec![w.finish()?], losses)
            }
            Sink::Jsonl(w) => (vec![w.finish()?], Losses::default()),
            Sink::Moses(w) => {
                let losses = w.losses();
                (w.finish()?.into_iter().map(|(_, o)| o).collect(), losses)
            }
        };
        for output in outputs {
            output.commit()?;
        }
        Ok(losses)
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let from = detect(&args.input, args.from, "--from")?;
    let to = detect(&args.output, args.to, "--to")?;
    let input = if args.input.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        Input::Stdin(bytes.into())
    } else {
        Input::File(args.input.clone())
    };
    let source_lang = args.source_lang.as_ref().map(|l| l.as_str().to_string());
    let stdout = args.output.as_os_str() == "-";

    let mut source = input.open(from)?;
    let first = source.next_unit()?;
    let declared = source_lang.clone().or_else(|| source.source_language());
    let mut sink = match to {
        Format::Tmx => {
            let header = tmx_header(
                &input,
                from,
                source_lang.as_deref(),
                declared.as_deref(),
                first.as_ref(),
            )?;
            let out = Output::create(Some(&args.output), args.force)?;
            Sink::Tmx(TmxWriter::new(out, &header).context("writing the TMX output")?)
        }
        Format::Jsonl => Sink::Jsonl(JsonlWriter::new(Output::create(
            Some(&args.output),
            args.force,
        )?)),
        Format::Tsv | Format::Moses => {
            let columns = Columns::scan(&mut *input.open(from)?, source_lang.as_deref())?;
            if to == Format::Tsv {
                let out = Output::create(Some(&args.output), args.force)?;
                Sink::Tsv(TsvWriter::new(out, &columns).context("writing the TSV output")?)
            } else {
                if stdout {
                    bail!(
                        "Moses text is one file a language and cannot go to standard output; \
                         name one of its files (train.ar) or its prefix"
                    );
                }
                Sink::Moses(moses_outputs(&args.output, columns, args.force)?)
            }
        }
    };
    let mut units = 0usize;
    let mut empty_props = 0usize;
    let mut next = first;
    while let Some(mut unit) = next {
        if to == Format::Tmx {
            empty_props += tmforge::formats::drop_empty_props(&mut unit);
        }
        sink.write(&unit)?;
        units += 1;
        next = source.next_unit()?;
    }
    let losses = sink.finish()?;
    if empty_props > 0 {
        eprintln!(
            "tmforge: warning: {empty_props} prop(s) without a value were left out (some TMX \
             readers refuse them)"
        );
    }
    for line in losses.describe(to) {
        eprintln!("tmforge: warning: {line}");
    }
    eprintln!(
        "tmforge: converted {units} unit(s) from {} ({from}) to {} ({to})",
        input.name().display(),
        if stdout {
            "<stdout>".to_string()
        } else {
            args.output.display().to_string()
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// The header of a TMX output: the input's own when it is TMX (with tmforge as its creation
/// tool, since tmforge wrote the file, and `--source-lang` as its srclang if given), else a new
/// one whose srclang is the input's source language.
fn tmx_header(
    input: &Input,
    from: Format,
    given: Option<&str>,
    declared: Option<&str>,
    first: Option<&TranslationUnit>,
) -> anyhow::Result<Header> {
    let srclang = declared
        .map(str::to_string)
        .or_else(|| {
            first
                .and_then(|u| u.variants.first())
                .map(|v| v.lang.clone())
        })
        .unwrap_or_else(|| "*all*".to_string());
    let date = tmforge::creation_date()?;
    if from == Format::Tmx {
        let mut header = match input {
            Input::File(path) => TmxReader::open(path)?.header().clone(),
            Input::Stdin(bytes) => {
                TmxReader::new(std::io::Cursor::new(bytes.to_vec()), input.name())?
                    .header()
                    .clone()
            }
        };
        header.creation_tool = tmforge::tmx::CREATION_TOOL.to_string();
        header.creation_tool_version = env!("CARGO_PKG_VERSION").to_string();
        if let Some(lang) = given {
            header.srclang = lang.to_string();
        }
        header.props.retain(|p| !p.value.is_empty());
        fill_required(&mut header);
        return Ok(header);
    }
    let mut header = Header::tmforge(&srclang, &date);
    header.o_tmf = from.name().to_string();
    Ok(header)
}

/// Gives the required header attributes a value when another tool's file left one empty, so that
/// the output stays valid TMX.
fn fill_required(header: &mut Header) {
    let defaults = Header::tmforge("*all*", "");
    for (value, default) in [
        (&mut header.segtype, defaults.segtype),
        (&mut header.o_tmf, defaults.o_tmf),
        (&mut header.adminlang, defaults.adminlang),
        (&mut header.datatype, defaults.datatype),
    ] {
        if value.trim().is_empty() {
            *value = default;
        }
    }
}

/// Opens one output a language for Moses text at `spec` (a prefix, or one of the files, whose
/// language then comes first).
fn moses_outputs(
    spec: &Path,
    mut columns: Columns,
    force: bool,
) -> anyhow::Result<MosesWriter<Output>> {
    let (prefix, named) = MosesFiles::split(spec);
    if let Some(named) = &named {
        if !columns
            .languages
            .iter()
            .any(|l| l.eq_ignore_ascii_case(named))
        {
            bail!(
                "`{}` names the language `{named}`, which the input does not hold (it holds {}); \
                 name the output after one of those, or give the prefix {} with --to moses",
                spec.display(),
                columns.languages.join(", "),
                prefix.display()
            );
        }
        columns.put_language_first(named);
    }
    let mut languages: Vec<String> = Vec::new();
    for lang in &columns.languages {
        if languages.iter().any(|l| l.eq_ignore_ascii_case(lang)) {
            bail!(
                "some unit holds two `{lang}` segments; Moses text holds one a language \
                 (convert to tsv or jsonl instead)"
            );
        }
        languages.push(lang.clone());
    }
    if languages.is_empty() {
        bail!("the input holds no unit, so there is no language to name a Moses file after");
    }
    let files = MosesFiles { prefix, languages };
    let mut sides = Vec::new();
    for lang in &files.languages {
        let path = files.path(lang);
        sides.push((lang.clone(), Output::create(Some(&path), force)?));
    }
    Ok(MosesWriter::new(sides))
}
