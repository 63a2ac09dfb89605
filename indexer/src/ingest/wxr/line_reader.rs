//! A buffered reader that knows the line of every byte position still ahead of a mark.
//!
//! quick-xml reports byte positions; people read line numbers. Counting the line breaks of
//! every byte the parser consumes gives the line of any position past the last mark, and
//! moving the mark after each event forgets the positions behind it: memory stays bounded by
//! one event, however long the file.

use std::collections::VecDeque;
use std::io::{BufRead, Read};

const BUFFER_BYTES: usize = 64 * 1024;
const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// Wraps a reader; `line_at` answers for positions at or after the last `set_mark`.
pub struct LineTrackingReader<R> {
    inner: R,
    buffer: Box<[u8]>,
    start: usize,
    end: usize,
    /// Bytes consumed from the start of the stream.
    consumed: u64,
    /// The line of the mark (1-based).
    mark_line: usize,
    /// Stream positions of the line feeds consumed at or after the mark.
    line_feeds: VecDeque<u64>,
    /// Whether the start of the stream was looked at for a byte-order mark.
    started: bool,
}

impl<R: Read> LineTrackingReader<R> {
    /// Starts at line 1.
    pub fn new(inner: R) -> Self {
        LineTrackingReader {
            inner,
            buffer: vec![0; BUFFER_BYTES].into_boxed_slice(),
            start: 0,
            end: 0,
            consumed: 0,
            mark_line: 1,
            line_feeds: VecDeque::new(),
            started: false,
        }
    }

    /// The 1-based line of the byte at `position`, which must not be behind the mark.
    pub fn line_at(&self, position: u64) -> usize {
        self.mark_line + self.line_feeds.partition_point(|&feed| feed < position)
    }

    /// The line of the mark: where the next event starts, when marked after each event.
    pub fn mark_line(&self) -> usize {
        self.mark_line
    }

    /// Forgets the line feeds before `position`; later questions are about later positions.
    pub fn set_mark(&mut self, position: u64) {
        let passed = self.line_feeds.partition_point(|&feed| feed < position);
        self.mark_line += passed;
        self.line_feeds.drain(..passed);
    }
}

impl<R> LineTrackingReader<R> {
    /// quick-xml drops a UTF-8 byte-order mark without counting it in its positions; dropping
    /// it here, uncounted too, keeps our positions and its the same.
    fn skip_byte_order_mark(&mut self) {
        if !self.started && self.end > 0 {
            self.started = true;
            if self.buffer[..self.end].starts_with(UTF8_BOM) {
                self.start = UTF8_BOM.len();
            }
        }
    }
}

impl<R: Read> Read for LineTrackingReader<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let count = available.len().min(out.len());
        out[..count].copy_from_slice(&available[..count]);
        self.consume(count);
        Ok(count)
    }
}

impl<R: Read> BufRead for LineTrackingReader<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.start == self.end {
            self.end = self.inner.read(&mut self.buffer)?;
            self.start = 0;
            self.skip_byte_order_mark();
        }
        Ok(&self.buffer[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        let amount = amount.min(self.end - self.start);
        let consumed_bytes = &self.buffer[self.start..self.start + amount];
        for (offset, _) in consumed_bytes.iter().enumerate().filter(|(_, &byte)| byte == b'\n') {
            self.line_feeds.push_back(self.consumed + offset as u64);
        }
        self.consumed += amount as u64;
        self.start += amount;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_line_of_positions_ahead_of_the_mark() {
        let mut reader = LineTrackingReader::new(&b"un\ndeux\n\nquatre"[..]);
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        assert_eq!(reader.line_at(0), 1);
        assert_eq!(reader.line_at(2), 1);
        assert_eq!(reader.line_at(3), 2);
        assert_eq!(reader.line_at(9), 4);
        reader.set_mark(8);
        assert_eq!(reader.mark_line(), 3);
        assert_eq!(reader.line_at(9), 4);
        assert_eq!(reader.line_at(100), 4);
    }
}
