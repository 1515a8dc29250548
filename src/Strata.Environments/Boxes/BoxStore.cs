namespace Strata.Environments.Boxes;

/// <summary>
/// The boxes of this host: <c>tiny</c>, built offline from Debian packages on first use, and vagrant-libvirt
/// <c>.box</c> files imported with <c>box add</c>.
/// </summary>
public sealed class BoxStore(string root)
{
    /// <summary>The store's folder: one subfolder per box.</summary>
    public string Root { get; } = root;

    /// <summary>The store of this user: under /var/lib/strata for root, else under $XDG_DATA_HOME/strata.</summary>
    public static BoxStore ForCurrentUser() => throw new NotImplementedException();

    /// <summary>The box called <paramref name="name"/>; <c>tiny</c> is built on first use (progress says what is happening).</summary>
    public Task<Box> GetAsync(string name, IProgress<string>? progress, CancellationToken cancellationToken) =>
        throw new NotImplementedException(Root);

    /// <summary>Imports a vagrant-libvirt <c>.box</c> file as <paramref name="name"/>.</summary>
    public Task<Box> AddAsync(string name, string boxFile, bool force, IProgress<string>? progress, CancellationToken cancellationToken) =>
        throw new NotImplementedException(Root);

    /// <summary>The boxes in the store (a <c>tiny</c> box appears once it has been built).</summary>
    public IReadOnlyList<Box> List() => throw new NotImplementedException(Root);

    /// <summary>Removes a box; false when there is no such box.</summary>
    public bool Remove(string name) => throw new NotImplementedException(Root);
}
