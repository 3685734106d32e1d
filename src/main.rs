//! The `sidecar-injector` command line: `kube-inject`, `check-inject`, `render`, `serve` and `completions`.
//!
//! `main` maps the outcome of [`run`] to an exit code: 0 on success, 1 on error (the error chain printed on
//! stderr), 2 on a usage error (clap). A closed stdout (broken pipe) ends the program quietly with 0.

mod cli;
mod cmd;
mod io;
mod settings;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use cli::{Cli, Command};

// The engine builds many small JSON/YAML values per workload; mimalloc is markedly faster than glibc malloc here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Validates the arguments of the chosen command and runs it.
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::KubeInject(args) => {
            cmd::kube_inject::run(&cmd::kube_inject::KubeInjectConfig::from_args(&args)?)?
        }
        Command::CheckInject(args) => {
            cmd::check_inject::run(&cmd::check_inject::CheckInjectConfig::from_args(&args)?)?
        }
        Command::Render(args) => cmd::render::run(&cmd::render::RenderConfig::from_args(&args)?)?,
        Command::Serve(args) => cmd::serve::run(cmd::serve::ServeConfig::from_args(&args)?)?,
        Command::Completions(args) => {
            let mut out = Vec::new();
            clap_complete::generate(
                args.shell,
                &mut Cli::command(),
                "sidecar-injector",
                &mut out,
            );
            io::write_stdout(&out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
