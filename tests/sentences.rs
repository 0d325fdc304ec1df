//! Runs every case of `tests/data/sentences.tsv` through the splitter.

use claimtype::text::sentences;

fn unescape(s: &str) -> String {
    s.replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace("\\r", "\r")
}

#[test]
fn splitter_cases() {
    let data = include_str!("data/sentences.tsv");
    let mut failures = Vec::new();
    let mut cases = 0;
    for (n, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("name\t") || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        assert!(
            fields.len() >= 2,
            "line {}: needs name and input: {line:?}",
            n + 1
        );
        let (name, input) = (fields[0], unescape(fields[1]));
        let expected: Vec<String> = match fields.get(2) {
            Some(e) if !e.is_empty() => e.split(" || ").map(unescape).collect(),
            _ => Vec::new(),
        };
        let got: Vec<String> = sentences(&input).map(|s| s.text.to_string()).collect();
        for s in sentences(&input) {
            assert_eq!(&input[s.start..s.end], s.text, "{name}: span");
        }
        if got != expected {
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
        cases += 1;
    }
    assert!(cases >= 60, "only {cases} cases");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
