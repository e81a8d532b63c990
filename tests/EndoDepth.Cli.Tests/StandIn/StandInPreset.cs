using EndoDepth.Abstractions;

namespace EndoDepth.Cli.Tests.StandIn;

/// <summary>
/// A look for <see cref="StandInVolumeRenderer"/>: albedo colour, texture (scale, amount) and specularity.
/// </summary>
/// <param name="Name">Preset id.</param>
/// <param name="R">Albedo red.</param>
/// <param name="G">Albedo green.</param>
/// <param name="B">Albedo blue.</param>
/// <param name="TextureMm">Texture feature size (mm).</param>
/// <param name="TextureAmount">Texture modulation of the albedo, 0–1.</param>
/// <param name="Specular">Specular strength.</param>
/// <param name="Shininess">Blinn–Phong exponent.</param>
public sealed record StandInPreset(string Name, float R, float G, float B, float TextureMm, float TextureAmount,
    float Specular, float Shininess) : IRenderPreset
{
    /// <summary>
    /// Four looks differing in colour, texture and specularity (like the paper's four rendering parameter sets).
    /// </summary>
    public static IReadOnlyList<StandInPreset> Four { get; } =
    [
        new("pink-smooth", 0.95f, 0.55f, 0.50f, 6f, 0.15f, 0.35f, 40f),
        new("red-vessels", 0.85f, 0.30f, 0.25f, 2.5f, 0.45f, 0.25f, 30f),
        new("pale-wet", 0.90f, 0.75f, 0.65f, 4f, 0.25f, 0.80f, 80f),
        new("dark-grainy", 0.60f, 0.35f, 0.30f, 1.2f, 0.55f, 0.15f, 20f),
    ];

    /// <summary>Seeded random looks outside the four (domain randomisation), named "random-SEED-i".</summary>
    public static IReadOnlyList<StandInPreset> Random(int count, int seed)
    {
        var rng = new System.Random(seed);
        float U(float lo, float hi) => lo + (float)rng.NextDouble() * (hi - lo);
        return Enumerable.Range(0, count)
            .Select(i => new StandInPreset($"random-{seed}-{i}", U(0.5f, 1f), U(0.2f, 0.8f), U(0.15f, 0.7f),
            U(1f, 8f), U(0.1f, 0.6f), U(0.1f, 0.9f), U(15f, 90f))).ToList();
    }
}
