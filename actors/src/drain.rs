//! Lets a shutdown wait until every session has ended and its last write
//! is done, without polling.
//!
//! Each session holds a [`DrainGuard`] from its start until the final
//! write of its state has finished; the guards are clones of one channel's
//! sender. [`Drain::wait`] lets go of the original and waits for the
//! channel to close, which it does when the last guard is dropped.

use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::mpsc;

/// Held while a session, or the final write it started, is under way.
#[derive(Debug)]
pub struct DrainGuard(#[allow(dead_code)] mpsc::Sender<()>);

/// The sessions a shutdown waits for.
#[derive(Debug)]
pub struct Drain {
    sender: Mutex<Option<mpsc::Sender<()>>>,
    /// Counts the senders without keeping the channel open.
    weak: mpsc::WeakSender<()>,
    receiver: tokio::sync::Mutex<mpsc::Receiver<()>>,
}

impl Default for Drain {
    fn default() -> Self {
        let (sender, receiver) = mpsc::channel(1);
        Self {
            weak: sender.downgrade(),
            sender: Mutex::new(Some(sender)),
            receiver: tokio::sync::Mutex::new(receiver),
        }
    }
}

impl Drain {
    /// A guard for one more session; `None` once a shutdown is waiting.
    pub fn guard(&self) -> Option<DrainGuard> {
        let sender = self.sender.lock().unwrap_or_else(|e| e.into_inner());
        sender.as_ref().map(|s| DrainGuard(s.clone()))
    }

    /// How many guards are held now.
    pub fn held(&self) -> usize {
        let own = usize::from(
            self.sender
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_some(),
        );
        self.weak.strong_count().saturating_sub(own)
    }

    /// Stops handing out guards and waits, at most `grace`, until every
    /// guard is dropped. Returns whether they all were.
    pub async fn wait(&self, grace: Duration) -> bool {
        self.sender.lock().unwrap_or_else(|e| e.into_inner()).take();
        let mut receiver = self.receiver.lock().await;
        // No guard ever sends: `recv` ends when the last sender is gone.
        tokio::time::timeout(grace, receiver.recv()).await.is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn wait_returns_once_every_guard_is_dropped() {
        let drain = Drain::default();
        let first = drain.guard().expect("open");
        let second = drain.guard().expect("open");
        assert_eq!(drain.held(), 2);
        let late = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            drop(second);
        });
        drop(first);
        assert!(drain.wait(Duration::from_secs(5)).await);
        late.await.expect("joined");
        assert!(drain.guard().is_none(), "no guards after a shutdown began");
    }

    #[tokio::test]
    async fn wait_gives_up_after_the_grace_period() {
        let drain = Drain::default();
        let _held = drain.guard().expect("open");
        assert!(!drain.wait(Duration::from_millis(20)).await);
        assert_eq!(drain.held(), 1, "the guard still held is counted");
    }
}
