//! Translation-memory formats beside TMX: TSV, JSONL and Moses line-aligned text.
