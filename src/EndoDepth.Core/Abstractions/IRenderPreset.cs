namespace EndoDepth.Abstractions;

/// <summary>
/// A named set of rendering parameters (a "look": colour, texture, specularity…). The paper rendered each scene with
/// four such presets sharing one depth map so the network cannot learn texture or colour. A renderer names the preset
/// type whose parameters it reads (<see cref="IVolumeRenderer{TPreset}"/>).
/// </summary>
public interface IRenderPreset
{
    /// <summary>The preset's name, used as the rendering preset id in dataset manifests.</summary>
    string Name { get; }
}
