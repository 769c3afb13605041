//! Running independent jobs on several threads with results in job order.
//!
//! Reading one page (its blocks, sections and tables) does not depend on any other page,
//! resolving one operation only reads the others, and emitting and formatting one generated
//! file (`codegen`) needs no other file: a job does its whole share
//! on the thread that runs it (`proc_macro2` token streams cannot cross threads), and only
//! the finished result comes back. Results are put back in job order, so the output never
//! depends on the number of threads or on scheduling.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The default number of threads: what the machine offers (1 when it cannot tell).
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// `job(0..count)`, on up to `threads` threads, as a vector in job order. Threads take the
/// next job as they finish one, so one long job does not hold up the rest; with one thread
/// (or one job) nothing is spawned.
pub fn run<T: Send>(count: usize, threads: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = threads.clamp(1, count.max(1));
    if threads == 1 {
        return (0..count).map(job).collect();
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                return done;
            }
            done.push((i, job(i)));
        }
    };
    let mut slots: Vec<Option<T>> = (0..count).map(|_| None).collect();
    std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(worker)).collect();
        let mine = worker();
        // A job that panicked is re-raised here, as it would have been without threads.
        let theirs = helpers
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        for (i, t) in mine.into_iter().chain(theirs) {
            slots[i] = Some(t);
        }
    });
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::run;

    #[test]
    fn results_come_back_in_job_order_for_any_thread_count() {
        for threads in [0, 1, 2, 3, 8] {
            let out = run(17, threads, |i| i * i);
            assert_eq!(out, (0..17).map(|i| i * i).collect::<Vec<_>>(), "{threads}");
        }
        assert!(run(0, 4, |i| i).is_empty());
    }

    #[test]
    fn every_job_runs_once_across_threads() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let calls = AtomicUsize::new(0);
        let out = run(100, 4, |i| {
            calls.fetch_add(1, Ordering::Relaxed);
            i
        });
        assert_eq!(calls.load(Ordering::Relaxed), 100);
        assert_eq!(out.len(), 100);
    }
}
