namespace Strata.Domains;

/// <summary>The <c>&lt;video&gt;&lt;model type='…'/&gt;</c> kinds in the supported subset.</summary>
public enum VideoModel
{
    /// <summary>No video device.</summary>
    None,

    /// <summary>Standard VGA.</summary>
    Vga,

    /// <summary>Cirrus Logic GD5446.</summary>
    Cirrus,

    /// <summary>virtio-gpu.</summary>
    Virtio,
}
