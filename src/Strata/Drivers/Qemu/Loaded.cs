namespace Strata.Drivers.Qemu;

/// <summary>A file's parsed content, or why it could not be read (thrown again to whoever asks for it).</summary>
internal sealed record Loaded<T>(T? Value, StrataException? Error) where T : class
{
    public T Get() => Error is null ? Value! : throw Error;
}
