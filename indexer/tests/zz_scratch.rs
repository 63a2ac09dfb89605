use indexer::analysis::{AccentLexicon, FrenchAnalyzer, StemmingOrder};

#[test]
fn scratch() {
    let pairs = std::fs::read_to_string("/tmp/pairs.txt").unwrap();
    for order in [StemmingOrder::StemThenFold, StemmingOrder::FoldThenStem] {
        let analyzer = FrenchAnalyzer::new(order);
        println!("== {order:?}");
        for line in pairs.lines().filter(|l| !l.trim().is_empty()) {
            let (a, b) = line.split_once(' ').unwrap();
            let wa: Vec<String> = analyzer.words(a).into_iter().map(|w| w.lowercase).collect();
            let wb: Vec<String> = analyzer.words(b).into_iter().map(|w| w.lowercase).collect();
            let (a1, b1) = (wa.last().unwrap().clone(), wb.last().unwrap().clone());
            let words = [a1.clone(), b1.clone()];
            let lexicon = AccentLexicon::from_surface_words(words.iter().cloned(), |w| {
                words.iter().any(|x| x == w)
            });
            let qa = analyzer.query_stems(&a1, &lexicon);
            let ib = analyzer.index_stem(&b1);
            let conf = ib.as_ref().map_or(false, |s| qa.contains(s));
            println!("{:5} {a} -> {qa:?} | {b} -> {ib:?}", conf);
        }
    }
}
