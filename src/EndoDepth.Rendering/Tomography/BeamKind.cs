namespace EndoDepth.Rendering.Tomography;

/// <summary>The beam of a circular CT scan.</summary>
public enum BeamKind
{
    /// <summary>Parallel rays (synchrotron, or rebinned data): one detector row is one 2-D slice.</summary>
    Parallel = 0,

    /// <summary>A point source and a flat detector row in the plane of the orbit (2-D fan beam).</summary>
    Fan = 1,

    /// <summary>A point source and a flat 2-D detector on a circular orbit (cone beam).</summary>
    Cone = 2,
}
