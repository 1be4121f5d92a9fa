//! The `mieruka` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mieruka::{BuildOptions, Overrides};

/// mieruka (見える化): builds a municipality's KPI report website from YAML.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build {
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site is published at, e.g. https://www.city.example.lg.jp/kpi/.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Check the content and theme for problems, listing them all; writes nothing.
    /// Exit status 0 when there are no errors, 1 otherwise (for editors and pre-commit hooks).
    Check {
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail (exit status 1) on warnings too, e.g. before publishing.
        #[arg(long)]
        strict: bool,
    },
    /// Preview the site at http://127.0.0.1:PORT/ while you edit: rebuilt and reloaded in the
    /// browser on every save. Nothing is written to disk.
    Serve {
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (127.0.0.1 only); 0 picks a free one.
        #[arg(long, default_value_t = mieruka::serve::DEFAULT_PORT)]
        port: u16,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", mieruka::error_report(&error));
            ExitCode::FAILURE
        }
    }
}

/// Warnings go to standard error, like errors, so they stay visible when output is piped.
fn print_warnings(warnings: &mieruka::diagnostic::Diagnostics) {
    if !warnings.0.is_empty() {
        eprintln!("{warnings}");
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
        } => {
            let output = output.unwrap_or_else(|| root.join("output"));
            let started = std::time::Instant::now();
            let report = mieruka::build(&BuildOptions {
                root,
                output: output.clone(),
                overrides: Overrides { base_url },
            })?;
            print_warnings(&report.warnings);
            for note in &report.notes {
                println!("note: {note}");
            }
            println!(
                "built {} pages for {} cities in {:.2?}: open {}",
                report.pages,
                report.cities,
                started.elapsed(),
                output.join("index.html").display()
            );
            Ok(())
        }
        Command::Check { root, strict } => {
            let report = mieruka::render_site(&root, &Overrides::default())?.report;
            print_warnings(&report.warnings);
            if strict && !report.warnings.0.is_empty() {
                anyhow::bail!("--strict: {} to look at", report.warnings.summary());
            }
            if report.warnings.0.is_empty() {
                println!(
                    "no problems found: {} pages for {} cities would be built",
                    report.pages, report.cities
                );
            } else {
                println!(
                    "no errors: {} pages for {} cities would be built",
                    report.pages, report.cities
                );
            }
            Ok(())
        }
        Command::Serve { root, port } => mieruka::serve::serve(&root, port),
    }
}
