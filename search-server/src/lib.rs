//! Trouvaille's HTTP server: the JSON search API and the search page, over the `indexer`
//! library (see ../shared/DESIGN.md, "HTTP"). The crate is part of the workspace from the
//! start so that the layout is settled; its routes arrive with the server issue.
#![deny(missing_docs)]
