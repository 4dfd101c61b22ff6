import ViewerAgentCore

/// The `viewer-agent` executable: everything it does lives in ViewerAgentCore, so tests and
/// other programs can run the same commands.
@main
enum ViewerAgentMain {
    static func main() async {
        await ViewerAgentCommand.main()
    }
}
