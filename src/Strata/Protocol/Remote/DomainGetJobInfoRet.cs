namespace Strata.Protocol;

/// <summary>
/// The ret of domain_get_job_info (<c>virDomainJobInfo</c>): the job's type, then its times in ms and data, memory
/// and file figures in bytes, each total, processed and remaining.
/// </summary>
public sealed record DomainGetJobInfoRet(int Type, IReadOnlyList<ulong> Figures) : IXdrType<DomainGetJobInfoRet>
{
    /// <summary>timeElapsed, timeRemaining, then dataTotal … fileRemaining.</summary>
    public const int FigureCount = 11;

    /// <summary>A domain with no job: type none, every figure 0.</summary>
    public static DomainGetJobInfoRet None { get; } = new(0, new ulong[FigureCount]);

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (Figures.Count != FigureCount)
            throw new ProtocolException($"a job info has {FigureCount} figures, not {Figures.Count}");
        writer.WriteInt32(Type);
        foreach (ulong figure in Figures)
            writer.WriteUInt64(figure);
    }

    /// <inheritdoc/>
    public static DomainGetJobInfoRet Decode(ref XdrReader reader)
    {
        int type = reader.ReadInt32();
        var figures = new ulong[FigureCount];
        for (int i = 0; i < figures.Length; i++)
            figures[i] = reader.ReadUInt64();
        return new(type, figures);
    }
}
