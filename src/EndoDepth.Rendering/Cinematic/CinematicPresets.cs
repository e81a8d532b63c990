using EndoDepth.Geometry;
using EndoDepth.Randomness;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// The four built-in looks (differing in colour, texture, specularity, phase g and opacity ramp, like the paper's four
/// presets) and a seeded random-look generator for domain randomisation.
/// </summary>
public static class CinematicPresets
{
    /// <summary>Healthy pink mucosa: fine red vessels, wet highlights, forward scattering.</summary>
    public static CinematicPreset PinkMucosa { get; } = new(
        "pink-mucosa",
        TransferFunction.SoftTissue(new Float3(0.88f, 0.50f, 0.45f), airHu: -800f, tissueHu: -300f, tissueSigmaT: 8f,
            albedo: 0.93f, roughness: 0.28f, specular: 0.045f),
        CinematicPreset.MakeTexture(3.0f, 0.25f, 6f, 0.07f, 0.65f, new Float3(0.55f, 0.18f, 0.2f), 11u),
        PhaseG: 0.85f, SurfaceProbability: 0.85f);

    /// <summary>Pale, glossy, yellowish mucosa: sparse vessels, strong sharp highlights, a steep opacity
    /// ramp.</summary>
    public static CinematicPreset PaleGlossy { get; } = new(
        "pale-glossy",
        TransferFunction.SoftTissue(new Float3(0.92f, 0.74f, 0.62f), airHu: -700f, tissueHu: -450f, tissueSigmaT: 14f,
            albedo: 0.95f, roughness: 0.16f, specular: 0.07f),
        CinematicPreset.MakeTexture(6.0f, 0.12f, 10f, 0.04f, 0.45f, new Float3(0.7f, 0.35f, 0.3f), 23u),
        PhaseG: 0.92f, SurfaceProbability: 0.95f, ExposureEv: -0.2f);

    /// <summary>Deep red, inflamed-looking mucosa: dense vessels, strong mottling, softer highlights, a wide
    /// ramp.</summary>
    public static CinematicPreset RedVascular { get; } = new(
        "red-vascular",
        TransferFunction.SoftTissue(new Float3(0.80f, 0.30f, 0.26f), airHu: -900f, tissueHu: -200f, tissueSigmaT: 5f,
            albedo: 0.9f, roughness: 0.4f, specular: 0.035f),
        CinematicPreset.MakeTexture(1.6f, 0.4f, 3.5f, 0.12f, 0.8f, new Float3(0.45f, 0.1f, 0.12f), 37u),
        PhaseG: 0.7f, SurfaceProbability: 0.75f);

    /// <summary>Orange-brown, matte, coarsely mottled mucosa (as under older light sources): weak highlights, low
    /// g.</summary>
    public static CinematicPreset AmberMatte { get; } = new(
        "amber-matte",
        TransferFunction.SoftTissue(new Float3(0.86f, 0.56f, 0.34f), airHu: -850f, tissueHu: -250f, tissueSigmaT: 10f,
            albedo: 0.9f, roughness: 0.6f, specular: 0.025f),
        CinematicPreset.MakeTexture(8f, 0.35f, 8f, 0.06f, 0.5f, new Float3(0.6f, 0.3f, 0.2f), 53u),
        PhaseG: 0.6f, SurfaceProbability: 0.9f, ExposureEv: 0.1f);

    /// <summary>The four built-ins, in a fixed order.</summary>
    public static IReadOnlyList<CinematicPreset> BuiltIn { get; } = [PinkMucosa, PaleGlossy, RedVascular, AmberMatte];

    /// <summary>A built-in by name (ordinal, case-insensitive).</summary>
    /// <exception cref="ArgumentException">No built-in has that name.</exception>
    public static CinematicPreset ByName(string name) =>
        BuiltIn.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown cinematic preset '{name}' (built-ins: {string.Join(", ", BuiltIn.Select(p => p.Name))}).",
            nameof(name));

    /// <summary>Stream of <see cref="Seed.Derive64"/> for <see cref="Random"/>.</summary>
    private const long RandomLookStream = 0x4C4F4F4B; // "LOOK"

    /// <summary>
    /// A random look for domain randomisation, drawn from a <see cref="SplitMix64"/> stream seeded with
    /// <see cref="Seed.Derive64"/>(<paramref name="seed"/>, look stream, 0): a pink-to-orange-to-red hue, texture
    /// scales and contrast, vessel density, roughness, specularity, g and the opacity ramp, within plausible ranges.
    /// Named <c>random-SEED</c>. The same seed gives the same preset on every runtime.
    /// </summary>
    public static CinematicPreset Random(int seed)
    {
        var rng = new SplitMix64(Seed.Derive64(seed, RandomLookStream, 0));
        float U(float lo, float hi) => rng.Uniform(lo, hi);
        var red = U(0.75f, 0.95f);
        var colour = new Float3(red, red * U(0.3f, 0.8f), red * U(0.25f, 0.65f));
        var air = U(-900f, -700f);
        var tissue = air + U(250f, 600f);
        var tf = TransferFunction.SoftTissue(colour, air, tissue, U(4f, 16f), U(0.85f, 0.96f), U(0.12f, 0.65f),
            U(0.02f, 0.08f));
        var texture = CinematicPreset.MakeTexture(U(1.5f, 8f), U(0.05f, 0.4f), U(3f, 10f), U(0f, 0.13f), U(0.3f, 0.85f),
            new Float3(U(0.4f, 0.7f), U(0.1f, 0.35f), U(0.1f, 0.3f)), (uint)rng.NextUInt64());
        return new CinematicPreset($"random-{seed}", tf, texture, U(0.5f, 0.93f), U(0.7f, 0.95f), U(100f, 250f),
            U(-0.3f, 0.3f));
    }
}
