//! The named ranking configurations that `search`, `serve` and `eval` choose from, and the check
//! that an index can be ranked by one — in one place, so the three commands resolve names and
//! refuse a stemming mismatch alike.

use anyhow::Context;
use indexer::index::ArticleIndex;
use indexer::search::config::{NamedConfigs, SearchConfig};
use indexer::search::ArticleSearcher;

use crate::cli::{stemming_flags, ConfigFileArgs, RankingArgs};

/// What `search` and `serve` tell a user whose configuration needs another index.
const REBUILD_REMEDY: &str =
    "rebuild it with `trouvaille index --rebuild` and those flags, or choose another configuration";

/// The bundled configurations, extended (and overridden by name) by those of `--configs FILE`.
pub fn named_configs(file: &ConfigFileArgs) -> anyhow::Result<NamedConfigs> {
    let mut named = NamedConfigs::bundled();
    if let Some(path) = &file.path {
        named.extend_from_file(path)?;
    }
    Ok(named)
}

/// The configuration `--config NAME` chooses, among [`named_configs`].
pub fn chosen_config(ranking: &RankingArgs) -> anyhow::Result<SearchConfig> {
    Ok(named_configs(&ranking.config_file)?.get(&ranking.config)?.clone())
}

/// A searcher ranking `index` with the configuration `name`, refused when the configuration
/// needs another stemming than the index's.
pub fn configured_searcher(
    index: ArticleIndex,
    name: &str,
    config: SearchConfig,
) -> anyhow::Result<ArticleSearcher> {
    ensure_stemming(&index, name, &config, REBUILD_REMEDY)?;
    let searcher = ArticleSearcher::new(index).context("reading the index")?;
    Ok(searcher.with_config(config))
}

/// Refuses to rank `index` with configuration `name` when the configuration needs a stemming the
/// index was not built with: its query stems would not meet the indexed ones, and the search
/// would quietly miss articles. `remedy` tells how to get a suitable index.
pub fn ensure_stemming(
    index: &ArticleIndex,
    name: &str,
    config: &SearchConfig,
    remedy: &str,
) -> anyhow::Result<()> {
    let built = index.settings().stemming();
    let needed = config.stemming(built);
    if needed == built {
        return Ok(());
    }
    let location = match index.path() {
        Some(path) => format!("the index at {}", path.display()),
        None => "the in-memory index".to_string(),
    };
    anyhow::bail!(
        "configuration {name:?} needs an index built with {}, but {location} was built with {}; \
         {remedy}",
        stemming_flags(needed),
        stemming_flags(built)
    )
}

#[cfg(test)]
mod tests {
    use indexer::analysis::{StemmerAlgorithm, Stemming};
    use indexer::index::IndexSettings;

    use super::*;

    fn ranking(name: &str, file: Option<&std::path::Path>) -> RankingArgs {
        let path = file.map(std::path::Path::to_path_buf);
        RankingArgs { config: name.to_string(), config_file: ConfigFileArgs { path } }
    }

    #[test]
    fn names_come_from_the_bundle_and_the_file() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("mine.toml");
        std::fs::write(&file, "[heavy-titles]\ntitle_weight = 5.0\n").unwrap();
        let mine = chosen_config(&ranking("heavy-titles", Some(&file))).unwrap();
        assert_eq!(mine.title_weight, 5.0);
        let bundled = chosen_config(&ranking("and", Some(&file))).unwrap();
        assert_eq!(bundled, NamedConfigs::bundled().get("and").unwrap().clone());
    }

    #[test]
    fn an_unknown_name_lists_the_known_ones() {
        let error = chosen_config(&ranking("fastest", None)).unwrap_err().to_string();
        assert!(error.starts_with("no configuration named \"fastest\"; defined: "), "{error}");
        assert!(error.contains("light-stemmer"), "{error}");
    }

    #[test]
    fn a_configuration_needing_another_stemming_is_refused_with_both_stemmings() {
        let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
        let light =
            SearchConfig { stemmer: Some(StemmerAlgorithm::Light), ..SearchConfig::default() };
        let error = ensure_stemming(&index, "light", &light, "do something").unwrap_err();
        assert_eq!(
            error.to_string(),
            "configuration \"light\" needs an index built with --stemmer light --stemming-order \
             stem-then-fold, but the in-memory index was built with --stemmer snowball \
             --stemming-order stem-then-fold; do something"
        );
        let light_index = ArticleIndex::create_in_ram(IndexSettings::with_stemming(Stemming {
            algorithm: StemmerAlgorithm::Light,
            ..Stemming::default()
        }))
        .unwrap();
        assert!(ensure_stemming(&light_index, "light", &light, "").is_ok());
        assert!(ensure_stemming(&light_index, "default", &SearchConfig::default(), "").is_ok());
    }
}
