//! The `mieruka` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mieruka::{BuildOptions, Overrides};

/// A build allocates and frees many small strings and values on every thread; mimalloc does
/// that with less work than the system's allocator (a quarter of a build's CPU time at 1,741
/// governments). Built without transparent huge pages, which doubled its peak memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// The built site whose record of published editions the figures are compared with
        /// [default: <root>/output].
        #[arg(long)]
        output: Option<PathBuf>,
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
    /// Start a fiscal year: write content/<city>/<YEAR>.yaml with every KPI of the year and
    /// empty fields to fill in. Never overwrites a file.
    NewYear {
        /// The fiscal year in 西暦, e.g. 2023 for 令和5年度.
        year: u16,
        /// Only this city (its folder name under content/).
        #[arg(long)]
        city: Option<String>,
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write the year's fill-in workbook (.xlsx) for the departments: one row per KPI.
    ExportSheet {
        /// The fiscal year in 西暦.
        year: u16,
        /// Only this city.
        #[arg(long)]
        city: Option<String>,
        /// The workbook to write, e.g. 2023.xlsx.
        #[arg(short, long)]
        output: PathBuf,
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Read a filled-in workbook (.xlsx) or CSV (UTF-8 or Shift_JIS) back into the year files.
    /// Changes nothing when any cell cannot be used, and lists every such cell.
    ImportSheet {
        /// The filled-in .xlsx or .csv file.
        file: PathBuf,
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// List what changed from one fiscal year to another: KPIs new or removed, targets,
    /// figures.
    Diff {
        /// The earlier fiscal year in 西暦.
        from: u16,
        /// The later fiscal year in 西暦.
        to: u16,
        /// Only this city.
        #[arg(long)]
        city: Option<String>,
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
                overrides: Overrides {
                    base_url,
                    ..Overrides::default()
                },
            })?;
            print_warnings(&report.warnings);
            for note in &report.notes {
                println!("note: {note}");
            }
            println!(
                "built {} pages for {} cities{} in {:.2?}: open {}",
                report.pages,
                report.cities,
                match report.reused {
                    0 => String::new(),
                    n => format!(" ({n} unchanged, their files reused)"),
                },
                started.elapsed(),
                output.join("index.html").display()
            );
            Ok(())
        }
        Command::Check {
            root,
            strict,
            output,
        } => {
            let overrides = Overrides {
                previous_output: Some(output.unwrap_or_else(|| root.join("output"))),
                ..Overrides::default()
            };
            let report = mieruka::dry_run(&root, &overrides)?;
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
        Command::NewYear { year, city, root } => {
            for path in mieruka::scaffold::new_year(&root, year, city.as_deref())? {
                println!("wrote {}", path.display());
            }
            println!(
                "next: fill in `actual:` and `commentary:`, or write a workbook with \
                 `mieruka export-sheet {year} -o {year}.xlsx`"
            );
            Ok(())
        }
        Command::ExportSheet {
            year,
            city,
            output,
            root,
        } => {
            let rows = mieruka::sheet::export(&root, year, city.as_deref(), &output)?;
            println!("wrote {} ({rows} rows)", output.display());
            Ok(())
        }
        Command::ImportSheet { file, root } => {
            let report = mieruka::sheet::import(&root, &file)?;
            println!("read {} rows from {}", report.rows, file.display());
            if report.files.is_empty() {
                println!("no changes: the year files already hold these values");
            }
            for (path, changes) in &report.files {
                println!("updated {} ({changes} values)", path.display());
            }
            let warnings = mieruka::check(&root, &Overrides::default())?.warnings;
            if !warnings.0.is_empty() {
                println!(
                    "{} left (e.g. figures not filled in yet): `mieruka check` lists them",
                    warnings.summary()
                );
            }
            Ok(())
        }
        Command::Diff {
            from,
            to,
            city,
            root,
        } => {
            print!("{}", mieruka::diff::diff(&root, from, to, city.as_deref())?);
            Ok(())
        }
    }
}
