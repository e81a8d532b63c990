namespace EndoDepth.Volumes;

/// <summary>How a <see cref="CtVolume"/> stores its Hounsfield units.</summary>
public enum VoxelStorage
{
    /// <summary>16-bit signed integers (HU exactly, as most CT scanners produce after rescale).</summary>
    Int16 = 0,
    /// <summary>32-bit floats (HU after a fractional rescale, filtering or synthesis).</summary>
    Float32 = 1,
}
