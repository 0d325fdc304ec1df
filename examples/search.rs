//! Hyperparameter search by topic-grouped cross-validation on the training
//! split only (never the test split or ../shared/eval).
//!
//! Run: `cargo run --release --example search -- models/corpus/train.tsv 3`

use claimtype::features::FeatureParams;
use claimtype::model::{cross_validate_grouped, TrainParams};
use claimtype::Label;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .map(String::as_str)
        .unwrap_or("models/corpus/train.tsv");
    let k: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3);
    let text = std::fs::read_to_string(path)?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|c| *c == name)
            .ok_or(format!("no column {name}"))
    };
    let (li, ti, gi) = (col("label")?, col("text")?, col("topic")?);
    let (mut texts, mut labels, mut groups) = (Vec::new(), Vec::new(), Vec::new());
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(l), Some(t), Some(g)) = (f.get(li), f.get(ti), f.get(gi)) else {
            continue;
        };
        labels.push(l.parse::<Label>()?);
        texts.push(*t);
        groups.push(*g);
    }
    let base = TrainParams::default().max_iterations(60);
    let grid: Vec<(&str, TrainParams)> = vec![
        ("alpha=0.2", base.clone()),
        ("alpha=0.5", base.clone().alpha(0.5)),
        ("alpha=1.0", base.clone().alpha(1.0)),
        ("alpha=2.0", base.clone().alpha(2.0)),
        ("alpha=0.1", base.clone().alpha(0.1)),
        ("alpha=0.05", base.clone().alpha(0.05)),
        (
            "alpha=0.2 min_df=3",
            base.clone().features(FeatureParams::default().min_df(3)),
        ),
        (
            "alpha=0.2 word trigrams",
            base.clone()
                .features(FeatureParams::default().word_ngrams(3)),
        ),
        (
            "alpha=0.2 + char 3-5",
            base.clone()
                .features(FeatureParams::default().char_ngrams(Some((3, 5)))),
        ),
    ];
    let only: Option<Vec<usize>> = args
        .get(3)
        .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect());
    println!("| setting | {k}-fold topic-grouped CV macro-F1 | folds |");
    println!("|---|---|---|");
    for (i, (name, params)) in grid.iter().enumerate() {
        if only.as_ref().is_some_and(|o| !o.contains(&i)) {
            continue;
        }
        let cv = cross_validate_grouped(params, &texts, &labels, &groups, k, 42)?;
        let folds: Vec<String> = cv.fold_macro_f1.iter().map(|f| format!("{f:.3}")).collect();
        println!(
            "| {name} | {:.4} | {} |",
            cv.mean_macro_f1(),
            folds.join(" ")
        );
    }
    Ok(())
}
