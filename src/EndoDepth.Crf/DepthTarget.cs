namespace EndoDepth.Crf;

/// <summary>The quantity the CRF regresses per superpixel.</summary>
public enum DepthTarget
{
    /// <summary>ln(depth in mm), as DCNF (default).</summary>
    Log = 0,
    /// <summary>Depth in units of <see cref="CrfModelSettings.LinearScaleMm"/>.</summary>
    Linear = 1,
}
