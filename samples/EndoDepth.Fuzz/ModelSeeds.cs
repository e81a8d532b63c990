using EndoDepth.Crf;
using EndoDepth.Crf.Networks;

namespace EndoDepth.Fuzz;

/// <summary>
/// Seed model files for the model targets: the tiny FCSP and per-patch models (a few kilobytes, so a campaign runs
/// many executions), each saved with its SHA-256 trailer and once more without it (as older builds wrote them), so
/// mutations also reach the parts a checksum would otherwise guard.
/// </summary>
internal static class ModelSeeds
{
    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var kind in new[] { UnaryKind.Fcsp, UnaryKind.Patch })
        {
            using var model = CrfModel.Create(CrfModelSettings.Tiny(kind: kind), seed: 1);
            var path = Path.Combine(folder, $"tiny-{kind}.edcrf".ToLowerInvariant());
            model.Save(path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(Path.Combine(folder, $"tiny-{kind}-no-trailer.edcrf".ToLowerInvariant()),
                bytes[..^ModelFile.SumLength]);
            Console.WriteLine($"{path}: {bytes.Length} bytes");
        }
    }
}
