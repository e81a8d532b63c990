namespace EndoDepth.Crf.Superpixels;

/// <summary>
/// Settings of SLIC superpixels (Achanta et al., TPAMI 2012). DCNF (Liu et al.) used superpixels of about 16–20 px;
/// the default count gives ~15 px superpixels on a 256×256 image.
/// </summary>
/// <param name="Count">Desired number of superpixels (the result is close to it, not exact).</param>
/// <param name="Compactness">Weight m of the spatial distance against the intensity distance (intensities scaled to
/// 0–100, as SLIC's CIELAB range; the colour distance is averaged over channels): larger values give more regular,
/// less boundary-following superpixels.</param>
/// <param name="Iterations">Assignment/update iterations (SLIC: 10 suffice).</param>
public sealed record SlicSettings(int Count = 300, double Compactness = 10, int Iterations = 10)
{
    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (Count is < 1 or > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(Count), Count, "Between 1 and 1,000,000 superpixels.");
        if (!(Compactness > 0) || !double.IsFinite(Compactness))
            throw new ArgumentOutOfRangeException(nameof(Compactness), Compactness, "Compactness must be positive.");
        if (Iterations is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations,
            "Between 1 and 1,000 iterations.");
    }
}
