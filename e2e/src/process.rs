//! A child process run in its own process group with its output captured to a log file, and
//! stopped (SIGTERM, then SIGKILL, to the whole group) when dropped — including during a panic
//! unwind, so a failing test does not leave etcd or kube-apiserver behind.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;
use std::os::unix::process::CommandExt;

/// How long a process gets to exit after SIGTERM before SIGKILL.
const GRACE: Duration = Duration::from_secs(5);

/// A running child process owned by the test.
pub struct ManagedProcess {
    name: String,
    child: Child,
    log: PathBuf,
}

impl ManagedProcess {
    /// Spawns `program args…` in a new process group, stdout and stderr appended to `log`.
    pub fn spawn(name: &str, program: &Path, args: &[String], log: &Path) -> Result<Self> {
        let out = File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let err = out.try_clone()?;
        let child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0)
            .spawn()
            .with_context(|| format!("starting {name} ({})", program.display()))?;
        Ok(Self {
            name: name.to_owned(),
            child,
            log: log.to_owned(),
        })
    }

    /// The process's name as given to [`ManagedProcess::spawn`].
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Path of the captured output.
    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// The last `max_lines` lines of the captured output (for error messages).
    pub fn log_tail(&self, max_lines: usize) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(max_lines)..].join("\n")
    }

    /// Fails if the process has already exited, with its status and log tail.
    pub fn ensure_running(&mut self) -> Result<()> {
        match self.child.try_wait()? {
            None => Ok(()),
            Some(status) => anyhow::bail!(
                "{} exited early ({status}); last log lines:\n{}",
                self.name,
                self.log_tail(40)
            ),
        }
    }

    /// Stops the process group: SIGTERM, wait up to the grace period, then SIGKILL.
    pub fn stop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        let Ok(raw) = i32::try_from(self.child.id()) else {
            let _ = self.child.kill();
            let _ = self.child.wait();
            return;
        };
        let group = Pid::from_raw(raw);
        let _ = killpg(group, Signal::SIGTERM);
        let deadline = Instant::now() + GRACE;
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                // The leader is gone; make sure nothing it spawned lingers.
                let _ = killpg(group, Signal::SIGKILL);
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = killpg(group, Signal::SIGKILL);
        let _ = self.child.wait();
    }
}

impl Drop for ManagedProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_kills_the_whole_group() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("sh.log");
        let pidfile = dir.path().join("grandchild.pid");
        // The shell starts a grandchild and waits; both must die when the handle drops.
        let script = format!("sleep 300 & echo $! > {}; wait", pidfile.display());
        let mut p =
            ManagedProcess::spawn("sh", Path::new("/bin/sh"), &["-c".to_owned(), script], &log)
                .unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        while !pidfile.exists() || std::fs::read_to_string(&pidfile).unwrap().trim().is_empty() {
            assert!(Instant::now() < deadline, "grandchild never started");
            std::thread::sleep(Duration::from_millis(20));
        }
        p.ensure_running().unwrap();
        let grandchild: i32 = std::fs::read_to_string(&pidfile)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        drop(p);
        // After the group kill, the grandchild is gone (or a zombie reaped by init shortly).
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let status = std::fs::read_to_string(format!("/proc/{grandchild}/stat"));
            let gone = match status {
                Err(_) => true,
                Ok(s) => s.split_whitespace().nth(2) == Some("Z"),
            };
            if gone {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "grandchild {grandchild} survived"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn ensure_running_reports_early_exit_with_log() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("false.log");
        let mut p = ManagedProcess::spawn(
            "echoer",
            Path::new("/bin/sh"),
            &["-c".to_owned(), "echo boom; exit 3".to_owned()],
            &log,
        )
        .unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Err(e) = p.ensure_running() {
                let msg = format!("{e:#}");
                assert!(msg.contains("echoer exited early"), "{msg}");
                assert!(msg.contains("boom"), "{msg}");
                break;
            }
            assert!(Instant::now() < deadline);
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
