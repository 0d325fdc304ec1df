//! Integration tests for the `claimtype` binary, run against the real binary.

use std::io::Write;

use assert_cmd::Command;
use predicates::prelude::*;

fn claimtype() -> Command {
    Command::cargo_bin("claimtype").unwrap()
}

const SAMPLE: &str = include_str!("../models/sample-article.txt");

#[test]
fn classify_sample_article_as_tsv() {
    let out = claimtype()
        .args(["classify", "models/sample-article.txt"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows: Vec<Vec<&str>> = stdout.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 8, "{stdout}");
    for r in &rows {
        assert_eq!(r.len(), 3);
        assert!(r[0].parse::<claimtype::Label>().is_ok(), "{r:?}");
        let p: f32 = r[1].parse().unwrap();
        assert!((0.0..=1.0).contains(&p));
    }
    assert_eq!(
        rows[0][2],
        "Regional governor charged over flood-defence contracts"
    );
    assert_eq!(rows[2][0], "denial", "{stdout}");
    assert_eq!(rows[3][0], "evidence", "{stdout}");
}

#[test]
fn classify_reads_stdin_and_dash() {
    for args in [vec!["classify"], vec!["classify", "-"]] {
        claimtype()
            .args(&args)
            .write_stdin("The firm denied the allegations. It rained.")
            .assert()
            .success()
            .stdout(predicate::str::starts_with("denial\t"))
            .stdout(predicate::function(|s: &str| s.lines().count() == 2));
    }
}

#[test]
fn jsonl_has_every_field_with_byte_offsets() {
    let out = claimtype()
        .args(["classify", "--format", "jsonl", "models/sample-article.txt"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for (i, line) in stdout.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["file"], "models/sample-article.txt");
        assert_eq!(v["index"], i);
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&SAMPLE[s..e], v["text"].as_str().unwrap());
        let scores = v["scores"].as_object().unwrap();
        assert_eq!(scores.len(), 5);
        let total: f64 = scores.values().map(|x| x.as_f64().unwrap()).sum();
        assert!((total - 1.0).abs() < 1e-3);
        assert_eq!(
            v["label"],
            *scores
                .iter()
                .max_by(|a, b| a.1.as_f64().partial_cmp(&b.1.as_f64()).unwrap())
                .unwrap()
                .0
        );
    }
}

#[test]
fn table_format_and_explain() {
    claimtype()
        .args(["classify", "--format", "table", "--explain", "3"])
        .write_stdin("The ministry denied the report.")
        .assert()
        .success()
        .stdout(predicate::str::contains("denial"))
        .stdout(predicate::str::contains("%"))
        .stdout(predicate::str::contains("word:"));
    let out = claimtype()
        .args(["classify", "--format", "jsonl", "--explain", "2"])
        .write_stdin("The ministry denied the report.")
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["explain"].as_array().unwrap().len(), 2);
}

#[test]
fn lines_mode_skips_empty_lines_and_does_not_split() {
    claimtype()
        .args(["classify", "--lines"])
        .write_stdin("One. Two.\n\n  \nThree\n")
        .assert()
        .success()
        .stdout(predicate::function(|s: &str| {
            let texts: Vec<&str> = s.lines().map(|l| l.split('\t').nth(2).unwrap()).collect();
            texts == ["One. Two.", "Three"]
        }));
}

#[test]
fn min_confidence_marks_uncertain() {
    claimtype()
        .args(["classify", "--min-confidence", "1.0"])
        .write_stdin("The ministry denied the report.")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("uncertain\t"));
    claimtype()
        .args(["classify", "--min-confidence", "1.5"])
        .assert()
        .code(2);
}

#[test]
fn invalid_utf8_names_file_and_offset_unless_lossy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.txt");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(b"Fine sentence. Bad \xff byte here.")
        .unwrap();
    claimtype()
        .args(["classify", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.txt: invalid UTF-8 at byte offset 19",
        ))
        .stderr(predicate::str::contains("panicked").not());
    claimtype()
        .args(["classify", "--lossy", path.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("Bad \u{fffd} byte here."))
        .stdout(predicate::function(|s: &str| s.lines().count() == 2));
}

#[test]
fn missing_file_and_bad_model_are_runtime_errors() {
    claimtype()
        .args(["classify", "/no/such/article.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/no/such/article.txt"));
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.ctm");
    std::fs::write(&model, b"this is not a model").unwrap();
    for cmd in [vec!["classify"], vec!["eval", "models/corpus/test.tsv"]] {
        claimtype()
            .args(&cmd)
            .args(["--model", model.to_str().unwrap()])
            .write_stdin("x")
            .assert()
            .code(1)
            .stderr(predicate::str::contains("not a claimtype model"));
    }
}

#[test]
fn unknown_flag_is_a_usage_error() {
    claimtype()
        .args(["classify", "--frobnicate"])
        .assert()
        .code(2);
    claimtype().args(["nonsense"]).assert().code(2);
}

#[test]
fn labels_prints_five_definitions() {
    claimtype()
        .arg("labels")
        .assert()
        .success()
        .stdout(predicate::function(|s: &str| s.lines().count() == 5))
        .stdout(predicate::str::contains("official_statement"));
}

#[test]
fn eval_prints_tables_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("small.tsv");
    std::fs::write(
        &tsv,
        "text\tlabel\nThe firm denied the allegations.\tdenial\nThe town lies on a river.\tother\nPolice arrested two men suspected of arson.\tallegation\n",
    )
    .unwrap();
    claimtype()
        .args(["eval", tsv.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("macro-F1"))
        .stdout(predicate::str::contains("true \\ predicted"));
    let out = claimtype()
        .args(["eval", "--json", tsv.to_str().unwrap()])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["n"], 3);
    assert_eq!(v["labels"].as_array().unwrap().len(), 5);
    assert_eq!(v["confusion"].as_array().unwrap().len(), 5);
    for key in ["precision", "recall", "f1", "support"] {
        assert!(v["per_label"]["denial"][key].is_number());
    }
}

#[test]
fn eval_rejects_unknown_label_with_line() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("bad.tsv");
    std::fs::write(&tsv, "label\ttext\nother\tok\nclaim\tnot ok\n").unwrap();
    claimtype()
        .args(["eval", tsv.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.tsv:3: unknown label `claim`"));
}

#[test]
fn train_writes_a_model_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("train.tsv");
    let mut data = String::from("label\ttext\n");
    let rows = [
        ("allegation", "Prosecutors accuse the mayor of fraud."),
        ("allegation", "Police arrested a man suspected of arson."),
        ("denial", "The mayor denied the accusation."),
        ("denial", "The company rejected the claims as baseless."),
        ("evidence", "Records show three transfers in May."),
        ("evidence", "An autopsy found signs of torture."),
        ("official_statement", "The ministry announced an inquiry."),
        ("official_statement", "The court set a hearing for June."),
        ("other", "The town lies on a river."),
        ("other", "It rained all week."),
    ];
    for (l, t) in rows {
        data.push_str(&format!("{l}\t{t}\n"));
    }
    std::fs::write(&tsv, data).unwrap();
    let model = dir.path().join("m.ctm");
    claimtype()
        .args([
            "train",
            tsv.to_str().unwrap(),
            "--out",
            model.to_str().unwrap(),
            "--folds",
            "2",
            "--min-df",
            "1",
            "--seed",
            "3",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("2-fold cross-validation"));
    let first = std::fs::read(&model).unwrap();
    claimtype()
        .args(["classify", "--model", model.to_str().unwrap()])
        .write_stdin("The mayor denied the accusation.")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("denial"));
    // Deterministic: the same data and settings give the same bytes.
    claimtype()
        .args([
            "train",
            tsv.to_str().unwrap(),
            "--out",
            model.to_str().unwrap(),
            "--folds",
            "0",
            "--min-df",
            "1",
        ])
        .assert()
        .success();
    assert_eq!(std::fs::read(&model).unwrap(), first);
}

#[test]
fn broken_pipe_ends_quietly() {
    use std::process::{Command as Std, Stdio};
    let big = "The ministry denied the report. ".repeat(200_000);
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("claimtype"))
        .args(["classify", "--lines"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(big.replace(". ", ".\n").as_bytes());
    });
    // Read one line, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = [0u8; 64];
    let _ = std::io::Read::read(&mut stdout, &mut buf).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn output_starts_before_input_ends() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command as Std, Stdio};
    use std::sync::mpsc;
    use std::time::Duration;
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("claimtype"))
        .args(["classify"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"The ministry denied the report.\n\nPolice said")
        .unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    // The first sentence arrives while standard input is still open.
    let first = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("no output before the input ended");
    assert!(first.starts_with("denial\t"), "{first}");
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn long_input_without_sentence_ends_is_cut_not_buffered_whole() {
    let word = "lorem ";
    let text = word.repeat(3 << 20 >> 3); // about 2.3 MB, no punctuation
    let out = claimtype()
        .args(["classify", "--format", "jsonl"])
        .write_stdin(text.clone())
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rows.len() >= 2, "{} rows", rows.len());
    let mut last = 0;
    for r in &rows {
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert!(s >= last && e <= text.len());
        assert_eq!(&text[s..e], r["text"].as_str().unwrap());
        last = e;
    }
}

#[test]
fn thread_count_changes_nothing_in_the_output() {
    // Enough text for many chunks: the test split as an article and as lines.
    let rows = claimtype::data::read_tsv_file("models/corpus/test.tsv").unwrap();
    let lines: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let article = lines.join(" ");
    let as_lines = lines.join("\n");
    for (input, extra) in [
        (&article, vec![]),
        (&as_lines, vec!["--lines"]),
        (&article, vec!["--explain", "2"]),
    ] {
        let run = |threads: &str| {
            let mut args = vec!["classify", "--format", "jsonl", "-j", threads];
            args.extend(&extra);
            let out = claimtype()
                .args(&args)
                .write_stdin(input.as_str())
                .assert()
                .success();
            out.get_output().stdout.clone()
        };
        let one = run("1");
        assert!(one.split(|&b| b == b'\n').count() > 4000, "{extra:?}");
        assert_eq!(one, run("2"), "{extra:?}");
        assert_eq!(one, run("3"), "{extra:?}");
    }
    claimtype()
        .args(["classify", "-j", "0"])
        .write_stdin("x")
        .assert()
        .failure()
        .code(2);
}
