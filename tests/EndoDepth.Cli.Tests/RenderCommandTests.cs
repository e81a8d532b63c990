using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.IO.Nifti;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Cinematic.Denoising;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Lumen;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Rendering.Synthetic;
using EndoDepth.Volumes;

namespace EndoDepth.Cli.Tests;

public class RenderCommandTests
{
    /// <summary>A straight air tube (radius 7 mm) through soft tissue, 1 mm voxels, written as NIfTI.</summary>
    internal static void WriteTube(string path)
    {
        const int n = 28, nz = 60;
        var hu = new short[n * n * nz];
        for (var k = 0; k < nz; k++)
            for (var j = 0; j < n; j++)
                for (var i = 0; i < n; i++)
                {
                    var r = MathF.Sqrt((i - 13.5f) * (i - 13.5f) + (j - 13.5f) * (j - 13.5f));
                    hu[i + n * (j + n * k)] = (short)(r < 7f ? -1000 : 40);
                }
        NiftiFile.Write(path, CtVolume.FromInt16(n, n, nz, hu, new Float3(1, 1, 1)));
    }

    [Fact]
    public void Render_writes_one_image_per_look_one_shared_depth_per_view_and_resumes()
    {
        using var tmp = new TempFolder();
        WriteTube(tmp["tube.nii"]);
        string[] args = ["render", tmp["tube.nii"], "--views", "2", "--presets", "2", "--spp", "2", "--size", "20x16",
            "--seed", "3", "--out", tmp["out"], "--backend", "ParallelFor", "--hdr"];
        var (code, _, err) = Endodepth.Run(args);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(tmp["out/manifest.jsonl"]);
        Assert.Equal(4, lines.Length);
        Assert.Equal(2, Directory.GetFiles(tmp["out/depth"], "*.npy").Length);
        Assert.Equal(4, Directory.GetFiles(tmp["out/images"], "*.png").Length);
        Assert.Equal(4, Directory.GetFiles(tmp["out/hdr"], "*.npy").Length);
        Assert.All(lines, l => Assert.Contains("\"source\":\"cinematic\"", l, StringComparison.Ordinal));
        Assert.Contains("\"preset\":\"pink-mucosa\"", lines[0] + lines[1], StringComparison.Ordinal);
        var before = Directory.GetFiles(tmp["out/images"]).Order().Select(File.ReadAllBytes).ToList();
        var (again, output, _) = Endodepth.Run(args);
        Assert.Equal(0, again);
        Assert.Contains("0 views rendered", output, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(tmp["out/images"]).Order().Select(File.ReadAllBytes).ToList());
    }

    [Fact]
    public void Render_writes_the_bytes_of_the_cinematic_dataset_generator_driven_directly()
    {
        using var tmp = new TempFolder();
        WriteTube(tmp["tube.nii"]);
        var (code, _, err) = Endodepth.Run("render", tmp["tube.nii"], "--views", "2", "--presets", "2", "--spp", "2",
            "--size", "12x10", "--seed", "4", "--out", tmp["cli"], "--backend", "ParallelFor");
        Assert.True(code == 0, err);

        var volume = NiftiFile.Read(tmp["tube.nii"]);
        var sampler = new EndoscopePoseSampler(LumenCenterline.Trace(volume, null));
        var source = new CinematicVolumeSource("tube",
            _ => (volume, seed => { var rng = new SplitMix64(seed); return sampler.Sample(ref rng); }));
        using var device = new ComputeDevice(ComputeBackend.ParallelFor);
        var generator = new CinematicDatasetGenerator(
            new CinematicRenderer(new CinematicSettings(SamplesPerPixel: 2, Seed: 4)
            {
                Denoiser = new DenoiserSettings(), // the CLI's default
            }, device),
            new CinematicDatasetSettings { Views = 2, Width = 12, Height = 10, Seed = 4 },
            [.. CinematicPresets.BuiltIn.Take(2)]);
        Assert.Equal(2, generator.Generate(new DatasetFolder(tmp["lib"]), [source], DatasetShard.All));
        static Dictionary<string, byte[]> Files(string root) =>
            Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .ToDictionary(p => Path.GetRelativePath(root, p), File.ReadAllBytes);
        Assert.Equal(Files(tmp["lib"]), Files(tmp["cli"]));
    }

    [Fact]
    public void Render_rejects_a_missing_volume_and_a_bad_size_with_one_line()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = Endodepth.Run("render", tmp["nothing.nii"], "--out", tmp["out"]);
        Assert.Equal(2, code);
        Assert.Contains("nothing.nii", err, StringComparison.Ordinal);
        (code, _, err) = Endodepth.Run("render", "phantom", "--size", "12", "--out", tmp["out"]);
        Assert.Equal(2, code);
        Assert.Contains("--size", err, StringComparison.Ordinal);
    }
}
