//! `hwc`: the command line with the workspace's services compiled in.

fn main() -> std::process::ExitCode {
    hwc_cli::main(&[&dcs::operations::TABLE])
}
