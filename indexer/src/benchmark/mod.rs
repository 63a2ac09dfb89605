//! What the performance measurements run (`trouvaille bench`): synthetic corpora of any size
//! recombined from a real one, and the latency of repeated searches on a warm searcher.
//!
//! Both follow the anchor harness of `../shared/bench/anchors` (`gen_scaled.py`, `common.py`),
//! which measured the other engines, so that Trouvaille's figures stand beside theirs.

pub mod latency;
pub mod scaled_corpus;
