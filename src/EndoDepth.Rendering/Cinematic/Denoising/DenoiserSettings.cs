namespace EndoDepth.Rendering.Cinematic.Denoising;

/// <summary>
/// Settings of the cinematic renderer's denoiser (<c>CinematicSettings.Denoiser</c>): an edge-avoiding à-trous
/// wavelet filter (Dammertz et al. 2010) of the illumination, guided by the depth pass's features. The defaults are
/// ours, chosen on the phantom against converged references (docs/cinematic.md, "Denoising").
/// </summary>
/// <param name="Iterations">À-trous passes; pass i uses taps 2^i pixels apart (3 passes reach ±14 pixels).
/// Default 3.</param>
/// <param name="ColourSigma">Colour edge-stopping width of the first pass, in units of the image's estimated noise
/// standard deviation; it halves at each pass. Default 5.</param>
/// <param name="NormalPower">Normal edge-stopping exponent: weight max(0, n_p·n_q)^power. Default 32.</param>
/// <param name="PlaneSigma">Depth edge-stopping width: distance of the tap's surface point from the pixel's tangent
/// plane, relative to the pixel's depth. Default 0.05.</param>
/// <param name="FirstEventAlbedo">The albedo guide that demodulates the illumination: true (default) takes the path
/// tracer's own first-event albedo AOV (the albedo at each path's first real collision, averaged over the pixel's
/// paths: the albedo the estimate actually multiplied); false takes the tissue texture at the opacity-threshold
/// surface of the depth pass (first events lie around, not on, that surface, so some texture stays in the
/// illumination and is blurred).</param>
public sealed record DenoiserSettings(int Iterations = 3, float ColourSigma = 5f, float NormalPower = 32f,
    float PlaneSigma = 0.05f, bool FirstEventAlbedo = true)
{
    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Iterations is < 1 or > 10) throw new ArgumentException($"Iterations must be in 1..10, got {Iterations}.");
        if (!(ColourSigma > 0f) || float.IsInfinity(ColourSigma))
            throw new ArgumentException($"Colour sigma must be positive, got {ColourSigma}.");
        if (!(NormalPower >= 0f) || float.IsInfinity(NormalPower))
            throw new ArgumentException($"Normal power must be ≥ 0, got {NormalPower}.");
        if (!(PlaneSigma > 0f) || float.IsInfinity(PlaneSigma))
            throw new ArgumentException($"Plane sigma must be positive, got {PlaneSigma}.");
    }
}
