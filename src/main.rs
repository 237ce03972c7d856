//! The `dossier` command: parses arguments and calls the library. All the
//! work is in `lib.rs` and the stages it calls.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// The analysis allocates many small strings on every core; glibc's malloc
// spent ~15 % of a 5,000-article build in malloc/free and lock contention.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Turn a folder of news articles about one story into a briefing website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print the time spent in each stage (and each analysis step).
    #[arg(long, global = true)]
    timings: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from DIR/content into DIR/public (or --output).
    Build {
        /// The dossier folder (holds content/ and, optionally, dossier.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Build, serve on 127.0.0.1 (or --interface) and rebuild and reload pages on changes.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: DIR/public).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The address to listen on. The default, loopback, keeps the
        /// site on this machine; 0.0.0.0 shares it with the network.
        #[arg(long, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// The port to try first; the next free one is used if it is busy.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Build the site and pack it into a zip that works when opened from disk.
    Zip {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The zip file to write (default: DIR/NAME.zip).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Validate the dossier as a build would, without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // (Parsing the arguments starts no thread.)
    dossier::tune_allocator(match cli.command {
        Command::Serve { .. } => dossier::Workload::Serve,
        _ => dossier::Workload::Build,
    });
    if let Command::Serve {
        root,
        output,
        interface,
        port,
        open,
    } = &cli.command
    {
        let options = dossier::serve::ServeOptions {
            root: root.clone(),
            output: output
                .clone()
                .unwrap_or_else(|| dossier::default_output(root)),
            interface: *interface,
            port: *port,
            open: *open,
        };
        return match dossier::serve::serve(&options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(e.exit_code())
            }
        };
    }
    let shown = BuildProgress::start();
    let progress = |step: dossier::Step<'_>| shown.set(step);
    let result = match &cli.command {
        Command::Build { root, output } => dossier::build_with(root, output.as_deref(), &progress),
        Command::Zip { root, output } => dossier::zip(root, output.as_deref()),
        Command::Check { root } => dossier::check(root),
        Command::Serve { .. } => unreachable!("handled above"),
    };
    shown.finish();
    match result {
        Ok(report) => {
            print_warnings(&report.warnings);
            if cli.timings {
                print_timings(&report.timings);
            }
            let what = format!(
                "{}, {}, {}",
                count(report.articles, "article"),
                count(report.outlets, "named outlet"),
                count(report.sentences, "sentence")
            );
            let ms = report.elapsed.as_secs_f64() * 1000.0;
            match &report.output {
                Some(out) => println!(
                    "built {what}: {} files in {} ({ms:.0} ms)",
                    report.files,
                    out.display()
                ),
                None => println!(
                    "ok: {what}, {} files would be written ({ms:.0} ms)",
                    report.files
                ),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            if matches!(cli.command, Command::Build { .. }) {
                eprintln!("the previous build, if any, was left as it was");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// The build's progress on stderr: the stage, with a bar and a count
/// where the stage is counted (analysis steps, pages written) and a
/// spinner where it is not. Shown only on a terminal and only once a build
/// has taken more than a moment, so that quick builds and logs stay quiet.
struct BuildProgress(indicatif::ProgressBar);

impl BuildProgress {
    fn start() -> BuildProgress {
        use std::io::IsTerminal;
        let bar = if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::hidden(),
            );
            bar.set_style(Self::uncounted());
            let shown = bar.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(400));
                if !shown.is_finished() {
                    shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    shown.enable_steady_tick(std::time::Duration::from_millis(120));
                }
            });
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        BuildProgress(bar)
    }

    fn uncounted() -> indicatif::ProgressStyle {
        indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .expect("valid template")
    }

    fn counted() -> indicatif::ProgressStyle {
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
            .expect("valid template")
            .progress_chars("=> ")
    }

    fn set(&self, step: dossier::Step<'_>) {
        let bar = &self.0;
        if bar.message() != step.stage {
            // The count first, so the new stage is never drawn with the
            // last one's numbers.
            bar.set_length(step.total as u64);
            bar.set_position(0);
            bar.set_style(if step.total > 0 {
                Self::counted()
            } else {
                Self::uncounted()
            });
            bar.set_message(step.stage.to_string());
        }
        // Steps arrive from several threads, not always in order.
        if step.done as u64 > bar.position() {
            bar.set_position(step.done as u64);
        }
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn print_timings(timings: &dossier::model::Timings) {
    eprintln!("timings:");
    for (name, d) in &timings.0 {
        let (indent, name) = match name.strip_prefix("analyze: ") {
            Some(step) => ("    ", step),
            None => ("  ", *name),
        };
        eprintln!(
            "{indent}{name:<w$} {:>9.1} ms",
            d.as_secs_f64() * 1000.0,
            w = 36 - indent.len()
        );
    }
    if let Some(kib) = peak_memory_kib() {
        eprintln!("  {:<34} {:>9.0} MB", "peak memory", kib as f64 / 1024.0);
    }
}

/// The process's peak resident memory so far, in KiB (what
/// `/usr/bin/time -v` reports), where the system says.
#[cfg(target_os = "linux")]
fn peak_memory_kib() -> Option<u64> {
    // SAFETY: getrusage fills the struct it is given and nothing else.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0;
    ok.then(|| u64::try_from(usage.ru_maxrss).unwrap_or(0))
}

#[cfg(not(target_os = "linux"))]
fn peak_memory_kib() -> Option<u64> {
    None
}

fn print_warnings(warnings: &[dossier::model::Warning]) {
    eprint!("{}", dossier::warnings_text(warnings));
}

/// "1 article", "5 articles".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
