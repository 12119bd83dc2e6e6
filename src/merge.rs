//! Merging translation memories.
