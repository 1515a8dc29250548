namespace Strata.Protocol;

/// <summary>A struct of libvirt's protocol that encodes itself to XDR and decodes from it.</summary>
public interface IXdrType<TSelf> where TSelf : IXdrType<TSelf>
{
    /// <summary>Appends this value's XDR encoding.</summary>
    void Encode(XdrWriter writer);

    /// <summary>Reads one value; throws <see cref="MalformedMessageException"/> on bad input.</summary>
    static abstract TSelf Decode(ref XdrReader reader);
}
