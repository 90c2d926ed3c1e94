fn main() -> std::process::ExitCode {
    vereint::cli::run()
}
