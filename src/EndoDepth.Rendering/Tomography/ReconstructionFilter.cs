namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// The filter of filtered back-projection: the ramp |ω| of Kak &amp; Slaney (1988) ch. 3 eq. (61), alone or under a
/// window, with scikit-image's definitions of each window (<c>skimage.transform.iradon</c>'s <c>filter_name</c>).
/// </summary>
public enum ReconstructionFilter
{
    /// <summary>The ramp (Ram-Lak); scikit-image's "ramp". The paper's filter.</summary>
    RamLak = 0,
    /// <summary>Ramp × sinc (Shepp–Logan); "shepp-logan".</summary>
    SheppLogan = 1,
    /// <summary>Ramp × cosine; "cosine".</summary>
    Cosine = 2,
    /// <summary>Ramp × Hamming window; "hamming".</summary>
    Hamming = 3,
    /// <summary>Ramp × Hann window; "hann".</summary>
    Hann = 4,
}
