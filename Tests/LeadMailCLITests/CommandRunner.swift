import Foundation
import Maildir
import TestSupport

/// Runs the built `leadmail` binary as a user would, capturing its output and exit status.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Holds stderr's bytes across threads; the DispatchGroup orders the write before the read.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}

enum LeadMailBinary {
    /// Runs to completion on a thread of its own, so that waiting for the child never blocks Swift's
    /// cooperative pool (two threads on a two-core machine) and starves the tests running beside it.
    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:])
        async throws -> CommandResult
    {
        let process = try start(arguments, in: directory, environment: environment)
        return await wait(for: process)
    }

    /// Like `run`, with `input` written to the command's standard input (then closed), as a script pipes it.
    static func run(
        _ arguments: [String], input: String, in directory: String? = nil, environment: [String: String] = [:]
    )
        async throws -> CommandResult
    {
        let stdin = Pipe()
        let process = try start(arguments, in: directory, environment: environment, input: stdin)
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        return await wait(for: process)
    }

    /// Waits on a thread of its own, draining both pipes.
    static func wait(for process: Process) async -> CommandResult {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let output = process.standardOutput as! Pipe
                let errors = process.standardError as! Pipe
                // Drain stderr on another thread while reading stdout, so a chatty command cannot fill a pipe.
                let errBox = DataBox()
                let group = DispatchGroup()
                group.enter()
                DispatchQueue.global().async {
                    errBox.data = errors.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                let outData = output.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                let errData = errBox.data
                process.waitUntilExit()
                continuation.resume(
                    returning: CommandResult(
                        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                        stderr: String(decoding: errData, as: UTF8.self)))
            }
        }
    }

    /// Like `run`, for another executable (e.g. /bin/sh to set limits before exec'ing leadmail).
    static func runExecutable(_ executable: String, _ arguments: [String], in directory: String? = nil)
        async throws -> CommandResult
    {
        let process = try start(arguments, in: directory, executable: executable)
        return await wait(for: process)
    }

    /// - Parameter output: a file for stdout and stderr, for a long-running process whose output nobody reads
    ///   until it stops (a pipe would fill and block it); pipes when nil.
    static func start(
        _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
        executable: String = RepositoryPaths.leadmailBinary, output: String? = nil, input: Pipe? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "LEADMAIL_RELAY")
        env.merge(environment) { $1 }
        process.environment = env
        if let output {
            FileManager.default.createFile(atPath: output, contents: nil)
            let file = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            process.standardOutput = file
            process.standardError = file
        } else {
            process.standardOutput = Pipe()
            process.standardError = Pipe()
        }
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// A working folder with a leadmail.yml written for the test (shipped templates and source rules).
struct CLIWorkspace {
    let directory: TemporaryDirectory
    var config: String { directory.path + "/leadmail.yml" }

    /// - Parameter parent: where the working folder goes (e.g. a tmpfs for a load test); the temporary directory
    ///   when nil.
    init(relay: String? = nil, extra: String = "", in parent: String? = nil) throws {
        directory = try TemporaryDirectory(in: parent)
        let shipped = try String(contentsOfFile: RepositoryPaths.root + "/leadmail.yml", encoding: .utf8)
        var yaml =
            shipped
            .replacingOccurrences(of: "templates: templates", with: "templates: \(RepositoryPaths.templates)")
            .replacingOccurrences(of: "demo/inbox", with: "inbox")
            .replacingOccurrences(of: "demo/", with: "")
        if let relay { yaml += "\nrelay: \(relay)\nallowPlaintext: true\n" }
        // The samples are an inbox of November 2026, replayed at today's date: without a wide age limit on
        // automatic replies none of them would be answered (ReplyAgeTests checks the limit itself).
        if !extra.contains("intake:") { yaml += "\nintake:\n  replyMaxAgeDays: 36500\n" }
        yaml += extra
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        // The MTA's maildir exists before LeadMail runs: `leadmail run` refuses a mailbox path that does not.
        try Maildir(path: directory.path + "/inbox").create()
    }

    /// Copies the sample inbox into ./inbox, as `make demo` does.
    func copySamples() throws {
        try? FileManager.default.removeItem(atPath: directory.path + "/inbox")
        try FileManager.default.copyItem(atPath: RepositoryPaths.samples, toPath: directory.path + "/inbox")
        try? FileManager.default.removeItem(atPath: directory.path + "/inbox/README.md")
        // git keeps no empty folders: a fresh clone's maildir-samples has new/ but no cur/ or tmp/.
        try Maildir(path: directory.path + "/inbox").create()
    }

    func leadmail(_ arguments: String...) async throws -> CommandResult {
        try await LeadMailBinary.run(arguments + ["--config", config], in: directory.path)
    }

    /// A command as `login` would type it, with `input` on standard input (a password, twice).
    func leadmail(login: String, input: String = "", _ arguments: String...) async throws -> CommandResult {
        try await LeadMailBinary.run(
            arguments + ["--config", config], input: input, in: directory.path, environment: ["USER": login])
    }
}
