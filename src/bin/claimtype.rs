//! The `claimtype` command: classify articles, train and evaluate models.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, Arc};

use clap::{Parser, Subcommand, ValueEnum};

use claimtype::data::{read_tsv_file, Labelled};
use claimtype::features::FeatureParams;
use claimtype::model::{cross_validate, TrainParams};
use claimtype::{Classifier, Error, Explanation, Label, Prediction};
use rayon::prelude::*;

#[path = "claimtype/stream.rs"]
mod stream;

#[derive(Parser)]
#[command(
    name = "claimtype",
    version,
    about = "Label each sentence of news text: allegation, denial, evidence, official_statement or other."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Split articles into sentences and label each one.
    Classify(ClassifyArgs),
    /// Train a model from labelled TSV files (columns `label` and `text`).
    Train(TrainArgs),
    /// Evaluate a model on a labelled TSV file.
    Eval(EvalArgs),
    /// Print the five labels with their definitions.
    Labels,
}

#[derive(clap::Args)]
struct ClassifyArgs {
    /// Input files; standard input when none is given or the name is `-`.
    files: Vec<PathBuf>,
    /// Each input line is one sentence (no splitting); empty lines are skipped.
    #[arg(long)]
    lines: bool,
    /// Output format [default: table on a terminal, tsv otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Add the N most influential features to each row.
    #[arg(long, value_name = "N")]
    explain: Option<usize>,
    /// Label a sentence `uncertain` when its best probability is below P.
    #[arg(long, value_name = "P", value_parser = probability)]
    min_confidence: Option<f32>,
    /// Replace invalid UTF-8 with U+FFFD instead of stopping with an error.
    #[arg(long)]
    lossy: bool,
    /// Use this model file instead of the bundled one.
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
    /// Worker threads for classifying [default: the number of CPUs].
    /// Output order does not depend on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Tsv,
    Jsonl,
}

#[derive(clap::Args)]
struct TrainArgs {
    /// Labelled TSV files with a header naming the columns `label` and `text`.
    #[arg(required = true)]
    corpus: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, value_name = "MODEL")]
    out: PathBuf,
    /// Seed of the cross-validation shuffle.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Cross-validation folds (0 to skip cross-validation).
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// L2 penalty of the logistic regression (scikit-learn's 1/C).
    #[arg(long)]
    alpha: Option<f64>,
    /// L-BFGS iteration cap.
    #[arg(long)]
    max_iter: Option<u64>,
    /// Longest word n-gram (1 to 3).
    #[arg(long)]
    word_ngrams: Option<u8>,
    /// Character n-gram lengths as MIN-MAX, or `off`.
    #[arg(long, value_parser = char_range)]
    char_ngrams: Option<CharRange>,
    /// Minimum document frequency of a feature.
    #[arg(long)]
    min_df: Option<u32>,
    /// Maximum number of word, cue and clause features.
    #[arg(long)]
    max_features: Option<u32>,
    /// Maximum number of character n-gram features.
    #[arg(long)]
    max_char_features: Option<u32>,
    /// Turn off cue-lexicon features.
    #[arg(long)]
    no_cues: bool,
    /// Turn off clause-aware features.
    #[arg(long)]
    no_clauses: bool,
}

#[derive(Clone, Copy)]
struct CharRange(Option<(u8, u8)>);

#[derive(clap::Args)]
struct EvalArgs {
    /// Labelled TSV file (columns found by header name).
    file: PathBuf,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    json: bool,
    /// Use this model file instead of the bundled one.
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
}

fn probability(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a probability between 0 and 1")),
    }
}

fn char_range(s: &str) -> Result<CharRange, String> {
    if s == "off" {
        return Ok(CharRange(None));
    }
    let parsed = s
        .split_once('-')
        .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
    match parsed {
        Some(range) => Ok(CharRange(Some(range))),
        None => Err(format!("`{s}` is not MIN-MAX (such as 3-5) or `off`")),
    }
}

/// A failure with its exit code: 1 at run time, 2 for usage or input.
pub(crate) struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    pub(crate) fn runtime(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }

    pub(crate) fn input(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }

    /// A failed write: a closed pipe ends quietly.
    pub(crate) fn write(err: io::Error) -> Self {
        if err.kind() == io::ErrorKind::BrokenPipe {
            Failure {
                code: 0,
                message: String::new(),
            }
        } else {
            Failure::runtime(format!("cannot write output: {err}"))
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        match e {
            Error::Data { .. } | Error::UnknownLabel(_) | Error::InvalidParams { .. } => {
                Failure::input(e.to_string())
            }
            _ => Failure::runtime(e.to_string()),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Classify(args) => classify(args),
        Command::Train(args) => train(args),
        Command::Eval(args) => eval(args),
        Command::Labels => labels(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("claimtype: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

fn load_model(path: Option<&Path>) -> Result<Cow<'static, Classifier>, Failure> {
    match path {
        Some(p) => Classifier::from_path(p)
            .map(Cow::Owned)
            .map_err(|e| match e {
                Error::Io { .. } => Failure::runtime(e.to_string()),
                other => Failure::runtime(format!("{}: {other}", p.display())),
            }),
        None => Ok(Cow::Borrowed(Classifier::bundled()?)),
    }
}

fn labels() -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    for label in Label::ALL {
        writeln!(out, "{:<20} {}", label.as_str(), label.definition()).map_err(Failure::write)?;
    }
    Ok(())
}

fn classify(args: ClassifyArgs) -> Result<(), Failure> {
    // Worker threads borrow the model for as long as they run; it is needed
    // until the process ends anyway.
    let model: &'static Classifier = match load_model(args.model.as_deref())? {
        Cow::Borrowed(m) => m,
        Cow::Owned(m) => Box::leak(Box::new(m)),
    };
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    // One thread: no pool at all. More: a pool of exactly that many.
    let pool = if threads > 1 {
        Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|e| Failure::runtime(format!("cannot start {threads} threads: {e}")))?,
        )
    } else {
        None
    };
    let stdout = io::stdout();
    let terminal = stdout.is_terminal();
    let format = args
        .format
        .unwrap_or(if terminal { Format::Table } else { Format::Tsv });
    let color = terminal && std::env::var_os("NO_COLOR").is_none();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let files: Vec<PathBuf> = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let mut printer = Printer {
        style: Style {
            format,
            color,
            explain: args.explain,
            min_confidence: args.min_confidence,
            file: Arc::from(""),
        },
        model,
        pool: pool.as_ref(),
        in_flight: VecDeque::new(),
        out: &mut out,
        index: 0,
    };
    for file in &files {
        let name = file.display().to_string();
        let reader: Box<dyn Read> = if name == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(
                std::fs::File::open(file).map_err(|e| Failure::runtime(format!("{name}: {e}")))?,
            )
        };
        printer.index = 0;
        printer.style.file = Arc::from(name.as_str());
        if args.lines {
            stream::lines(reader, &name, args.lossy, &mut printer)?;
        } else {
            stream::sentences(reader, &name, args.lossy, &mut printer)?;
        }
        printer.finish()?;
    }
    out.flush().map_err(Failure::write)
}

/// How rows are written.
#[derive(Clone)]
struct Style {
    format: Format,
    color: bool,
    explain: Option<usize>,
    min_confidence: Option<f32>,
    file: Arc<str>,
}

struct Printer<'a, W: Write> {
    style: Style,
    model: &'static Classifier,
    pool: Option<&'a rayon::ThreadPool>,
    /// Batches handed to the pool, oldest first, each with its rows to come.
    in_flight: VecDeque<mpsc::Receiver<Vec<u8>>>,
    out: &'a mut W,
    /// Index of the next row in the current input.
    index: usize,
}

/// A batch: its text (one string, so that workers can label it while the
/// next chunk is read) and each piece's span in it and in the input.
struct Batch {
    text: String,
    pieces: Vec<(std::ops::Range<usize>, u64, u64)>,
    first_index: usize,
}

/// Batches in flight at most: enough to keep the workers busy while the
/// main thread reads and splits, few enough to bound memory.
const IN_FLIGHT: usize = 6;

impl<W: Write> stream::Sink for Printer<'_, W> {
    fn batch(&mut self, pieces: &[stream::Piece<'_>], more: bool) -> Result<(), Failure> {
        let mut batch = Batch {
            text: String::with_capacity(pieces.iter().map(|p| p.text.len()).sum()),
            pieces: Vec::with_capacity(pieces.len()),
            first_index: self.index,
        };
        for p in pieces {
            let from = batch.text.len();
            batch.text.push_str(p.text);
            batch.pieces.push((from..batch.text.len(), p.start, p.end));
        }
        self.index += pieces.len();
        let (model, style) = (self.model, self.style.clone());
        let Some(pool) = self.pool else {
            let rows = render(model, &style, &batch, false);
            return self.write(&rows);
        };
        // Label and format this batch on the pool while the main thread goes
        // on reading; write the oldest batch out once too many are waiting,
        // or all of them when no more input is ready.
        let (tx, rx) = mpsc::channel();
        pool.spawn(move || {
            // The receiver is gone only if writing failed; nothing to do then.
            let _ = tx.send(render(model, &style, &batch, true));
        });
        self.in_flight.push_back(rx);
        while self.in_flight.len() >= IN_FLIGHT || (!more && !self.in_flight.is_empty()) {
            self.write_oldest()?;
        }
        Ok(())
    }
}

impl<W: Write> Printer<'_, W> {
    /// Writes every batch still in flight (at the end of each input).
    fn finish(&mut self) -> Result<(), Failure> {
        while !self.in_flight.is_empty() {
            self.write_oldest()?;
        }
        Ok(())
    }

    fn write_oldest(&mut self) -> Result<(), Failure> {
        let Some(rx) = self.in_flight.pop_front() else {
            return Ok(());
        };
        let rows = rx
            .recv()
            .map_err(|_| Failure::runtime("a worker thread stopped without its results"))?;
        self.write(&rows)
    }

    fn write(&mut self, rows: &[u8]) -> Result<(), Failure> {
        self.out.write_all(rows).map_err(Failure::write)?;
        self.out.flush().map_err(Failure::write)
    }
}

/// Labels a batch (in parallel on the pool this runs on, or on this thread)
/// and formats its rows.
fn render(model: &Classifier, style: &Style, batch: &Batch, parallel: bool) -> Vec<u8> {
    let text = |r: &std::ops::Range<usize>| batch.text.get(r.clone()).unwrap_or("");
    let one = |p: &(std::ops::Range<usize>, u64, u64)| match style.explain {
        None => (model.classify(text(&p.0)), None),
        Some(k) => {
            let e = model.explain(text(&p.0), k);
            (e.prediction, Some(e))
        }
    };
    let results: Vec<(Prediction, Option<Explanation>)> = if parallel {
        batch.pieces.par_iter().with_min_len(16).map(one).collect()
    } else {
        batch.pieces.iter().map(one).collect()
    };
    let mut out = Vec::with_capacity(batch.text.len() + 40 * batch.pieces.len());
    for (i, (p, (prediction, explanation))) in batch.pieces.iter().zip(results).enumerate() {
        let row = Row {
            index: batch.first_index + i,
            text: text(&p.0),
            start: p.1,
            end: p.2,
        };
        // Writing to a Vec cannot fail.
        let _ = write_row(&mut out, style, &row, prediction, explanation.as_ref());
    }
    out
}

/// One output row's piece of input.
struct Row<'a> {
    index: usize,
    text: &'a str,
    start: u64,
    end: u64,
}

fn write_row(
    out: &mut Vec<u8>,
    style: &Style,
    row: &Row<'_>,
    prediction: Prediction,
    explanation: Option<&Explanation>,
) -> io::Result<()> {
    let uncertain = style
        .min_confidence
        .is_some_and(|p| prediction.confidence < p);
    let label = if uncertain {
        "uncertain"
    } else {
        prediction.label.as_str()
    };
    match style.format {
        Format::Tsv => {
            write!(out, "{label}\t{:.4}\t{}", prediction.confidence, row.text)?;
            if let Some(e) = explanation {
                let feats: Vec<String> = e
                    .features
                    .iter()
                    .map(|c| format!("{}={:.3}", c.feature, c.weight))
                    .collect();
                write!(out, "\t{}", feats.join(" "))?;
            }
            writeln!(out)
        }
        Format::Jsonl => {
            let mut obj = serde_json::json!({
                "file": &*style.file,
                "index": row.index,
                "start": row.start,
                "end": row.end,
                "text": row.text,
                "label": label,
                "confidence": prediction.confidence,
                "scores": prediction.scores,
            });
            if let (Some(e), Some(map)) = (explanation, obj.as_object_mut()) {
                map.insert(
                    "explain".into(),
                    serde_json::to_value(&e.features).unwrap_or_default(),
                );
            }
            serde_json::to_writer(&mut *out, &obj)?;
            writeln!(out)
        }
        Format::Table => {
            let (on, off) = if style.color {
                (color_of(label), "\x1b[0m")
            } else {
                ("", "")
            };
            writeln!(
                out,
                "{on}{label:<18}{off} {:>5.1}%  {}",
                prediction.confidence * 100.0,
                row.text
            )?;
            if let Some(e) = explanation {
                for c in &e.features {
                    writeln!(out, "{:>27} {:+.3}  {}", "", c.weight, c.feature)?;
                }
            }
            Ok(())
        }
    }
}

fn color_of(label: &str) -> &'static str {
    match label {
        "allegation" => "\x1b[1;31m",
        "denial" => "\x1b[1;35m",
        "evidence" => "\x1b[1;32m",
        "official_statement" => "\x1b[1;34m",
        "uncertain" => "\x1b[2;33m",
        _ => "\x1b[2m",
    }
}

fn read_corpus(files: &[PathBuf]) -> Result<Vec<Labelled>, Failure> {
    let mut rows = Vec::new();
    for f in files {
        rows.extend(read_tsv_file(f).map_err(|e| match e {
            Error::Io { .. } => Failure::runtime(e.to_string()),
            other => Failure::input(other.to_string()),
        })?);
    }
    if rows.is_empty() {
        return Err(Failure::input("the corpus holds no labelled sentence"));
    }
    Ok(rows)
}

fn train(args: TrainArgs) -> Result<(), Failure> {
    let rows = read_corpus(&args.corpus)?;
    let mut features = FeatureParams::default();
    if let Some(n) = args.word_ngrams {
        features = features.word_ngrams(n);
    }
    if let Some(CharRange(r)) = args.char_ngrams {
        features = features.char_ngrams(r);
    }
    if let Some(n) = args.min_df {
        features = features.min_df(n);
    }
    if let Some(n) = args.max_features {
        features = features.max_features(Some(n));
    }
    if let Some(n) = args.max_char_features {
        features = features.max_char_features(Some(n));
    }
    features = features.cues(!args.no_cues).clauses(!args.no_clauses);
    let mut params = TrainParams::default().features(features);
    if let Some(a) = args.alpha {
        params = params.alpha(a);
    }
    if let Some(m) = args.max_iter {
        params = params.max_iterations(m);
    }
    params.check()?;
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let labels: Vec<Label> = rows.iter().map(|r| r.label).collect();
    let progress = io::stderr().is_terminal();
    let steps = args.folds + 1;
    let bar = |step: usize, what: &str| {
        if progress {
            let done = step * 20 / steps;
            eprint!(
                "\r[{}{}] {step}/{steps} {what:<30}",
                "#".repeat(done),
                "-".repeat(20 - done)
            );
        }
    };
    eprintln!(
        "training on {} sentences from {} file(s)",
        rows.len(),
        args.corpus.len()
    );
    if args.folds > 0 {
        bar(0, "cross-validating");
        let cv = cross_validate(&params, &texts, &labels, args.folds, args.seed)?;
        bar(args.folds, "training the final model");
        if progress {
            eprintln!();
        }
        let folds: Vec<String> = cv.fold_macro_f1.iter().map(|f| format!("{f:.3}")).collect();
        println!(
            "{}-fold cross-validation (seed {}): macro-F1 {:.3} (folds {})",
            args.folds,
            args.seed,
            cv.mean_macro_f1(),
            folds.join(" ")
        );
        println!("{}", cv.pooled);
    }
    let started = std::time::Instant::now();
    let (model, report) = params.fit(&texts, &labels)?;
    if progress {
        bar(steps, "done");
        eprintln!();
    }
    model
        .save(&args.out)
        .map_err(|e| Failure::runtime(e.to_string()))?;
    println!(
        "trained on {} sentences, {} features in {:.1}s; gradient max-norm {:.2e} ({}); wrote {}",
        report.n_sentences,
        report.n_features,
        started.elapsed().as_secs_f64(),
        report.gradient_norm,
        if report.converged {
            "converged"
        } else {
            "NOT converged: raise --max-iter"
        },
        args.out.display()
    );
    Ok(())
}

fn eval(args: EvalArgs) -> Result<(), Failure> {
    let model = load_model(args.model.as_deref())?;
    let rows = read_corpus(std::slice::from_ref(&args.file))?;
    let e = model.evaluate(&rows);
    let mut out = io::stdout().lock();
    if args.json {
        let per_label: serde_json::Map<String, serde_json::Value> = Label::ALL
            .iter()
            .map(|&l| {
                let s = e.scores(l);
                (
                    l.as_str().to_string(),
                    serde_json::json!({"precision": s.precision, "recall": s.recall, "f1": s.f1, "support": s.support}),
                )
            })
            .collect();
        let obj = serde_json::json!({
            "n": e.len(),
            "accuracy": e.accuracy(),
            "macro_f1": e.macro_f1(),
            "per_label": per_label,
            "labels": Label::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            "confusion": e.confusion(),
        });
        writeln!(out, "{obj}").map_err(Failure::write)
    } else {
        write!(out, "{e}").map_err(Failure::write)
    }
}
