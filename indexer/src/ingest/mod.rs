//! Reading sources into article records.
