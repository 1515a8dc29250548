namespace Strata.Tests.Support;

/// <summary>The classes that share one real libvirtd (<see cref="LibvirtdFixture"/>), run one after another.</summary>
[CollectionDefinition(LibvirtdFixture.Collection)]
public sealed class LibvirtdCollection : ICollectionFixture<LibvirtdFixture>;
