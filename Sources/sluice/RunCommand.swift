import ArgumentParser
import CSluiceSystem
import Glibc
import Logging
import SluiceAPI
import SluiceCore
import SluiceRuntime

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: follow the sources' files and ship every line.",
        discussion: """
            Files are followed as they grow (inotify), across rotation by rename or copytruncate \
            and deletion. Reading positions are checkpointed in <data_dir>/checkpoints once every \
            output has acknowledged the lines, so a restart neither loses nor re-sends lines \
            (beyond those in flight at a crash). SIGTERM or SIGINT stops reading, finishes the \
            batches in flight within shutdown_timeout, writes the checkpoints and exits 0. SIGHUP \
            (or POST /-/reload on the API) reads the pipeline file again and applies it without \
            losing or repeating a line; an invalid file is logged and the running pipeline kept. \
            With api.listen set, /metrics, /health and /ready are served there. One agent runs \
            per data_dir: a second exits 1 naming the first's PID (<data_dir>/sluice.lock).

            Example:
              sluice run -c pipelines/quickstart.yaml
            """)

    @OptionGroup var options: ConfigOption

    @Flag(name: .long, help: "Stop once every file has been read to its end and shipped (backfills, benchmarks).")
    var once = false

    func run() throws {
        try runPipeline()
        // Stopped cleanly: the checkpoints, dead letters and outputs are written and closed.
        // Exit without the C libraries' exit handlers (curl, OpenSSL, GnuTLS, Kerberos, LDAP…
        // each fault in pages of their own only to free memory the process gives back anyway:
        // 92 of the 173 page faults after the loop, bench/peers.sh's backlog runs).
        fflush(nil)
        _exit(0)
    }

    private func runPipeline() throws {
        let config = try options.load()
        if config.sources.isEmpty {
            printError("error: \(options.config): no sources to read")
            throw ExitCode(2)
        }
        AgentLog.bootstrap(level: options.logLevel)
        let logger = Logger(label: "sluice")
        // Read buffers (256 KiB) come and go constantly: keep them in the heap instead of
        // mapping and unmapping each one, and do not trim the heap between batches (both cost
        // page faults: on a 1 GB backlog, half the agent's CPU was the kernel zeroing pages).
        // What stays resident is bounded by the queues.
        _ = sluice_malloc_keep_buffers(1 << 20, 32 << 20)
        ShutdownSignals.block()
        // Thousands of followed files need what the system allows, not the shell's default.
        let descriptorLimit = DescriptorLimit.raiseToHard()
        let runner: PipelineRunner
        do {
            runner = try PipelineRunner(config: config, logger: logger)
            try runner.start()
        } catch {
            logger.critical("cannot start the pipeline", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        runner.metrics.scope(["version": SluiceVersion.current]).gauge("sluice_build_info").record(1)
        let reloader = PipelineReloader(
            runner: runner, loader: Pipelines.loader(environment: ProcessEnvironment.current()), logger: logger)
        var api: APIServer?
        if let listen = config.apiListen {
            do {
                let server = try APIServer(
                    listen: listen, routes: PipelineAPI(runner: runner, reloader: reloader, readyWindow: config.readyFailureWindow), logger: logger)
                try server.start()
                api = server
            } catch {
                logger.critical("cannot start the api", metadata: ["error": "\(error)"])
                runner.shutdown()
                throw ExitCode(1)
            }
        }
        defer { api?.stop() }
        logger.info("started", metadata: [
            "pipeline": "\(config.file)", "sources": "\(config.sources.count)", "outputs": "\(config.outputs.count)",
            "descriptor_limit": "\(descriptorLimit)",
        ])
        // Start-up touched code and data a resting agent does not run (argument parsing, the
        // config, every output's set-up); give those pages back so what stays resident is
        // what the loop uses (bench/idle.sh: see README's "At rest"). With `--once` too: a
        // backfill is the same loop catching up, and keeps only what it runs.
        _ = sluice_release_clean_file_pages()
        if once {
            // Caught up at three looks in a row, so a file still being discovered is not missed.
            var idleLooks = 0
            // On a terminal, a progress line a few times a second (nothing when redirected).
            var progress = isatty(2) == 1 ? BackfillProgress(now: Monotonic.now()) : nil
            var shown = Monotonic.now()
            defer { if progress != nil { printError("") } }
            while idleLooks < 3 {
                usleep(5_000)
                if progress != nil, Monotonic.now() - shown >= 0.25 {
                    shown = Monotonic.now()
                    let line = progress!.line(runner.tailer.progress, linesRead: runner.metrics.counter("sluice_tailer_lines_read_total"), now: shown)
                    StandardStreams.write(Array(("\r\u{1B}[K" + line).utf8), to: 2)
                }
                if runner.isReadAndProcessed {
                    runner.flushOutputs()
                    // A last line without its newline ends the input too: ship it now.
                    if runner.tailer.holdsPartialLines { runner.endOfInput() }
                }
                idleLooks = runner.isIdle ? idleLooks + 1 : 0
                if ShutdownSignals.pending() { break }
            }
            logger.info("stopping", metadata: ["reason": "caught up (--once)"])
        } else {
            let linesRead = runner.metrics.counterReader("sluice_tailer_lines_read_total")
            var quiet = QuietPageRelease(linesRead: linesRead.value, now: Monotonic.now())
            var signal: Int32 = 0
            while true {
                guard let received = ShutdownSignals.wait(seconds: QuietPageRelease.checkSeconds) else {
                    if quiet.due(linesRead: linesRead.value, now: Monotonic.now()) {
                        _ = sluice_release_clean_file_pages()
                    }
                    continue
                }
                signal = received
                guard signal == SIGHUP else { break }
                logger.info("reloading", metadata: ["signal": "SIGHUP"])
                reloader.reload()
                _ = sluice_release_clean_file_pages()
            }
            logger.info("stopping", metadata: ["signal": "\(signal == SIGTERM ? "SIGTERM" : "SIGINT")"])
        }
        // Stopping runs code the loop never did (draining, closing, the closing line's
        // metrics): without this its pages were added to the loop's, and made the process's
        // peak resident memory (3.5 MB over the loop's at the end of a backlog, VmHWM).
        _ = sluice_release_clean_file_pages()
        let clean = runner.shutdown()
        // Every series that recorded something, as Prometheus names it:
        // "sluice_output_events_delivered_total{output=\"es\",type=\"elasticsearch\"}": "1000".
        var metadata: Logger.Metadata = ["drained": "\(clean)"]
        for (name, value) in runner.metrics.samples() { metadata[name] = "\(value)" }
        logger.info("stopped", metadata: metadata)
    }
}
