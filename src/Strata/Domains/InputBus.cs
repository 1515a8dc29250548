namespace Strata.Domains;

/// <summary>The <c>&lt;input bus='…'&gt;</c> kinds.</summary>
public enum InputBus
{
    /// <summary>The PS/2 controller built into pc and q35 machines.</summary>
    Ps2,

    /// <summary>A USB device on the first USB controller.</summary>
    Usb,
}
