using System.Runtime.InteropServices;

namespace Strata.Images;

/// <summary>
/// Compresses clusters for qcow2's zlib compression type: raw deflate (no zlib header) with a 4 KiB window.
/// QEMU inflates compressed clusters with that window, so data deflated with .NET's fixed 32 KiB window could
/// refer further back than QEMU can follow; the system's zlib takes the window size as a parameter.
/// </summary>
internal sealed unsafe partial class Qcow2Deflater : IDisposable
{
    private const int DefaultLevel = -1; // Z_DEFAULT_COMPRESSION, as QEMU
    private const int Deflated = 8;
    private const int RawWindowBits = -12; // negative: raw deflate; 12: the 4 KiB window QEMU reads with
    private const int MemoryLevel = 9;
    private const int DefaultStrategy = 0;
    private const int Finish = 4;
    private const int StreamEnd = 1;

    private ZStream* _stream;

    public Qcow2Deflater()
    {
        // zlib checks that the stream keeps its address, so it lives outside the managed heap.
        _stream = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        int result = DeflateInit2(_stream, DefaultLevel, Deflated, RawWindowBits, MemoryLevel, DefaultStrategy, ZlibVersion(), sizeof(ZStream));
        if (result != 0)
        {
            NativeMemory.Free(_stream);
            _stream = null;
            throw new InvalidOperationException($"zlib deflateInit2 failed ({result})");
        }
    }

    /// <summary>Deflates <paramref name="input"/> into <paramref name="output"/>; the compressed length, or -1 when it does not fit.</summary>
    public int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ObjectDisposedException.ThrowIf(_stream is null, this);
        _ = DeflateReset(_stream);
        fixed (byte* source = input)
        fixed (byte* target = output)
        {
            _stream->NextIn = source;
            _stream->AvailIn = (uint)input.Length;
            _stream->NextOut = target;
            _stream->AvailOut = (uint)output.Length;
            int result = Deflate(_stream, Finish);
            int written = output.Length - (int)_stream->AvailOut;
            _stream->NextIn = null;
            _stream->NextOut = null;
            return result == StreamEnd ? written : -1; // Z_OK with no room left: the output would be longer
        }
    }

    public void Dispose()
    {
        if (_stream is null)
            return;
        _ = DeflateEnd(_stream);
        NativeMemory.Free(_stream);
        _stream = null;
    }

    /// <summary>zlib's z_stream (LP64 and ILP32 alike: uLong is pointer-sized on Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public nuint TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public nuint TotalOut;
        public nint Message;
        public nint State;
        public nint Allocate;
        public nint Free;
        public nint Opaque;
        public int DataType;
        public nuint Adler;
        public nuint Reserved;
    }

    private const string Zlib = "libz.so.1";

    [LibraryImport(Zlib, EntryPoint = "zlibVersion")]
    private static partial nint ZlibVersion();

    [LibraryImport(Zlib, EntryPoint = "deflateInit2_")]
    private static partial int DeflateInit2(ZStream* stream, int level, int method, int windowBits, int memoryLevel, int strategy, nint version, int streamSize);

    [LibraryImport(Zlib, EntryPoint = "deflateReset")]
    private static partial int DeflateReset(ZStream* stream);

    [LibraryImport(Zlib, EntryPoint = "deflate")]
    private static partial int Deflate(ZStream* stream, int flush);

    [LibraryImport(Zlib, EntryPoint = "deflateEnd")]
    private static partial int DeflateEnd(ZStream* stream);
}
