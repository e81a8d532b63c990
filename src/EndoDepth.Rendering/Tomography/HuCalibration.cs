namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// The linear map between linear attenuation μ (1/mm) and Hounsfield units, HU = Slope·μ + Intercept. From air and
/// water references (<see cref="FromWaterAir"/>) it is the definition HU = 1000·(μ − μ_water)/(μ_water − μ_air);
/// μ_water and μ_air are given, or measured by the user as the mean reconstructed μ in a water and an air region.
/// Any other linear map (a scanner's rescale) is <see cref="HuCalibration(double, double)"/> itself.
/// </summary>
/// <param name="Slope">HU per unit μ (mm).</param>
/// <param name="Intercept">HU at μ = 0.</param>
public sealed record HuCalibration(double Slope, double Intercept)
{
    /// <summary>μ of water at an effective energy of about 70 keV (1/mm): 0.0193 (NIST XCOM, 0.193 cm⁻¹).</summary>
    public const double WaterMuPerMm = 0.0193;

    /// <summary>Water 0.0193/mm and air 0/mm (<see cref="WaterMuPerMm"/>).</summary>
    public static HuCalibration Default { get; } = FromWaterAir(WaterMuPerMm);

    /// <summary>HU = 1000·(μ − μ_water)/(μ_water − μ_air).</summary>
    /// <exception cref="ArgumentException">Non-finite values, or μ_water ≤ μ_air.</exception>
    public static HuCalibration FromWaterAir(double muWater, double muAir = 0)
    {
        if (!double.IsFinite(muWater) || !double.IsFinite(muAir) || !(muWater > muAir))
            throw new ArgumentException($"Need finite μ_water > μ_air, got μ_water {muWater}, μ_air {muAir}.");
        var slope = 1000 / (muWater - muAir);
        return new HuCalibration(slope, -slope * muWater);
    }

    /// <summary>HU of attenuation <paramref name="mu"/> (1/mm).</summary>
    public float ToHu(float mu) => (float)(Slope * mu + Intercept);

    /// <summary>Attenuation (1/mm) of <paramref name="hu"/>.</summary>
    public float ToMu(float hu) => (float)((hu - Intercept) / Slope);

    /// <summary>Throws unless the map is finite and invertible.</summary>
    /// <exception cref="ArgumentException">Zero or non-finite slope, or non-finite intercept.</exception>
    public void Validate()
    {
        if (!double.IsFinite(Slope) || Slope == 0 || !double.IsFinite(Intercept))
            throw new ArgumentException($"HU calibration needs a finite non-zero slope and a finite intercept, got " +
                $"{Slope}, {Intercept}.");
    }
}
