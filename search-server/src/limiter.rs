//! Back-pressure for searches: a few run at once (searches are CPU-bound), a bounded number
//! wait briefly for a turn, and the rest are refused at once with 503 — never an unbounded queue.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

/// Admission and concurrency bounds for searches.
#[derive(Clone)]
pub struct SearchLimiter {
    admitted: Arc<Semaphore>,
    running: Arc<Semaphore>,
    max_wait: Duration,
}

/// Held while a search runs; releases its places when dropped.
pub struct SearchPermit {
    _admitted: OwnedSemaphorePermit,
    _running: OwnedSemaphorePermit,
}

impl SearchLimiter {
    /// `concurrent` searches run at once, `queued` more may wait up to `max_wait`.
    pub fn new(concurrent: usize, queued: usize, max_wait: Duration) -> Self {
        SearchLimiter {
            admitted: Arc::new(Semaphore::new(concurrent + queued)),
            running: Arc::new(Semaphore::new(concurrent.max(1))),
            max_wait,
        }
    }

    /// Waits for a turn, or refuses when the queue is full or the wait too long.
    pub async fn acquire(&self) -> Result<SearchPermit, ApiError> {
        let admitted =
            self.admitted.clone().try_acquire_owned().map_err(|_| ApiError::Overloaded)?;
        let running = tokio::time::timeout(self.max_wait, self.running.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::Overloaded)?
            .map_err(|_| ApiError::Overloaded)?;
        Ok(SearchPermit { _admitted: admitted, _running: running })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refuses_beyond_the_queue_and_recovers() {
        let limiter = SearchLimiter::new(1, 1, Duration::from_millis(50));
        let first = limiter.acquire().await.unwrap();
        let waiting = tokio::spawn({
            let limiter = limiter.clone();
            async move { limiter.acquire().await.is_ok() }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(matches!(limiter.acquire().await, Err(ApiError::Overloaded)), "queue full");
        assert!(!waiting.await.unwrap(), "waited past max_wait");
        drop(first);
        assert!(limiter.acquire().await.is_ok());
    }
}
