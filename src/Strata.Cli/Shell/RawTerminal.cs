using System.Runtime.InteropServices;

namespace Strata.Cli.Shell;

/// <summary>
/// Puts the terminal on stdin into raw mode (every key goes straight to the guest, nothing echoed locally) until
/// disposed. Uses termios directly: a child <c>stty</c> would not do, because .NET restores its own terminal
/// settings around every child process it starts.
/// </summary>
internal sealed partial class RawTerminal : IDisposable
{
    private const int StdinFd = 0;
    private const int SetNow = 0; // TCSANOW
    private const int TermiosSize = 64; // sizeof(struct termios) is 60 on Linux; a little room to spare

    private readonly byte[] _saved;

    private RawTerminal(byte[] saved) => _saved = saved;

    /// <summary>Switches stdin to raw mode; null when stdin is not a terminal (nothing to change).</summary>
    public static RawTerminal? Enter()
    {
        var saved = new byte[TermiosSize];
        if (Console.IsInputRedirected || TcGetAttr(StdinFd, saved) != 0)
            return null;
        var raw = (byte[])saved.Clone();
        CfMakeRaw(raw);
        return TcSetAttr(StdinFd, SetNow, raw) == 0 ? new RawTerminal(saved) : null;
    }

    public void Dispose() => _ = TcSetAttr(StdinFd, SetNow, _saved);

    [LibraryImport("libc", EntryPoint = "tcgetattr")]
    private static partial int TcGetAttr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr")]
    private static partial int TcSetAttr(int fd, int optionalActions, byte[] termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void CfMakeRaw([In, Out] byte[] termios);
}
